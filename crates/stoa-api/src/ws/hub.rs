//! The hub: every WebSocket connection of this node, who belongs where, and the routing of core's
//! events to connections.
//!
//! One task owns all of this state, so routing takes no lock. Membership (which users are in
//! which channel and team) is held in memory for connected users: loaded once when a user's first
//! connection registers, then kept current by the membership changes that events carry. So
//! delivering an event costs no database query, whatever the number of receivers.
//!
//! Each connection has a bounded outgoing queue. A connection whose queue is full is a slow
//! consumer: the hub stops writing to it and its socket closes. Every connection, active or not,
//! also keeps its last events in a bounded ring, so a client that reconnects with its
//! `connection_id` and `sequence_number` within the grace period gets what it missed replayed,
//! with the same sequence numbers and no new `hello`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};
use stoa_core::Core;
use stoa_core::events::{Event, MembershipChange};
use tokio::sync::{broadcast, mpsc, oneshot};

/// Tuning of the hub (from boot configuration).
#[derive(Debug, Clone, Copy)]
pub struct HubConfig {
    /// Outgoing frames a connection may have queued before it counts as a slow consumer.
    pub queue: usize,
    /// Events kept per connection for replay after a reconnect.
    pub ring: usize,
    /// How long a dropped connection stays resumable.
    pub resume_for: Duration,
}

impl Default for HubConfig {
    fn default() -> Self {
        HubConfig {
            queue: 256,
            ring: 128,
            resume_for: Duration::from_secs(120),
        }
    }
}

/// What a connection task receives.
#[derive(Debug)]
pub enum Out {
    /// An event: the JSON text without its closing `,"seq":N}` part, and its sequence number.
    Event { body: Arc<str>, seq: u64 },
    /// Close the socket (session ended).
    Close,
}

/// A user's channels (with their teams) and teams, read from the database.
#[derive(Debug, Default)]
pub struct Memberships {
    pub channels: Vec<(String, String)>,
    pub teams: Vec<String>,
}

/// The outcome of registering a connection.
#[derive(Debug)]
pub enum Registered {
    /// A new connection: `hello` (seq 0) is queued.
    New { connection_id: String },
    /// A resumed connection: the missed events, with their original numbers, for the
    /// connection to write before anything from its queue (they may be more than the queue
    /// holds).
    Resumed {
        connection_id: String,
        replay: Vec<(u64, Arc<str>)>,
    },
    /// Membership changed while it was being read: read it again.
    Retry,
}

/// What a connection needs to register.
pub struct Registration {
    pub user_id: String,
    pub session_id: String,
    pub is_admin: bool,
    pub tx: mpsc::Sender<Out>,
    /// `connection_id` and the next expected `sequence_number` of a previous socket.
    pub resume: Option<(String, u64)>,
    /// The user's memberships and the version they were read at (see [`HubHandle::prepare`]).
    pub memberships: Option<(Memberships, u64)>,
    pub hello: HelloData,
}

/// The `hello` event's data.
#[derive(Debug, Clone)]
pub struct HelloData {
    pub server_version: String,
    pub server_hostname: String,
}

enum Msg {
    Prepare {
        user_id: String,
        reply: oneshot::Sender<(bool, u64)>,
    },
    Register {
        reg: Box<Registration>,
        reply: oneshot::Sender<(u64, Registered)>,
    },
    Closed {
        id: u64,
    },
}

/// The handle connections and handlers use to talk to the hub task.
#[derive(Clone)]
pub struct HubHandle {
    tx: mpsc::UnboundedSender<Msg>,
    pub config: HubConfig,
}

impl HubHandle {
    /// Starts the hub task for `core`'s events.
    pub fn start(core: Arc<Core>, config: HubConfig) -> HubHandle {
        let (tx, rx) = mpsc::unbounded_channel();
        let events = core.subscribe();
        tokio::spawn(run(core, config, events, rx));
        HubHandle { tx, config }
    }

