// Replays the calls the official Mattermost apps make — the web app's start-up and daily use
// (v11.3, in the order first called) and the mobile app's classes A (login, server checks, first
// load, reconnect), B (daily chat) and C (secondary), as listed in
// /work/shared/reference/mattermost-api/official-apps.md — against Stoa, with real ids and the
// bodies and query parameters the apps send. Each call's status is compared with what Mattermost
// Team Edition (unlicensed, default config, no plugins) answers: `official_apps.expect.json`
// gives "2xx" or the exact non-2xx status, and why. Every mismatch of a sequence is collected and
// the sequence fails once with the whole list, so one run shows the whole gap; each sequence also
// prints `<sequence>: N of M answer as Mattermost (K 2xx)`.
// Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {before, describe, test} from 'node:test';
import {deflateSync} from 'node:zlib';

import WS from 'ws';

import {
    ADMIN_PASSWORD, ADMIN_USERNAME, RUN, STOA_URL, USER_PASSWORD,
    bootstrapAdmin, loggedIn, newClient, newId,
} from '../lib/stoa.mjs';

const EXPECT = JSON.parse(readFileSync(new URL('./official_apps.expect.json', import.meta.url), 'utf8'));

const SEQUENCES = {
    web: 'web start-up+daily',
    A: 'mobile A (login, server checks, first load, reconnect)',
    B: 'mobile B (daily chat)',
    C: 'mobile C (secondary)',
};

const WS_TIMEOUT = 5000; // ms for a WebSocket reply or event

// Every HTTP response's status, whoever made the request (Client4 or a raw fetch): Client4 reads
// `status_code` from the error body, which a non-JSON answer (a plain 404, a redirect) lacks.
let lastStatus = null;
const realFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
    const res = await realFetch(...args);
    lastStatus = res.status;
    return res;
};

// Set-up steps that failed, by the key of the replayed call they leave without its precondition.
const setupNotes = new Map();

// ------------------------------------------------------------------ the record of one sequence --

/** Matches each replayed call against its row of the expectation table. */
class Replay {
    constructor(seq) {
        this.seq = seq;
        this.rows = new Map(EXPECT.rows.filter((r) => r.seq === seq).map((r) => [`${r.method} ${r.path}`, r]));
        this.results = new Map(); // key -> {status, detail}
    }

    /** Runs `fn` (one request), records the status of its last response under `key` and returns
     *  what `fn` returned (undefined when it threw). */
    async call(key, fn) {
        lastStatus = null;
        let value;
        let error;
        try {
            value = await fn();
        } catch (e) {
            error = e;
        }
        const status = lastStatus ?? 'no response';
        this.record(key, status, lastStatus === null && error ? String(error.message || error) : undefined);
        return value;
    }

    record(key, status, detail) {
        if (this.results.has(key)) {
            return; // the table lists each call once, at its first use
        }
        this.results.set(key, {status, detail});
    }

    /** {ok, summary, lines}: the summary line and one line per mismatch. */
    report() {
        const lines = [];
        const gaps = [];
        let matching = 0;
        let twoxx = 0;
        let total = 0;
        for (const [key, row] of this.rows) {
            if (row.skip) {
                continue;
            }
            total += 1;
            const got = this.results.get(key);
            if (!got) {
                lines.push(`  ${key}: not replayed (the test does not make this call)`);
                continue;
            }
            const ok = row.expect === '2xx' ? typeof got.status === 'number' && got.status >= 200 && got.status < 300 :
                got.status === row.expect && !got.detail;
            if (ok && row.gap) {
                lines.push(`  ${key}: now answers as Mattermost: remove its "gap" from official_apps.expect.json`);
                continue;
            }
            if (ok) {
                matching += 1;
                if (row.expect === '2xx') {
                    twoxx += 1;
                }
                continue;
            }
            if (row.gap) {
                // A difference docs/COMPATIBILITY.md names, left to the issue that builds it.
                gaps.push(`  ${key}: Stoa ${got.status}, Mattermost ${row.expect} — ${row.gap}`);
                continue;
            }
            const want = row.expect === '2xx' ? '2xx' : `${row.expect}${row.why ? ` (${row.why})` : ''}`;
            const note = setupNotes.has(key) ? ` — ${setupNotes.get(key)}` : '';
            lines.push(`  ${key}: Stoa ${got.status}${got.detail ? ` [${got.detail}]` : ''}, Mattermost ${want}${note}`);
        }
        for (const key of this.results.keys()) {
            if (!this.rows.has(key)) {
                lines.push(`  ${key}: replayed but not in official_apps.expect.json (test bug)`);
            }
        }
        const summary = `${SEQUENCES[this.seq]}: ${matching} of ${total} answer as Mattermost (${twoxx} 2xx)` +
            (gaps.length ? `; ${gaps.length} known gaps:\n${gaps.join('\n')}` : '');
        return {ok: lines.length === 0, summary, lines};
    }

    /** Prints the summary and fails with every mismatch of the sequence. */
    finish() {
        const {ok, summary, lines} = this.report();
        console.log(summary); // eslint-disable-line no-console
        assert.ok(ok, `${summary}; calls that do not answer as Mattermost:\n${lines.join('\n')}`);
    }
}

// ------------------------------------------------------------------------------- requests ----

/** A request as the apps send it: the session as a bearer token (the web app sends the cookie
 *  instead; the server accepts either), X-Requested-With, JSON bodies. Redirects are not followed. */
async function raw(token, method, path, {body, form, headers = {}} = {}) {
    const h = {'X-Requested-With': 'XMLHttpRequest', ...headers};
    if (token) {
        h.Authorization = `Bearer ${token}`;
    }
    let payload;
    if (form) {
        payload = form;
    } else if (body !== undefined) {
        h['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
    }
    const res = await fetch(`${STOA_URL}${path}`, {method, headers: h, body: payload, redirect: 'manual'});
    const text = await res.text();
    let data = text;
    if ((res.headers.get('content-type') || '').includes('application/json')) {
        try {
            data = JSON.parse(text);
        } catch {
            // a broken body is the server's problem; the status is what is compared here
        }
    }
    return {status: res.status, headers: res.headers, data};
}

/** The mobile app's REST client for one user: every call goes through `replay` under its key. */
class Mobile {
    constructor(replay) {
        this.replay = replay;
        this.token = '';
    }

    /** Makes the call and records it; returns the parsed body when the answer was 2xx. */
    async req(key, method, path, opts) {
        const res = await this.replay.call(key, () => raw(this.token, method, path, opts));
        return res && res.status >= 200 && res.status < 300 ? res.data : undefined;
    }

    /** A call that is not one of the replayed rows (set-up between steps). */
    async quiet(method, path, opts) {
        const res = await raw(this.token, method, path, opts);
        return res.status >= 200 && res.status < 300 ? res.data : undefined;
    }

    async login(key, loginId, deviceId) {
        const body = {device_id: deviceId, voip_device_id: '', login_id: loginId, password: USER_PASSWORD, token: ''};
        const res = await this.replay.call(key, () => raw('', 'POST', '/api/v4/users/login', {body, headers: {'Cache-Control': 'no-store'}}));
        this.token = res?.headers.get('token') || '';
        return res?.data;
    }
}

const q = (params) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (v !== undefined) {
            s.append(k, String(v));
        }
    }
    return `?${s}`;
};

