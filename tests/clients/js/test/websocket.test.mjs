// Real-time events with the official Mattermost JS client's WebSocketClient, as an app or
// bot author uses it: connect with the user's token, listen with addMessageListener, send
// actions (user_typing, get_statuses, ping) and read their replies via callbacks.
// Checked against Stoa's /api/v4/websocket. Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import client from '@mattermost/client';
import WS from 'ws';

import {
    ADMIN_PASSWORD, ADMIN_USERNAME, ID, RUN, USER_PASSWORD, bootstrapAdmin, loggedIn, newId,
} from '../lib/stoa.mjs';

const {WebSocketClient} = client;

// WebSocketClient is written for browsers: besides the socket it creates (overridable with
// the `newWebSocketFn` option), it reads `WebSocket.OPEN` and builds a `CloseEvent` on the
// globals. Node 20 has neither without --experimental-websocket, so provide them (`ws`).
globalThis.WebSocket ??= WS;
globalThis.CloseEvent ??= class CloseEvent extends Event {
    constructor(type, init = {}) {
        super(type);
        this.code = init.code ?? 0;
        this.reason = init.reason ?? '';
        this.wasClean = Boolean(init.wasClean);
    }
};

const EVENT_TIMEOUT = 5000; // ms; events are pushed as soon as they happen
const QUIET_WINDOW = 300; // ms to watch for an event that must not come

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const postOf = (msg) => JSON.parse(msg.data.post); // data.post is a JSON string

/**
 * A WebSocketClient for one user, recording every event its message listener gets.
 * `auth`: 'challenge' = initialize(url, token) (the client sends authentication_challenge,
 * as the mobile app and bots do); 'header' = `Authorization: Bearer` on the upgrade request.
 */