    /// Whether the user is already indexed, and the version of their memberships to read at.
    pub async fn prepare(&self, user_id: &str) -> Option<(bool, u64)> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Msg::Prepare {
                user_id: user_id.to_owned(),
                reply,
            })
            .ok()?;
        rx.await.ok()
    }

    /// Registers a connection; returns its hub id and what happened.
    pub async fn register(&self, reg: Registration) -> Option<(u64, Registered)> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Msg::Register {
                reg: Box::new(reg),
                reply,
            })
            .ok()?;
        rx.await.ok()
    }

    /// The socket of connection `id` closed (it stays resumable for a while).
    pub fn closed(&self, id: u64) {
        let _ = self.tx.send(Msg::Closed { id });
    }
}

struct Conn {
    user_id: String,
    session_id: String,
    is_admin: bool,
    connection_id: String,
    /// `None` once the socket closed or the consumer was too slow.
    tx: Option<mpsc::Sender<Out>>,
    next_seq: u64,
    ring: VecDeque<(u64, Arc<str>)>,
    inactive_since: Option<Instant>,
}

#[derive(Default)]
struct State {
    conns: HashMap<u64, Conn>,
    by_connection_id: HashMap<String, u64>,
    by_user: HashMap<String, Vec<u64>>,
    channel_members: HashMap<String, HashSet<String>>,
    channel_team: HashMap<String, String>,
    user_channels: HashMap<String, HashSet<String>>,
    team_members: HashMap<String, HashSet<String>>,
    user_teams: HashMap<String, HashSet<String>>,
    /// Bumped whenever a user's memberships change, so a read racing a change is redone.
    versions: HashMap<String, u64>,
    next_id: u64,
    presence: Presence,
}