// ------------------------------------------------------------------------------ WebSocket ----

/** Opens /api/v4/websocket as the apps do and runs the exchange they rely on: authentication
 *  challenge (sent even with a bearer header, as the mobile app does), hello, `ping` answered by a
 *  `seq_reply` whose data.text is "pong", and `user_typing` acknowledged. Returns {status, problems,
 *  connectionId, lastSeq}; status is 101 when the upgrade succeeded. */
async function websocketSession({token, header, query, channelId, expectHello = true}) {
    const url = `${STOA_URL.replace(/^http/, 'ws')}/api/v4/websocket${query}`;
    const problems = [];
    const messages = [];
    const waiters = new Set();
    const sock = new WS(url, header ? {headers: {Authorization: `Bearer ${token}`}} : {});
    // Listen before the upgrade completes: the hello can arrive in the same read as the 101.
    sock.on('message', (buf) => {
        let msg;
        try {
            msg = JSON.parse(buf.toString());
        } catch {
            problems.push(`a frame that is not JSON: ${buf.toString().slice(0, 80)}`);
            return;
        }
        messages.push(msg);
        for (const w of waiters) {
            if (w.pred(msg)) {
                w.done(msg);
            }
        }
    });
    const status = await new Promise((resolve) => {
        sock.once('open', () => resolve(101));
        sock.once('unexpected-response', (req, res) => {
            res.resume();
            resolve(res.statusCode);
        });
        sock.once('error', (e) => resolve(`error ${e.message}`));
    });
    if (status !== 101) {
        sock.terminate();
        return {status, problems};
    }
    const next = (pred) => {
        const seen = messages.find(pred);
        if (seen) {
            return Promise.resolve(seen);
        }
        return new Promise((resolve) => {
            const w = {pred};
            const timer = setTimeout(() => {
                waiters.delete(w);
                resolve(null);
            }, WS_TIMEOUT);
            w.done = (msg) => {
                clearTimeout(timer);
                waiters.delete(w);
                resolve(msg);
            };
            waiters.add(w);
        });
    };
    const send = (obj) => sock.send(JSON.stringify(obj));

    send({seq: 1, action: 'authentication_challenge', data: {token}});
    // A resumed connection (connection_id and sequence_number of a live one) gets no new hello.
    const hello = expectHello ? await next((m) => m.event === 'hello') : null;
    if (!hello && expectHello) {
        problems.push('no hello event');
    }
    if (!header) {
        // Authenticated by the challenge alone: its reply says so.
        const ack = await next((m) => m.seq_reply === 1);
        if (!ack || ack.status !== 'OK') {
            problems.push(`authentication_challenge reply ${JSON.stringify(ack)}`);
        }
    }
    send({seq: 2, action: 'ping'});
    const pong = await next((m) => m.seq_reply === 2);
    if (!pong || pong.status !== 'OK' || pong.data?.text !== 'pong') {
        problems.push(`ping reply ${JSON.stringify(pong)} (want status OK, data.text "pong")`);
    }
    send({seq: 3, action: 'user_typing', data: {channel_id: channelId, parent_id: ''}});
    const typed = await next((m) => m.seq_reply === 3);
    if (!typed || typed.status !== 'OK') {
        problems.push(`user_typing reply ${JSON.stringify(typed)}`);
    }
    const events = messages.filter((m) => m.event);
    const lastSeq = events.length ? Math.max(...events.map((m) => m.seq)) : -1;
    await new Promise((resolve) => {
        sock.once('close', resolve);
        sock.close(1000);
        setTimeout(() => sock.terminate(), 2000).unref();
    });
    return {status, problems, connectionId: hello?.data?.connection_id || '', lastSeq};
}

// ------------------------------------------------------------------------------ test data ----

const CRC_TABLE = Array.from({length: 256}, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    return c >>> 0;
});