function connect(url, token, auth) {
    const sockets = [];
    const ws = new WebSocketClient({
        newWebSocketFn: (u) => {
            const s = auth === 'header' ? new WS(u, {headers: {Authorization: `Bearer ${token}`}}) : new WS(u);
            sockets.push(s);
            return s;
        },
    });
    const events = [];
    const waiters = new Set();
    const closes = [];
    const missed = [];
    ws.addMessageListener((msg) => {
        events.push(msg);
        for (const w of waiters) {
            if (w.pred(msg)) {
                w.done(msg);
            }
        }
    });
    ws.addCloseListener((failCount) => closes.push(failCount));
    // Like the web app: registering a missed-message listener makes the client keep the
    // hello's connection_id (for resuming after a reconnect).
    ws.addMissedMessageListener(() => missed.push(Date.now()));

    /** The first event matching `pred`, already received or within `timeout` ms. */
    const next = (pred, what, timeout = EVENT_TIMEOUT) => {
        const seen = events.find(pred);
        if (seen) {
            return Promise.resolve(seen);
        }
        return new Promise((resolve, reject) => {
            const w = {pred};
            const timer = setTimeout(() => {
                waiters.delete(w);
                reject(new Error(`no ${what} within ${timeout} ms; events: ${JSON.stringify(events)}; closes: ${closes}`));
            }, timeout);
            w.done = (msg) => {
                clearTimeout(timer);
                waiters.delete(w);
                resolve(msg);
            };
            waiters.add(w);
        });
    };

    /** Calls `send(callback)` and resolves with the reply the callback gets. */
    const reply = (send, what, timeout = EVENT_TIMEOUT) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${what} within ${timeout} ms`)), timeout);
        send((msg) => {
            clearTimeout(timer);
            resolve(msg);
        });
    });

    /** close() and wait until the underlying socket has finished its closing handshake. */
    const close = async () => {
        ws.close(); // closes an OPEN socket without the reconnect path
        await Promise.all(sockets.map((s) => (s.readyState === WS.CLOSED ? null : new Promise((resolve) => {
            s.once('close', resolve);
            if (s.readyState === WS.CONNECTING) {
                s.terminate(); // close() leaves a socket that never opened alone
            } else {
                setTimeout(() => s.terminate(), 2000).unref();
            }
        }))));
        ws.close(); // a socket that closed on its own may have scheduled a reconnect: cancel it
    };

    ws.initialize(url, auth === 'header' ? undefined : token);
    return {ws, events, closes, missed, sockets, next, reply, close};
}

describe('WebSocketClient against Stoa', () => {
    let admin;
    let grace; let graceClient;
    let heidi; let heidiClient;
    let team; let room;
    let wsUrl;
    let g; let h; // grace's and heidi's sockets

    before(async () => {
        await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        const make = async (name) => {
            const username = `js-${name}-${RUN}`;
            return admin.createUser({username, email: `${username}@example.com`, password: USER_PASSWORD});
        };
        grace = await make('grace');
        heidi = await make('heidi');
        graceClient = await loggedIn(grace.username, USER_PASSWORD);
        heidiClient = await loggedIn(heidi.username, USER_PASSWORD);
        team = await admin.createTeam({name: `js-ws-${RUN}`, display_name: `JS WebSocket ${RUN}`, type: 'O'});
        await admin.addToTeam(team.id, grace.id);
        await admin.addToTeam(team.id, heidi.id);
        room = await admin.createChannel({team_id: team.id, name: `js-ws-room-${RUN}`, display_name: 'JS WS Room', type: 'O'});
        await admin.addToChannel(grace.id, room.id);
        await admin.addToChannel(heidi.id, room.id);

        // Client4 knows the route; the web app swaps the scheme.
        wsUrl = graceClient.getWebSocketUrl().replace(/^http/, 'ws');
        g = connect(wsUrl, graceClient.getToken(), 'challenge');
        h = connect(wsUrl, heidiClient.getToken(), 'header');
    });

    after(async () => {
        await Promise.all([g?.close(), h?.close()]);
    });

    test('hello first (seq 0), by authentication_challenge and by Authorization header', async () => {
        for (const [sock, user] of [[g, grace], [h, heidi]]) {
            const hello = await sock.next((m) => m.event === 'hello', `hello for ${user.username}`);
            assert.equal(sock.events[0], hello, 'hello is the first event');
            assert.equal(hello.seq, 0);
            assert.match(hello.data.connection_id, ID);
            assert.equal(typeof hello.data.server_version, 'string');
            assert.ok(hello.data.server_version);
            assert.equal(hello.broadcast.user_id, user.id);
            // The client took the connection id from it.
            assert.equal(sock.ws.connectionId, hello.data.connection_id);
        }
        assert.notEqual(g.events[0].data.connection_id, h.events[0].data.connection_id);
    });

    test('posted: another user\'s post arrives, data.post is a JSON string', async () => {
        const post = await heidiClient.createPost({channel_id: room.id, message: `hi grace ${RUN}`});
        const isIt = (m) => m.event === 'posted' && typeof m.data?.post === 'string' && postOf(m).id === post.id;
        const ev = await g.next(isIt, `posted event for ${post.id}`);
        const got = postOf(ev);
        assert.equal(got.channel_id, room.id);
        assert.equal(got.user_id, heidi.id);
        assert.equal(got.message, `hi grace ${RUN}`);
        assert.equal(got.create_at, post.create_at);
        assert.equal(ev.broadcast.channel_id, room.id);
        assert.equal(ev.data.channel_type, 'O');
        assert.equal(ev.data.channel_name, room.name);
        assert.equal(ev.data.channel_display_name, room.display_name);
        assert.equal(ev.data.team_id, team.id);
        assert.ok([`@${heidi.username}`, heidi.username].includes(ev.data.sender_name), ev.data.sender_name);

        // The author's own sockets get it too (other tabs / devices).
        await h.next(isIt, 'posted event on the author\'s own socket');
    });

    test('user_typing: the other member gets typing, the sender does not', async () => {
        const ack = await g.reply((cb) => g.ws.userTyping(room.id, '', cb), 'user_typing');
        assert.equal(ack.status, 'OK', JSON.stringify(ack));

        const ev = await h.next((m) => m.event === 'typing' && m.data.user_id === grace.id, 'typing event');
        assert.equal(ev.data.parent_id, '');
        assert.equal(ev.broadcast.channel_id, room.id);

        await sleep(QUIET_WINDOW);
        assert.deepEqual(g.events.filter((m) => m.event === 'typing'), [], 'typing is not echoed to the sender');

        // In a thread: parent_id is passed through.
        const root = await graceClient.createPost({channel_id: room.id, message: 'thread root'});
        await g.reply((cb) => g.ws.userTyping(room.id, root.id, cb), 'user_typing in a thread');
        const inThread = await h.next((m) => m.event === 'typing' && m.data.parent_id === root.id, 'typing event in a thread');
        assert.equal(inThread.data.user_id, grace.id);
    });

    test('get_statuses / get_statuses_by_ids / ping reply via callback', async () => {
        const statuses = await g.reply((cb) => g.ws.getStatuses(cb), 'get_statuses');
        assert.equal(statuses.status, 'OK', JSON.stringify(statuses));
        assert.equal(statuses.data[grace.id], 'online');
        assert.equal(statuses.data[heidi.id], 'online');

        const stranger = newId();
        const byIds = await h.reply((cb) => h.ws.getStatusesByIds([grace.id, stranger], cb), 'get_statuses_by_ids');
        assert.equal(byIds.status, 'OK', JSON.stringify(byIds));
        assert.deepEqual(byIds.data, {[grace.id]: 'online', [stranger]: 'offline'});

        const pong = await g.reply((cb) => g.ws.ping(cb), 'ping');
        assert.equal(pong.status, 'OK', JSON.stringify(pong));
        assert.equal(pong.data.text, 'pong');
        assert.equal(typeof pong.data.version, 'string');
        assert.ok(Math.abs(pong.data.server_time - Date.now()) < 60_000, `server_time ${pong.data.server_time}`);
    });

    test('event seq is 0, 1, 2, ... and the sockets never dropped', () => {
        for (const sock of [g, h]) {
            assert.deepEqual(sock.events.map((m) => m.seq), sock.events.map((_, i) => i));
            assert.deepEqual(sock.closes, [], 'no close (hence no reconnect) happened');
            assert.deepEqual(sock.missed, [], 'the client never saw a changed connection_id');
            assert.equal(sock.sockets.length, 1, 'one socket per client: no reconnects');
        }
    });

    test('close() ends the socket; the other user then shows offline', async () => {
        await h.close();
        assert.equal(h.sockets[0].readyState, WS.CLOSED);
        assert.deepEqual(h.closes, [], 'a manual close() does not trigger the reconnect path');

        // The last connection of heidi went away: Mattermost sets her offline.
        let status;
        for (let i = 0; i < 50; i++) {
            // eslint-disable-next-line no-await-in-loop
            status = (await g.reply((cb) => g.ws.getStatusesByIds([heidi.id], cb), 'get_statuses_by_ids')).data?.[heidi.id];
            if (status === 'offline') {
                break;
            }
            // eslint-disable-next-line no-await-in-loop
            await sleep(50);
        }
        assert.equal(status, 'offline');
    });
});