async fn run(
    core: Arc<Core>,
    config: HubConfig,
    mut events: broadcast::Receiver<Arc<Event>>,
    mut rx: mpsc::UnboundedReceiver<Msg>,
) {
    let mut state = State {
        presence: Presence::start(&core),
        ..State::default()
    };
    let mut reap = tokio::time::interval(Duration::from_secs(5).min(config.resume_for));
    loop {
        tokio::select! {
            ev = events.recv() => match ev {
                Ok(ev) => state.route(&config, &ev),
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    // The hub fell behind the bus: connections missed events. Make every
                    // client resynchronise rather than run with silent gaps.
                    tracing::error!(missed = n, "websocket hub lagged behind the event bus; closing sockets");
                    state.drop_everyone();
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            msg = rx.recv() => match msg {
                Some(Msg::Prepare { user_id, reply }) => {
                    let indexed = state.by_user.contains_key(&user_id);
                    let _ = reply.send((indexed, state.version(&user_id)));
                }
                Some(Msg::Register { reg, reply }) => {
                    let out = state.register(&config, *reg);
                    let _ = reply.send(out);
                }
                Some(Msg::Closed { id }) => state.deactivate(id),
                None => return,
            },
            _ = reap.tick() => state.reap(&config),
        }
    }
}

impl State {
    fn version(&self, user_id: &str) -> u64 {
        self.versions.get(user_id).copied().unwrap_or(0)
    }

    fn bump(&mut self, user_id: &str) {
        *self.versions.entry(user_id.to_owned()).or_default() += 1;
    }

    fn active_conns_of(&self, user_id: &str) -> usize {
        self.by_user
            .get(user_id)
            .map(|ids| {
                ids.iter()
                    .filter(|id| self.conns.get(id).is_some_and(|c| c.tx.is_some()))
                    .count()
            })
            .unwrap_or(0)
    }

    fn register(&mut self, config: &HubConfig, reg: Registration) -> (u64, Registered) {
        let user = reg.user_id.clone();
        let indexed = self.by_user.contains_key(&user);
        if !indexed {
            match reg.memberships {
                Some((m, version)) if version == self.version(&user) => self.index_user(&user, m),
                _ => return (0, Registered::Retry),
            }
        }
        let was_active = self.active_conns_of(&user) > 0;
        // A reconnect: the same user's dropped connection, with the events since still held.
        if let Some((cid, next)) = &reg.resume
            && let Some(&id) = self.by_connection_id.get(cid)
            && let Some(conn) = self.conns.get_mut(&id)
            && conn.user_id == user
            && conn.tx.is_none()
        {
            let oldest = conn.ring.front().map(|(s, _)| *s).unwrap_or(conn.next_seq);
            if *next <= conn.next_seq && *next >= oldest {
                conn.tx = Some(reg.tx);
                conn.inactive_since = None;
                conn.session_id = reg.session_id;
                conn.is_admin = reg.is_admin;
                let replay: Vec<(u64, Arc<str>)> = conn
                    .ring
                    .iter()
                    .filter(|(s, _)| s >= next)
                    .cloned()
                    .collect();
                if !was_active {
                    self.presence.set(&user, true);
                }
                return (
                    id,
                    Registered::Resumed {
                        connection_id: cid.clone(),
                        replay,
                    },
                );
            }
            // Too much was missed: the old connection is gone; start over below.
            self.remove(id);
        }
        self.next_id += 1;
        let id = self.next_id;
        let connection_id = stoa_model::new_id();
        let mut conn = Conn {
            user_id: user.clone(),
            session_id: reg.session_id,
            is_admin: reg.is_admin,
            connection_id: connection_id.clone(),
            tx: Some(reg.tx),
            next_seq: 0,
            ring: VecDeque::new(),
            inactive_since: None,
        };
        let hello = hello_body(&reg.hello, &connection_id, &user);
        conn.push(config, hello);
        self.by_connection_id.insert(connection_id.clone(), id);
        self.by_user.entry(user.clone()).or_default().push(id);
        self.conns.insert(id, conn);
        if !was_active {
            self.presence.set(&user, true);
        }
        (id, Registered::New { connection_id })
    }

    fn index_user(&mut self, user: &str, m: Memberships) {
        for (channel, team) in m.channels {
            self.channel_members
                .entry(channel.clone())
                .or_default()
                .insert(user.to_owned());
            self.user_channels
                .entry(user.to_owned())
                .or_default()
                .insert(channel.clone());
            self.channel_team.insert(channel, team);
        }
        for team in m.teams {
            self.team_members
                .entry(team.clone())
                .or_default()
                .insert(user.to_owned());
            self.user_teams
                .entry(user.to_owned())
                .or_default()
                .insert(team);
        }
    }

    fn unindex_user(&mut self, user: &str) {
        for channel in self.user_channels.remove(user).unwrap_or_default() {
            if let Some(set) = self.channel_members.get_mut(&channel) {
                set.remove(user);
                if set.is_empty() {
                    self.channel_members.remove(&channel);
                    self.channel_team.remove(&channel);
                }
            }
        }
        for team in self.user_teams.remove(user).unwrap_or_default() {
            if let Some(set) = self.team_members.get_mut(&team) {
                set.remove(user);
                if set.is_empty() {
                    self.team_members.remove(&team);
                }
            }
        }
    }

    /// The socket closed: the connection stays resumable until reaped.
    fn deactivate(&mut self, id: u64) {
        let Some(conn) = self.conns.get_mut(&id) else {
            return;
        };
        if conn.tx.take().is_some() || conn.inactive_since.is_none() {
            conn.inactive_since = Some(Instant::now());
        }
        let user = conn.user_id.clone();
        if self.active_conns_of(&user) == 0 {
            self.presence.set(&user, false);
        }
    }

    fn remove(&mut self, id: u64) {
        let Some(conn) = self.conns.remove(&id) else {
            return;
        };
        self.by_connection_id.remove(&conn.connection_id);
        let empty = match self.by_user.get_mut(&conn.user_id) {
            Some(ids) => {
                ids.retain(|i| *i != id);
                ids.is_empty()
            }
            None => true,
        };
        if empty {
            self.by_user.remove(&conn.user_id);
            self.unindex_user(&conn.user_id);
        }
    }

    /// Forgets connections dropped longer ago than the resume window.
    fn reap(&mut self, config: &HubConfig) {
        let expired: Vec<u64> = self
            .conns
            .iter()
            .filter(|(_, c)| {
                c.inactive_since
                    .is_some_and(|t| t.elapsed() > config.resume_for)
            })
            .map(|(id, _)| *id)
            .collect();
        for id in expired {
            self.remove(id);
        }
    }

    fn drop_everyone(&mut self) {
        let ids: Vec<u64> = self.conns.keys().copied().collect();
        for id in ids {
            if let Some(c) = self.conns.get_mut(&id)
                && let Some(tx) = c.tx.take()
            {
                let _ = tx.try_send(Out::Close);
            }
            self.remove(id);
        }
    }

    fn apply(&mut self, change: &MembershipChange) {
        match change {
            MembershipChange::ChannelJoined {
                channel_id,
                team_id,
                user_ids,
            } => {
                for u in user_ids {
                    self.bump(u);
                    if self.by_user.contains_key(u) {
                        self.channel_members
                            .entry(channel_id.clone())
                            .or_default()
                            .insert(u.clone());
                        self.user_channels
                            .entry(u.clone())
                            .or_default()
                            .insert(channel_id.clone());
                        self.channel_team
                            .insert(channel_id.clone(), team_id.clone());
                    }
                }
            }
            MembershipChange::ChannelLeft {
                channel_id,
                user_id,
            } => {
                self.bump(user_id);
                if let Some(set) = self.channel_members.get_mut(channel_id) {
                    set.remove(user_id);
                }
                if let Some(set) = self.user_channels.get_mut(user_id) {
                    set.remove(channel_id);
                }
            }
            MembershipChange::TeamJoined { team_id, user_id } => {
                self.bump(user_id);
                if self.by_user.contains_key(user_id) {
                    self.team_members
                        .entry(team_id.clone())
                        .or_default()
                        .insert(user_id.clone());
                    self.user_teams
                        .entry(user_id.clone())
                        .or_default()
                        .insert(team_id.clone());
                }
            }
            MembershipChange::TeamLeft { team_id, user_id } => {
                self.bump(user_id);
                if let Some(set) = self.team_members.get_mut(team_id) {
                    set.remove(user_id);
                }
                if let Some(set) = self.user_teams.get_mut(user_id) {
                    set.remove(team_id);
                }
                // Leaving a team leaves its channels.
                let channels: Vec<String> = self
                    .user_channels
                    .get(user_id)
                    .map(|cs| {
                        cs.iter()
                            .filter(|c| self.channel_team.get(*c) == Some(team_id))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                for c in channels {
                    self.apply(&MembershipChange::ChannelLeft {
                        channel_id: c,
                        user_id: user_id.clone(),
                    });
                }
            }
            MembershipChange::SystemAdminChanged {
                user_id,
                system_admin,
            } => {
                for id in self.by_user.get(user_id).cloned().unwrap_or_default() {
                    if let Some(c) = self.conns.get_mut(&id) {
                        c.is_admin = *system_admin;
                    }
                }
            }
            MembershipChange::SessionsEnded {
                user_id,
                session_ids,
            } => {
                let ids: Vec<u64> = self.by_user.get(user_id).cloned().unwrap_or_default();
                for id in ids {
                    let ends = self.conns.get(&id).is_some_and(|c| {
                        session_ids.is_empty() || session_ids.contains(&c.session_id)
                    });
                    if ends {
                        if let Some(c) = self.conns.get_mut(&id)
                            && let Some(tx) = c.tx.take()
                        {
                            let _ = tx.try_send(Out::Close);
                        }
                        self.remove(id);
                    }
                }
            }
        }
    }

    /// Delivers one event to every connection that may receive it.
    fn route(&mut self, config: &HubConfig, ev: &Event) {
        for change in &ev.membership {
            self.apply(change);
        }
        if ev.is_internal() {
            return;
        }
        let b = &ev.broadcast;
        let targets: Vec<u64> = if !b.connection_id.is_empty() {
            self.by_connection_id
                .get(&b.connection_id)
                .copied()
                .into_iter()
                .collect()
        } else if !b.user_id.is_empty() {
            self.by_user.get(&b.user_id).cloned().unwrap_or_default()
        } else if !b.channel_id.is_empty() {
            self.conns_of_users(self.channel_members.get(&b.channel_id))
        } else if !b.team_id.is_empty() {
            self.conns_of_users(self.team_members.get(&b.team_id))
        } else {
            self.conns.keys().copied().collect()
        };
        if targets.is_empty() {
            return;
        }
        let body: Arc<str> = Arc::from(event_body(ev, None));
        let mut personal: HashMap<String, Arc<str>> = HashMap::new();
        let mut slow = Vec::new();
        for id in targets {
            let Some(conn) = self.conns.get_mut(&id) else {
                continue;
            };
            if b.omit_users
                .as_ref()
                .is_some_and(|o| o.contains_key(&conn.user_id))
                || (!b.omit_connection_id.is_empty() && b.omit_connection_id == conn.connection_id)
                || (b.contains_sanitized_data && conn.is_admin)
                || (b.contains_sensitive_data && !conn.is_admin)
            {
                continue;
            }
            let frame = if ev.mentions.contains(&conn.user_id) {
                personal
                    .entry(conn.user_id.clone())
                    .or_insert_with(|| Arc::from(event_body(ev, Some(&conn.user_id))))
                    .clone()
            } else {
                body.clone()
            };
            if !conn.push(config, frame) {
                slow.push(id);
            }
        }
        for id in slow {
            tracing::info!(connection = id, "slow websocket consumer dropped");
            self.deactivate(id);
        }
    }

    fn conns_of_users(&self, users: Option<&HashSet<String>>) -> Vec<u64> {
        let Some(users) = users else {
            return Vec::new();
        };
        users
            .iter()
            .filter_map(|u| self.by_user.get(u))
            .flatten()
            .copied()
            .collect()
    }
}

impl Conn {
    /// Numbers the event for this connection, keeps it for replay and queues it. False when
    /// the connection is active but its queue is full (a slow consumer).
    fn push(&mut self, config: &HubConfig, body: Arc<str>) -> bool {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.ring.len() >= config.ring {
            self.ring.pop_front();
        }
        self.ring.push_back((seq, body.clone()));
        match &self.tx {
            Some(tx) => match tx.try_send(Out::Event { body, seq }) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    self.tx = None;
                    false
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {
                    self.tx = None;
                    true
                }
            },
            None => true,
        }
    }
}

/// `{"event":…,"data":…,"broadcast":…` — the frame without `,"seq":N}`. With `mentioned`,
/// `data.mentions` names that receiver only.
fn event_body(ev: &Event, mentioned: Option<&str>) -> String {
    let mut data = ev.data.clone();
    if let Some(user) = mentioned {
        data.insert(
            "mentions".into(),
            serde_json::Value::String(format!("[\"{user}\"]")),
        );
    }
    let mut out = String::with_capacity(256);
    out.push_str("{\"event\":");
    out.push_str(&serde_json::to_string(&*ev.event).unwrap_or_default());
    out.push_str(",\"data\":");
    out.push_str(&serde_json::to_string(&data).unwrap_or_default());
    out.push_str(",\"broadcast\":");
    out.push_str(&serde_json::to_string(&ev.broadcast).unwrap_or_default());
    out
}

fn hello_body(h: &HelloData, connection_id: &str, user_id: &str) -> Arc<str> {
    let ev = Event::new("hello")
        .with("server_version", h.server_version.clone())
        .with("connection_id", connection_id)
        .with("server_hostname", h.server_hostname.clone())
        .to_user(user_id);
    Arc::from(event_body(&ev, None))
}

/// Online when a user's first connection opens, offline when their last one closes. Applied off
/// the hub task (it writes to the database), but in the order the hub decided them: a user's
/// "offline" (socket closed) and "online" (reconnected at once) must not overtake each other, or
/// a connected user ends up offline. Users are spread over a few workers by id; each worker
/// applies its users' changes one after the other.
#[derive(Default)]
struct Presence {
    workers: Vec<mpsc::UnboundedSender<(String, bool)>>,
}

impl Presence {
    const WORKERS: usize = 8;

    fn start(core: &Arc<Core>) -> Presence {
        let workers = (0..Self::WORKERS)
            .map(|_| {
                let (tx, mut rx) = mpsc::unbounded_channel::<(String, bool)>();
                let core = core.clone();
                tokio::spawn(async move {
                    while let Some((user, connected)) = rx.recv().await {
                        let r = if connected {
                            core.user_connected(&user).await
                        } else {
                            core.user_disconnected(&user).await
                        };
                        if let Err(e) = r {
                            tracing::warn!(user_id = %user, error = %e, "could not update presence");
                        }
                    }
                });
                tx
            })
            .collect();
        Presence { workers }
    }

    fn set(&self, user_id: &str, connected: bool) {
        if self.workers.is_empty() {
            return;
        }
        let shard = user_id
            .bytes()
            .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
        let _ = self.workers[shard % self.workers.len()].send((user_id.to_owned(), connected));
    }
}