/** A small truecolour PNG (a gradient), enough for thumbnails, previews, icons and emoji. */
function png(width = 64, height = 48) {
    const crc32 = (buf) => {
        let c = 0xffffffff;
        for (const b of buf) {
            c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
        }
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (kind, data) => {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(data.length);
        const body = Buffer.concat([Buffer.from(kind, 'latin1'), data]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(body));
        return Buffer.concat([head, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const rows = Buffer.alloc(height * (1 + (width * 3)));
    let i = 0;
    for (let y = 0; y < height; y++) {
        rows[i++] = 0;
        for (let x = 0; x < width; x++) {
            rows[i++] = Math.floor((x * 255) / width);
            rows[i++] = Math.floor((y * 255) / height);
            rows[i++] = 160;
        }
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(rows)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

const pngBlob = () => new Blob([png()], {type: 'image/png'});

/** The multipart body of POST /files as both apps build it: channel_id, client_ids, files. */
function uploadForm(channelId, name) {
    const form = new FormData();
    form.append('channel_id', channelId);
    form.append('client_ids', newId());
    form.append('files', pngBlob(), name);
    return form;
}

/** A client-performance report as the apps send it (model.PerformanceReport). */
const perfReport = (platform, agent, metric) => ({
    version: '0.1.0',
    client_id: newId(),
    labels: {platform, agent},
    start: Date.now() - 5000,
    end: Date.now(),
    counters: [],
    histograms: [{metric, value: 120, timestamp: Date.now()}],
});

// ---------------------------------------------------------------------------------- tests ----

describe('official Mattermost apps replayed against Stoa', () => {
    let admin; let me; // set-up client and profile of the system admin
    let alice; let bob; let carol; let dave; // users; alice drives the mobile app
    let team; let team2; // team2: an open team alice joins and leaves
    let pub; let priv; let dm; let gm; // channels of the team
    let root; let reply; let bobReply; // a thread in pub
    let fileInfo; // a file attached to a post in pub
    let emoji; // a custom emoji

    before(async () => {
        await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        me = await admin.getMe();
        const make = (name) => {
            const username = `oa-${name}-${RUN}`;
            return admin.createUser({username, email: `${username}@example.com`, password: USER_PASSWORD, first_name: name});
        };
        [alice, bob, carol, dave] = [await make('alice'), await make('bob'), await make('carol'), await make('dave')];

        team = await admin.createTeam({name: `oa-${RUN}`, display_name: `Official apps ${RUN}`, type: 'O', allow_open_invite: true});
        team2 = await admin.createTeam({name: `oa-open-${RUN}`, display_name: `Open ${RUN}`, type: 'O', allow_open_invite: true});
        for (const u of [alice, bob, carol]) {
            await admin.addToTeam(team.id, u.id); // eslint-disable-line no-await-in-loop
        }
        pub = await admin.createChannel({team_id: team.id, name: `oa-pub-${RUN}`, display_name: 'OA public', type: 'O'});
        priv = await admin.createChannel({team_id: team.id, name: `oa-priv-${RUN}`, display_name: 'OA private', type: 'P'});
        for (const ch of [pub, priv]) {
            for (const u of [alice, bob]) {
                await admin.addToChannel(u.id, ch.id); // eslint-disable-line no-await-in-loop
            }
        }
        dm = await admin.createDirectChannel([me.id, alice.id]);
        gm = await admin.createGroupChannel([me.id, alice.id, bob.id]);

        const aliceC = await loggedIn(alice.username, USER_PASSWORD);
        const bobC = await loggedIn(bob.username, USER_PASSWORD);
        root = await admin.createPost({channel_id: pub.id, message: `hello from the admin ${RUN}`});
        reply = await aliceC.createPost({channel_id: pub.id, root_id: root.id, message: 'a reply from alice'});
        bobReply = await bobC.createPost({channel_id: pub.id, root_id: root.id, message: 'a reply from bob'});
        await bobC.addReaction(bob.id, root.id, 'smile');
        const up = await aliceC.uploadFile(uploadForm(pub.id, 'pixel.png'));
        fileInfo = up.file_infos[0];
        await aliceC.createPost({channel_id: pub.id, message: 'a picture', file_ids: [fileInfo.id]});
        await admin.createPost({channel_id: dm.id, message: 'hi alice'});
        await admin.createPost({channel_id: gm.id, message: 'hi both'});

        // Optional features: a missing one shows up as the mismatches of the calls that need it.
        // A refused multipart upload may end in a reset connection rather than a status.
        const answer = (e) => (lastStatus === null ? `no status (${e.message})` : `answered ${lastStatus}`);
        lastStatus = null;
        try {
            emoji = await admin.createCustomEmoji({name: `oa${RUN}`, creator_id: me.id}, pngBlob());
        } catch (e) {
            emoji = {id: newId(), name: `oa${RUN}`};
            const note = `set-up could not create a custom emoji (POST /api/v4/emoji ${answer(e)})`;
            setupNotes.set('GET /api/v4/emoji/name/{emoji_name}', note);
            setupNotes.set('GET /api/v4/emoji/{emoji_id}/image', note);
        }
        lastStatus = null;
        try {
            await admin.setTeamIcon(team.id, pngBlob());
        } catch (e) {
            setupNotes.set('GET /api/v4/teams/{team_id}/image', `set-up could not set the team icon (POST /api/v4/teams/{team_id}/image ${answer(e)})`);
        }
    });

    test('web app: start-up and daily calls, in the order first called', async () => {
        const r = new Replay('web');
        const web = newClient(); // the admin's browser
        const c = (key, fn) => r.call(key, fn);
        const get = (key, path) => r.call(key, () => raw(web.getToken(), 'GET', path));

        await c('GET /api/v4/config/client?format', () => web.getClientConfig());
        await c('GET /api/v4/license/client?format', () => web.getClientLicenseOld());
        await c('POST /api/v4/users/login', () => web.login(ADMIN_USERNAME, ADMIN_PASSWORD));
        await c('GET /api/v4/limits/server', () => web.getServerLimits());
        await c('GET /api/v4/users/stats/filtered?include_bots&include_deleted', () => web.getFilteredUsersStats({include_bots: false, include_deleted: false}));
        await c('GET /api/v4/users/me', () => web.getMe());
        await c('GET /api/v4/users/me/teams', () => web.getMyTeams());
        await c('GET /api/v4/users/me/preferences', () => web.getMyPreferences());
        await c('GET /api/v4/users/me/teams/members', () => web.getMyTeamMembers());
        await c('POST /api/v4/roles/names', () => web.getRolesByNames(['system_admin', 'system_user', 'team_admin', 'team_user', 'channel_admin', 'channel_user']));
        await c('GET /api/v4/users/me/teams/unread?include_collapsed_threads', () => web.getMyTeamUnreads(true));
        await c('GET /api/v4/users/me/teams/{id}/channels?include_deleted', () => web.getMyChannels(team.id, true));
        await c('GET /api/v4/users/me/teams/{id}/channels/members', () => web.getMyChannelMembers(team.id));
        await c('GET /api/v4/analytics/old?name&team_id', () => web.getAnalytics('standard', ''));
        await c('GET /api/v4/teams?exclude_policy_constrained&include_total_count&page&per_page', () => web.getTeams(0, 200, true, false));

        const ws = await websocketSession({token: web.getToken(), header: false, query: q({connection_id: '', sequence_number: 0, posted_ack: true}), channelId: pub.id});
        r.record('WS /api/v4/websocket?connection_id&posted_ack&sequence_number', ws.status, ws.problems.join('; ') || undefined);

        await c('PUT /api/v4/users/me/patch', () => web.patchMe({timezone: {useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Berlin', manualTimezone: ''}}));
        await get('GET /api/v4/users/{id}/image', `/api/v4/users/${alice.id}/image`);
        await c('GET /api/v4/trial-license/prev', () => web.getPrevTrialLicense());
        await c('PUT /api/v4/users/{id}/preferences', () => web.savePreferences(me.id, [{user_id: me.id, category: 'channel_approximate_view_time', name: '', value: String(Date.now())}]));
        await c('GET /api/v4/users/{id}/channel_members?page&per_page', () => web.getAllChannelsMembers(me.id, 0, 200));
        await c('GET /api/v4/users/me/channels', () => web.getAllTeamsChannels());
        await c('POST /api/v4/users/status/ids', () => web.getStatusesByIds([me.id, alice.id, bob.id]));
        await c('GET /api/v4/users/{id}/teams/{id}/channels/categories', () => web.getChannelCategories(me.id, team.id));
        await c('GET /api/v4/system/notices/{id}?client&clientVersion', () => web.getInProductNotices(team.id, 'web', '11.3.0'));
        await c('GET /api/v4/users/me/teams/{id}/drafts', () => web.getUserDrafts(team.id));
        await c('GET /api/v4/users/{id}/teams/{id}/threads?after&before&deleted&extended&per_page&since&threadsOnly&totalsOnly&unread',
            () => web.getUserThreads(me.id, team.id, {perPage: 200, totalsOnly: true, threadsOnly: false}));
        await c('GET /api/v4/users/{id}/channels/{id}/posts/unread?collapsedThreads&collapsedThreadsExtended&limit_after&limit_before&skipFetchThreads',
            () => web.getPostsUnread(pub.id, me.id, 30, 30, false, true, false));
        await c('GET /api/v4/users?page&per_page', () => web.getProfiles(0, 100));
        await c('GET /api/v4/channels/{id}/stats?exclude_files_count', () => web.getChannelStats(pub.id, false));
        await c('POST /api/v4/channels/members/me/view', () => web.viewMyChannel(pub.id));
        await c('GET /api/v4/agents', () => web.getAgents());
        await c('POST /api/v4/users/usernames', () => web.getProfilesByUsernames([alice.username, bob.username]));
        await c('GET /api/v4/users/stats', () => web.getTotalUsersStats());
        const mine = await c('POST /api/v4/posts', () => web.createPost({channel_id: pub.id, message: 'posted from the web app', pending_post_id: `${me.id}:${Date.now()}`, user_id: me.id, create_at: 0, metadata: {}, props: {}}));
        await c('DELETE /api/v4/users/me/channels/{id}/drafts', () => web.deleteDraft(pub.id, '', ''));
        await get('GET /api/v4/users/{id}/image?_', `/api/v4/users/${bob.id}/image?_=${Date.now()}`);
        await c('POST /api/v4/users/ids', () => web.getProfilesByIds([alice.id, bob.id]));
        await c('GET /api/v4/posts/{id}/thread?collapsedThreads&collapsedThreadsExtended&direction&perPage&skipFetchThreads',
            () => web.getPaginatedPostThread(root.id, {fetchThreads: false, collapsedThreads: true, collapsedThreadsExtended: false, direction: 'down', perPage: 50}));
        await c('DELETE /api/v4/users/me/channels/{id}/drafts/{id}', () => web.deleteDraft(pub.id, root.id, ''));
        await c('PUT /api/v4/users/{id}/teams/{id}/threads/{id}/read/1796452899922', () => web.updateThreadReadForUser(me.id, team.id, root.id, Date.now()));
        await c('POST /api/v4/reactions', () => web.addReaction(me.id, bobReply.id, 'thumbsup'));
        await c('POST /api/v4/client_perf', () => raw(web.getToken(), 'POST', '/api/v4/client_perf', {body: perfReport('linux', 'chrome', 'channel_switch')}));
        await c('GET /api/v4/users/username/bob', () => web.getUserByUsername(bob.username));
        const dmBob = await c('POST /api/v4/channels/direct', () => web.createDirectChannel([me.id, bob.id]));
        await c('GET /api/v4/channels/{id}', () => web.getChannel(dmBob?.id || dm.id));
        await c('GET /api/v4/channels/{id}/members/me', () => web.getMyChannelMember(dmBob?.id || dm.id));
        const up = await c('POST /api/v4/files', () => web.uploadFile(uploadForm(pub.id, 'web.png')));
        const fileId = up?.file_infos?.[0]?.id || fileInfo.id;
        await get('GET /api/v4/files/{id}/thumbnail', `/api/v4/files/${fileId}/thumbnail`);
        await get('GET /api/v4/files/{id}/preview', `/api/v4/files/${fileId}/preview`);
        await c('GET /api/v4/config', () => web.getConfig());
        await c('GET /api/v4/config/environment', () => web.getEnvironmentConfig());
        await c('GET /api/v4/channels/{id}/members/{id}', () => web.getChannelMember(priv.id, alice.id));
        await c('GET /api/v4/users/{id}/teams/{id}/threads/{id}?extended', () => web.getUserThread(me.id, team.id, root.id, true));
        await c('POST /api/v4/users/logout', () => web.logout());
        await web.login(ADMIN_USERNAME, ADMIN_PASSWORD).catch(() => null); // signing in again is not a new call
        await c('PUT /api/v4/users/{id}/teams/{id}/threads/{id}/read/1796453061566', () => web.updateThreadReadForUser(me.id, team.id, root.id, Date.now()));
        await c('GET /api/v4/channels/{id}/posts?collapsedThreads&collapsedThreadsExtended&since&skipFetchThreads', () => web.getPostsSince(pub.id, Date.now() - 60_000, false, true, false));
        const search = {terms: 'hello', is_or_search: false, include_deleted_channels: false, time_zone_offset: 3600, page: 0, per_page: 20};
        await c('POST /api/v4/teams/{id}/posts/search', () => web.searchPostsWithParams(team.id, search));
        await c('POST /api/v4/teams/{id}/files/search', () => web.searchFilesWithParams(team.id, {...search, terms: 'pixel'}));
        await c('POST /api/v4/users/search', () => web.searchUsers('oa-', {team_id: team.id, allow_inactive: false}));
        await c('POST /api/v4/channels/group/search', () => web.searchGroupChannels(alice.username));
        await c('POST /api/v4/drafts', () => web.upsertDraft({create_at: 0, update_at: 0, user_id: me.id, channel_id: pub.id, root_id: root.id, message: 'a draft', props: {}, file_ids: []}, ''));
        await c('PUT /api/v4/users/{id}/teams/{id}/threads/{id}/read/1796453201559', () => web.updateThreadReadForUser(me.id, team.id, root.id, Date.now()));
        await c('PUT /api/v4/posts/{id}/patch', () => web.patchPost({id: mine?.id || root.id, message: 'edited in the web app'}));
        const report = {sort_column: 'CreateAt', sort_direction: 'desc', direction: 'next', page_size: 50, from_column_value: undefined, from_id: undefined};
        await c('GET /api/v4/reports/users/count?direction&from_column_value&from_id&page_size&sort_column&sort_direction', () => web.getUserCountForReporting(report));
        await c('GET /api/v4/reports/users?date_range&direction&from_column_value&from_id&page_size&sort_column&sort_direction', () => web.getUsersForReporting({...report, date_range: 'last_30_days'}));
        r.finish();
    });

    test('mobile app class A: server checks, login, first load, reconnect', async () => {
        const r = new Replay('A');
        const m = new Mobile(r);
        const deviceId = `android_rn-v2:${newId()}`;
        const redirect = 'mmauth://callback';

        // Adding the server and the login screen, before any session.
        await m.req('GET /api/v4/system/ping', 'GET', `/api/v4/system/ping${q({time: Date.now(), device_id: deviceId})}`);
        await m.req('GET /api/v4/config/client', 'GET', '/api/v4/config/client?format=old');
        await m.req('GET /api/v4/license/client', 'GET', '/api/v4/license/client?format=old');
        await m.req('POST /api/v4/users/login/type', 'POST', '/api/v4/users/login/type', {body: {login_id: alice.username, device_id: deviceId}});
        await m.req('POST /api/v4/users/password/reset/send', 'POST', '/api/v4/users/password/reset/send', {body: {email: `nobody-${RUN}@example.com`}});
        await m.req('GET /oauth/{service}/mobile_login', 'GET', `/oauth/gitlab/mobile_login${q({redirect_to: redirect})}`);
        await m.req('GET /login/sso/saml', 'GET', `/login/sso/saml${q({action: 'mobile', redirect_to: redirect})}`);
        await m.req('POST /api/v4/users/login/sso/code-exchange', 'POST', '/api/v4/users/login/sso/code-exchange',
            {body: {login_code: newId(), code_verifier: newId() + newId(), state: newId()}, headers: {'Cache-Control': 'no-store'}});
        await m.req('POST /oauth/intune', 'POST', '/oauth/intune', {body: {device_id: deviceId, voip_device_id: '', access_token: 'not-an-entra-token'}});
        await m.login('POST /api/v4/users/login', alice.username, deviceId); // without a Token header the rest answers 401

        // First load (entry): the user, the server, the teams and channels.
        await m.req('GET /api/v4/users/me', 'GET', '/api/v4/users/me');
        await m.req('GET /api/v4/users/me/preferences', 'GET', '/api/v4/users/me/preferences');
        await m.req('GET /api/v4/users/me/teams', 'GET', '/api/v4/users/me/teams');
        await m.req('GET /api/v4/users/me/teams/members', 'GET', '/api/v4/users/me/teams/members');
        await m.req('POST /api/v4/roles/names', 'POST', '/api/v4/roles/names', {body: ['system_user', 'team_user', 'channel_user', 'channel_admin']});
        await m.req('GET /api/v4/users/me/teams/{team_id}/channels', 'GET', `/api/v4/users/me/teams/${team.id}/channels${q({last_delete_at: 0, include_deleted: true})}`);
        await m.req('GET /api/v4/users/me/teams/{team_id}/channels/members', 'GET', `/api/v4/users/me/teams/${team.id}/channels/members`);
        await m.req('GET /api/v4/users/{user_id}/teams/{team_id}/channels/categories', 'GET', `/api/v4/users/${alice.id}/teams/${team.id}/channels/categories`);
        await m.req('GET /api/v4/teams/{team_id}/channels/managed_categories', 'GET', `/api/v4/teams/${team.id}/channels/managed_categories`);
        await m.req('GET /api/v4/data_retention/policy', 'GET', '/api/v4/data_retention/policy');
        await m.req('GET /api/v4/users/{user_id}/data_retention/team_policies', 'GET', `/api/v4/users/${alice.id}/data_retention/team_policies${q({page: 0, per_page: 100})}`);
        await m.req('GET /api/v4/users/{user_id}/data_retention/channel_policies', 'GET', `/api/v4/users/${alice.id}/data_retention/channel_policies${q({page: 0, per_page: 100})}`);
        await m.req('GET /api/v4/users/{user_id}/groups', 'GET', `/api/v4/users/${alice.id}/groups${q({paginate: false, filter_allow_reference: true})}`);
        await m.req('GET /api/v4/plugins/webapp', 'GET', '/api/v4/plugins/webapp');
        await m.req('GET /api/v4/agents', 'GET', '/api/v4/agents');
        await m.req('GET /api/v4/agents/status', 'GET', '/api/v4/agents/status');
        await m.req('GET /api/v4/properties/groups/{group_name}/{object_type}/fields', 'GET', `/api/v4/properties/groups/access_control/system/fields${q({target_type: 'system', target_id: ''})}`);
        await m.req('GET /api/v4/properties/groups/{group_name}/system/values', 'GET', '/api/v4/properties/groups/access_control/system/values');
        await m.req('GET /api/v4/properties/groups/{group_name}/{object_type}/values/{target_id}', 'GET', `/api/v4/properties/groups/access_control/channel/values/${pub.id}`);
        await m.req('GET /api/v4/posts/scheduled/team/{team_id}', 'GET', `/api/v4/posts/scheduled/team/${team.id}${q({includeDirectChannels: true})}`);
        await m.req('GET /api/v4/users/{user_id}/teams/{team_id}/threads', 'GET',
            `/api/v4/users/${alice.id}/teams/${team.id}/threads${q({extended: true, deleted: true, unread: false, since: 0, totalsOnly: false, per_page: 60})}`);
        await m.req('GET /api/v4/teams', 'GET', `/api/v4/teams${q({page: 0, per_page: 60, include_total_count: true})}`);
        await m.req('GET /api/v4/users', 'GET', `/api/v4/users${q({in_channel: pub.id, page: 0, per_page: 60, sort: 'status'})}`);
        await m.req('POST /api/v4/users/ids', 'POST', '/api/v4/users/ids', {body: [me.id, bob.id]});
        await m.req('POST /api/v4/users/usernames', 'POST', '/api/v4/users/usernames', {body: [bob.username, carol.username]});
        await m.req('POST /api/v4/users/group_channels', 'POST', '/api/v4/users/group_channels', {body: [gm.id]});
        await m.req('GET /api/v4/users/{user_id}/status', 'GET', `/api/v4/users/${alice.id}/status`);

        // The socket, then push registration at its first connect.
        const first = await websocketSession({token: m.token, header: true, query: q({connection_id: '', sequence_number: 0, posted_ack: true}), channelId: pub.id});
        await m.req('PUT /api/v4/users/sessions/device', 'PUT', '/api/v4/users/sessions/device', {body: {device_id: deviceId, device_notification_disabled: 'false', mobile_version: '2.43.0'}});

        // Opening a channel and a thread.
        await m.req('GET /api/v4/channels/{channel_id}', 'GET', `/api/v4/channels/${pub.id}`);
        await m.req('GET /api/v4/channels/{channel_id}/posts', 'GET', `/api/v4/channels/${pub.id}/posts${q({page: 0, per_page: 60, collapsedThreads: true, collapsedThreadsExtended: false})}`);
        await m.req('GET /api/v4/posts/{post_id}/thread', 'GET',
            `/api/v4/posts/${root.id}/thread${q({skipFetchThreads: false, collapsedThreads: true, collapsedThreadsExtended: false, direction: 'up', perPage: 60})}`);
        await m.req('POST /api/v4/channels/members/me/view', 'POST', '/api/v4/channels/members/me/view', {body: {channel_id: pub.id, prev_channel_id: '', collapsed_threads_supported: true}});
        await m.req('PUT /api/v4/users/me/patch', 'PUT', '/api/v4/users/me/patch', {body: {timezone: {useAutomaticTimezone: 'true', automaticTimezone: 'Europe/Paris', manualTimezone: ''}}});

        // Back from the background: ping, then the socket resumes with its connection id.
        await m.quiet('GET', `/api/v4/system/ping${q({time: Date.now(), device_id: deviceId})}`);
        const again = await websocketSession({
            token: m.token, header: true, channelId: pub.id, expectHello: false,
            query: q({connection_id: first.connectionId, sequence_number: first.lastSeq + 1, posted_ack: true}),
        });
        const wsProblems = [...first.problems, ...again.problems.map((p) => `on reconnect: ${p}`)];
        if (again.status !== 101) {
            wsProblems.push(`reconnect answered ${again.status}`);
        }
        r.record('GET /api/v4/websocket', first.status, wsProblems.join('; ') || undefined);

        await m.req('POST /api/v4/users/logout', 'POST', '/api/v4/users/logout');
        r.finish();
    });

    test('mobile app class B: daily chat', async () => {
        const r = new Replay('B');
        const m = new Mobile(r);
        const aliceC = await loggedIn(alice.username, USER_PASSWORD);
        m.token = aliceC.getToken(); // the login itself is class A
        const adminToken = admin.getToken();
        const B = (key, method, path, opts) => m.req(key, method, path, opts);

        // Posting, editing, pinning, reacting, reading.
        const post = await B('POST /api/v4/posts', 'POST', '/api/v4/posts', {body: {channel_id: pub.id, message: 'from the phone', root_id: '', pending_post_id: `${alice.id}:${Date.now()}`, user_id: alice.id, create_at: 0, props: {}, metadata: {}}});
        const postId = post?.id || reply.id;
        await B('GET /api/v4/posts/{post_id}', 'GET', `/api/v4/posts/${postId}`);
        await B('PUT /api/v4/posts/{post_id}/patch', 'PUT', `/api/v4/posts/${postId}/patch`, {body: {id: postId, message: 'from the phone (edited)'}});
        await B('POST /api/v4/posts/{post_id}/pin', 'POST', `/api/v4/posts/${postId}/pin`);
        await B('GET /api/v4/channels/{channel_id}/pinned', 'GET', `/api/v4/channels/${pub.id}/pinned`);
        await B('POST /api/v4/posts/{post_id}/unpin', 'POST', `/api/v4/posts/${postId}/unpin`);
        await B('POST /api/v4/reactions', 'POST', '/api/v4/reactions', {body: {user_id: alice.id, post_id: root.id, emoji_name: 'tada'}});
        await B('DELETE /api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}', 'DELETE', `/api/v4/users/${alice.id}/posts/${root.id}/reactions/tada`);
        await B('POST /api/v4/users/{user_id}/posts/{post_id}/set_unread', 'POST', `/api/v4/users/${alice.id}/posts/${root.id}/set_unread`, {body: {collapsed_threads_supported: true}});
        await B('GET /api/v4/posts/{post_id}/info', 'GET', `/api/v4/posts/${root.id}/info`);
        await B('POST /api/v4/users/{user_id}/posts/{post_id}/ack', 'POST', `/api/v4/users/${alice.id}/posts/${bobReply.id}/ack`);
        await B('DELETE /api/v4/users/{user_id}/posts/{post_id}/ack', 'DELETE', `/api/v4/users/${alice.id}/posts/${bobReply.id}/ack`);
        await B('GET /api/v4/posts/{post_id}/reveal', 'GET', `/api/v4/posts/${bobReply.id}/reveal`);
        await B('DELETE /api/v4/posts/{post_id}/burn', 'DELETE', `/api/v4/posts/${bobReply.id}/burn`);
        await B('GET /api/v4/users/{user_id}/posts/flagged', 'GET', `/api/v4/users/${alice.id}/posts/flagged${q({channel_id: '', team_id: '', page: 0, per_page: 60})}`);
        await B('DELETE /api/v4/posts/{post_id}', 'DELETE', `/api/v4/posts/${postId}`);

        // Scheduled posts.
        const scheduled = await B('POST /api/v4/posts/schedule', 'POST', '/api/v4/posts/schedule',
            {body: {channel_id: pub.id, root_id: '', message: 'later', scheduled_at: Date.now() + 3_600_000, props: {}, file_ids: []}});
        const schedId = scheduled?.id || newId();
        await B('PUT /api/v4/posts/schedule/{scheduled_post_id}', 'PUT', `/api/v4/posts/schedule/${schedId}`,
            {body: {id: schedId, channel_id: pub.id, root_id: '', message: 'later still', scheduled_at: Date.now() + 7_200_000, props: {}, file_ids: []}});
        await B('DELETE /api/v4/posts/schedule/{scheduled_post_id}', 'DELETE', `/api/v4/posts/schedule/${schedId}`);

        // Files.
        const up = await B('POST /api/v4/files', 'POST', '/api/v4/files', {form: uploadForm(pub.id, 'phone.png')});
        const fileId = up?.file_infos?.[0]?.id || fileInfo.id;
        await B('GET /api/v4/files/{file_id}', 'GET', `/api/v4/files/${fileId}`);
        await B('GET /api/v4/files/{file_id}/thumbnail', 'GET', `/api/v4/files/${fileId}/thumbnail`);
        await B('GET /api/v4/files/{file_id}/preview', 'GET', `/api/v4/files/${fileId}/preview`);
        await B('GET /api/v4/files/{file_id}/link', 'GET', `/api/v4/files/${fileId}/link`);
        await B('GET /api/v4/image', 'GET', `/api/v4/image${q({url: 'https://example.com/picture.png'})}`);
        await B('GET /api/v4/redirect_location', 'GET', `/api/v4/redirect_location${q({url: 'https://example.com/'})}`);

        // Threads.
        const threads = `/api/v4/users/${alice.id}/teams/${team.id}/threads`;
        await B('GET /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}', 'GET', `${threads}/${root.id}${q({extended: true})}`);
        await B('PUT /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following', 'PUT', `${threads}/${root.id}/following`, {body: {}});
        await B('DELETE /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/following', 'DELETE', `${threads}/${root.id}/following`, {body: {}});
        await B('PUT /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}', 'PUT', `${threads}/${root.id}/read/${Date.now()}`, {body: {}});
        await B('POST /api/v4/users/{user_id}/teams/{team_id}/threads/{thread_id}/set_unread/{post_id}', 'POST', `${threads}/${root.id}/set_unread/${bobReply.id}`);
        await B('PUT /api/v4/users/{user_id}/teams/{team_id}/threads/read', 'PUT', `${threads}/read`, {body: {}});

        // A channel of alice's own, its members and settings.
        const ch = await B('POST /api/v4/channels', 'POST', '/api/v4/channels',
            {body: {team_id: team.id, name: `oa-phone-${RUN}`, display_name: 'From the phone', purpose: '', header: '', type: 'O'}});
        const chId = ch?.id || pub.id;
        await B('PUT /api/v4/channels/{channel_id}/patch', 'PUT', `/api/v4/channels/${chId}/patch`, {body: {header: 'set from the phone', purpose: 'testing'}});
        await B('POST /api/v4/channels/{channel_id}/members', 'POST', `/api/v4/channels/${chId}/members`, {body: {user_id: bob.id, channel_id: chId, post_root_id: ''}});
        await B('POST /api/v4/channels/{channel_id}/members/ids', 'POST', `/api/v4/channels/${chId}/members/ids`, {body: [alice.id, bob.id]});
        await B('GET /api/v4/channels/{channel_id}/members/me', 'GET', `/api/v4/channels/${chId}/members/me`);
        await B('GET /api/v4/channels/{channel_id}/members/{user_id}', 'GET', `/api/v4/channels/${chId}/members/${bob.id}`);
        await B('PUT /api/v4/channels/{channel_id}/members/{user_id}/notify_props', 'PUT', `/api/v4/channels/${chId}/members/${alice.id}/notify_props`,
            {body: {channel_id: chId, user_id: alice.id, desktop: 'all', push: 'mention', mark_unread: 'all'}});
        await B('PUT /api/v4/channels/{channel_id}/members/{user_id}/schemeRoles', 'PUT', `/api/v4/channels/${chId}/members/${bob.id}/schemeRoles`, {body: {scheme_user: true, scheme_admin: true}});
        await B('PUT /api/v4/channels/{channel_id}/members/me/autotranslation', 'PUT', `/api/v4/channels/${chId}/members/me/autotranslation`, {body: {autotranslation_disabled: true}});
        await B('GET /api/v4/channels/{channel_id}/stats', 'GET', `/api/v4/channels/${chId}/stats`);
        await B('GET /api/v4/channels/{channel_id}/timezones', 'GET', `/api/v4/channels/${chId}/timezones`);
        const bookmark = await B('POST /api/v4/channels/{channel_id}/bookmarks', 'POST', `/api/v4/channels/${chId}/bookmarks`,
            {body: {channel_id: chId, display_name: 'Docs', link_url: 'https://example.com/docs', type: 'link', emoji: ':books:'}});
        await B('GET /api/v4/channels/{channel_id}/bookmarks', 'GET', `/api/v4/channels/${chId}/bookmarks${q({bookmarks_since: 0})}`);
        const bmId = bookmark?.id || newId();
        await B('PATCH /api/v4/channels/{channel_id}/bookmarks/{bookmark_id}', 'PATCH', `/api/v4/channels/${chId}/bookmarks/${bmId}`, {body: {display_name: 'More docs'}});
        await B('DELETE /api/v4/channels/{channel_id}/bookmarks/{bookmark_id}', 'DELETE', `/api/v4/channels/${chId}/bookmarks/${bmId}`);
        await B('DELETE /api/v4/channels/{channel_id}/members/{user_id}', 'DELETE', `/api/v4/channels/${chId}/members/${bob.id}`);
        await r.call('PUT /api/v4/channels/{channel_id}/privacy', () => raw(adminToken, 'PUT', `/api/v4/channels/${chId}/privacy`, {body: {privacy: 'P'}}));
        await B('DELETE /api/v4/channels/{channel_id}', 'DELETE', `/api/v4/channels/${chId}`);
        await r.call('POST /api/v4/channels/{channel_id}/restore', () => raw(adminToken, 'POST', `/api/v4/channels/${chId}/restore`));
        await B('POST /api/v4/channels/direct', 'POST', '/api/v4/channels/direct', {body: [alice.id, carol.id]});
        await B('POST /api/v4/channels/group', 'POST', '/api/v4/channels/group', {body: [alice.id, bob.id, carol.id]});
        await B('POST /api/v4/channels/search', 'POST', `/api/v4/channels/search${q({include_deleted: false, system_console: false, exclude_default_channels: false})}`,
            {body: {term: 'oa', team_ids: [team.id], deleted: false, exclude_default_channels: true, exclude_group_constrained: true, public: true, private: false}});

        // The team and its channels.
        await B('GET /api/v4/teams/{team_id}', 'GET', `/api/v4/teams/${team.id}`);
        await B('GET /api/v4/teams/name/{team_name}', 'GET', `/api/v4/teams/name/${team.name}`);
        await B('GET /api/v4/teams/{team_id}/image', 'GET', `/api/v4/teams/${team.id}/image${q({_: Date.now()})}`);
        await B('GET /api/v4/teams/{team_id}/channels', 'GET', `/api/v4/teams/${team.id}/channels${q({page: 0, per_page: 60})}`);
        await B('GET /api/v4/teams/{team_id}/channels/deleted', 'GET', `/api/v4/teams/${team.id}/channels/deleted${q({page: 0, per_page: 60})}`);
        await B('GET /api/v4/teams/{team_id}/channels/autocomplete', 'GET', `/api/v4/teams/${team.id}/channels/autocomplete${q({name: 'oa'})}`);
        await B('GET /api/v4/teams/{team_id}/channels/search_autocomplete', 'GET', `/api/v4/teams/${team.id}/channels/search_autocomplete${q({name: 'oa'})}`);
        await B('GET /api/v4/teams/{team_id}/channels/name/{channel_name}', 'GET', `/api/v4/teams/${team.id}/channels/name/${pub.name}${q({include_deleted: false})}`);
        await B('POST /api/v4/teams/{team_id}/members/ids', 'POST', `/api/v4/teams/${team.id}/members/ids`, {body: [alice.id, bob.id]});
        await B('GET /api/v4/teams/{team_id}/members/{user_id}', 'GET', `/api/v4/teams/${team.id}/members/${bob.id}`);
        await B('POST /api/v4/teams/{team_id}/members', 'POST', `/api/v4/teams/${team2.id}/members`, {body: {team_id: team2.id, user_id: alice.id}});
        await B('DELETE /api/v4/teams/{team_id}/members/{user_id}', 'DELETE', `/api/v4/teams/${team2.id}/members/${alice.id}`);

        // People, status and profile.
        await B('GET /api/v4/users/autocomplete', 'GET', `/api/v4/users/autocomplete${q({in_team: team.id, name: 'oa-b', limit: 25})}`);
        await B('GET /api/v4/users/known', 'GET', '/api/v4/users/known');
        await B('POST /api/v4/users/search', 'POST', '/api/v4/users/search', {body: {term: 'oa-', team_id: team.id, allow_inactive: false, limit: 100}});
        await B('POST /api/v4/users/status/ids', 'POST', '/api/v4/users/status/ids', {body: [bob.id, carol.id]});
        await B('GET /api/v4/users/{user_id}', 'GET', `/api/v4/users/${bob.id}`);
        await B('PUT /api/v4/users/{user_id}/status', 'PUT', `/api/v4/users/${alice.id}/status`, {body: {user_id: alice.id, status: 'away', manual: true, last_activity_at: Date.now()}});
        const custom = {emoji: 'coffee', text: 'Coffee break', duration: 'one_hour', expires_at: new Date(Date.now() + 3_600_000).toISOString()};
        await B('PUT /api/v4/users/me/status/custom', 'PUT', '/api/v4/users/me/status/custom', {body: custom});
        await B('DELETE /api/v4/users/me/status/custom', 'DELETE', '/api/v4/users/me/status/custom');
        await B('POST /api/v4/users/me/status/custom/recent/delete', 'POST', '/api/v4/users/me/status/custom/recent/delete', {body: custom});
        const image = new FormData();
        image.append('image', pngBlob(), 'me.png');
        await B('POST /api/v4/users/{user_id}/image', 'POST', `/api/v4/users/${alice.id}/image`, {form: image});
        await B('GET /api/v4/users/{user_id}/image', 'GET', `/api/v4/users/${alice.id}/image${q({_: Date.now()})}`);
        await B('DELETE /api/v4/users/{user_id}/image', 'DELETE', `/api/v4/users/${alice.id}/image`);
        const pref = [{user_id: alice.id, category: 'display_settings', name: 'use_military_time', value: 'true'}];
        await B('PUT /api/v4/users/{user_id}/preferences', 'PUT', `/api/v4/users/${alice.id}/preferences`, {body: pref});
        await B('POST /api/v4/users/{user_id}/preferences/delete', 'POST', `/api/v4/users/${alice.id}/preferences/delete`, {body: pref});
        const cats = await m.quiet('GET', `/api/v4/users/${alice.id}/teams/${team.id}/channels/categories`);
        const channelsCat = (cats?.categories || []).filter((cat) => cat.type === 'channels');
        await B('PUT /api/v4/users/{user_id}/teams/{team_id}/channels/categories', 'PUT', `/api/v4/users/${alice.id}/teams/${team.id}/channels/categories`, {body: channelsCat});

        // Custom emoji.
        await B('GET /api/v4/emoji', 'GET', `/api/v4/emoji${q({page: 0, per_page: 200, sort: ''})}`);
        await B('GET /api/v4/emoji/name/{emoji_name}', 'GET', `/api/v4/emoji/name/${emoji.name}`);
        await B('POST /api/v4/emoji/search', 'POST', '/api/v4/emoji/search', {body: {term: 'oa'}});
        await B('GET /api/v4/emoji/{emoji_id}/image', 'GET', `/api/v4/emoji/${emoji.id}/image`);
        r.finish();
    });

    test('mobile app class C: secondary calls', async () => {
        const r = new Replay('C');
        const m = new Mobile(r);
        const aliceC = await loggedIn(alice.username, USER_PASSWORD);
        m.token = aliceC.getToken();
        const adminToken = admin.getToken();
        const C = (key, method, path, opts) => m.req(key, method, path, opts);
        const search = {terms: 'hello', is_or_search: false, include_deleted_channels: false, time_zone_offset: 3600, page: 0, per_page: 20};

        // Group messages.
        const gm2 = await aliceC.createGroupChannel([alice.id, bob.id, carol.id]);
        await C('GET /api/v4/channels/{channel_id}/common_teams', 'GET', `/api/v4/channels/${gm2.id}/common_teams`);
        await C('POST /api/v4/channels/{channel_id}/convert_to_channel', 'POST', `/api/v4/channels/${gm2.id}/convert_to_channel${q({'team-id': team.id})}`,
            {body: {channel_id: gm2.id, team_id: team.id, display_name: 'Was a group message', name: `oa-was-gm-${RUN}`}});

        // Channel extras.
        await C('GET /api/v4/channels/{channel_id}/access_control/attributes', 'GET', `/api/v4/channels/${pub.id}/access_control/attributes`);
        await C('GET /api/v4/channels/{channel_id}/groups', 'GET', `/api/v4/channels/${pub.id}/groups${q({page: 0, per_page: 60, filter_allow_reference: false, include_member_count: true})}`);
        await C('GET /api/v4/groups', 'GET', `/api/v4/groups${q({q: '', filter_allow_reference: true, page: 0, per_page: 60, since: 0, include_member_count: false})}`);
        await C('GET /api/v4/teams/{team_id}/groups', 'GET', `/api/v4/teams/${team.id}/groups${q({paginate: false, filter_allow_reference: false})}`);

        // Slash commands.
        await C('GET /api/v4/commands', 'GET', `/api/v4/commands${q({team_id: team.id})}`);
        await C('GET /api/v4/teams/{team_id}/commands/autocomplete_suggestions', 'GET',
            `/api/v4/teams/${team.id}/commands/autocomplete_suggestions${q({user_input: '/sh', team_id: team.id, channel_id: pub.id, root_id: ''})}`);
        await C('POST /api/v4/commands/execute', 'POST', '/api/v4/commands/execute', {body: {command: '/shrug from the phone', channel_id: pub.id, team_id: team.id, root_id: '', parent_id: ''}});

        // Search.
        await C('POST /api/v4/posts/search', 'POST', '/api/v4/posts/search', {body: search});
        await C('POST /api/v4/teams/{team_id}/posts/search', 'POST', `/api/v4/teams/${team.id}/posts/search`, {body: search});
        await C('POST /api/v4/files/search', 'POST', '/api/v4/files/search', {body: {...search, terms: 'pixel'}});
        await C('POST /api/v4/teams/{team_id}/files/search', 'POST', `/api/v4/teams/${team.id}/files/search`, {body: {...search, terms: 'pixel'}});

        // Profile attributes, terms of service, sessions, time zones, licence load.
        await C('GET /api/v4/custom_profile_attributes/fields', 'GET', '/api/v4/custom_profile_attributes/fields');
        await C('GET /api/v4/users/{user_id}/custom_profile_attributes', 'GET', `/api/v4/users/${bob.id}/custom_profile_attributes`);
        await C('PATCH /api/v4/custom_profile_attributes/values', 'PATCH', '/api/v4/custom_profile_attributes/values', {body: {[newId()]: 'Engineering'}});
        await C('GET /api/v4/terms_of_service', 'GET', '/api/v4/terms_of_service');
        await C('POST /api/v4/users/me/terms_of_service', 'POST', '/api/v4/users/me/terms_of_service', {body: {termsOfServiceId: newId(), accepted: true}});
        await C('GET /api/v4/users/{user_id}/sessions', 'GET', `/api/v4/users/${alice.id}/sessions`, {headers: {'Cache-Control': 'no-store'}});
        await C('GET /api/v4/system/timezones', 'GET', '/api/v4/system/timezones');
        await C('GET /api/v4/license/load_metric', 'GET', '/api/v4/license/load_metric');

        // Notifications and telemetry.
        await C('POST /api/v4/notifications/test', 'POST', '/api/v4/notifications/test');
        await C('POST /api/v4/notifications/ack', 'POST', '/api/v4/notifications/ack',
            {body: {id: newId(), received_at: Date.now(), platform: 'android', type: 'message', post_id: root.id, is_id_loaded: false}});
        await C('POST /api/v4/client_perf', 'POST', '/api/v4/client_perf', {body: perfReport('android', 'other', 'mobile_load')});

        // Team invitations.
        await C('POST /api/v4/teams/{team_id}/members/batch', 'POST', `/api/v4/teams/${team.id}/members/batch${q({graceful: true})}`, {body: [{team_id: team.id, user_id: dave.id}]});
        await C('POST /api/v4/teams/{team_id}/invite/email', 'POST', `/api/v4/teams/${team.id}/invite/email${q({graceful: true})}`, {body: [`invitee-${RUN}@example.com`]});
        await C('POST /api/v4/teams/{team_id}/invite-guests/email', 'POST', `/api/v4/teams/${team.id}/invite-guests/email${q({graceful: true})}`,
            {body: {message: 'join us', emails: [`guest-${RUN}@example.com`], channels: [pub.id]}});

        // Shared channels: the app offers them to admins only.
        const remoteId = newId();
        await r.call('GET /api/v4/remotecluster', () => raw(adminToken, 'GET', `/api/v4/remotecluster${q({exclude_plugins: true, only_confirmed: true})}`));
        await r.call('POST /api/v4/remotecluster/{remote_id}/channels/{channel_id}/invite', () => raw(adminToken, 'POST', `/api/v4/remotecluster/${remoteId}/channels/${pub.id}/invite`));
        await r.call('POST /api/v4/remotecluster/{remote_id}/channels/{channel_id}/uninvite', () => raw(adminToken, 'POST', `/api/v4/remotecluster/${remoteId}/channels/${pub.id}/uninvite`));
        await C('GET /api/v4/sharedchannels/{channel_id}/remotes', 'GET', `/api/v4/sharedchannels/${pub.id}/remotes`);
        await C('GET /api/v4/sharedchannels/{team_id}', 'GET', `/api/v4/sharedchannels/${team.id}${q({page: 0, per_page: 60})}`);

        // Plugin routes (Apps, Calls, AI, Playbooks) on a server without those plugins.
        const ids = {call_id: pub.id, channel_id: pub.id, post_id: root.id, run_id: newId(), conversation_id: newId(), field_id: newId(), n: 0, i: 0};
        for (const row of EXPECT.rows.filter((x) => x.seq === 'C' && x.path.startsWith('/plugins/'))) {
            const path = row.path.replace(/\{(\w+)\}/g, (_, name) => String(ids[name] ?? newId()));
            const body = row.method === 'GET' ? undefined : {};
            await C(`${row.method} ${row.path}`, row.method, path, {body}); // eslint-disable-line no-await-in-loop
        }
        r.finish();
    });
});
