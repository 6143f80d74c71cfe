// Webhooks and custom slash commands with the official Mattermost JS client (Client4): an
// incoming hook made and used, an outgoing hook and a command calling a real HTTP server this
// test runs on loopback. Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import http from 'node:http';
import {after, before, describe, test} from 'node:test';

import {ADMIN_PASSWORD, ADMIN_USERNAME, ID, RUN, bootstrapAdmin, loggedIn} from '../lib/stoa.mjs';

/** A loopback server answering `reply` as JSON and recording each request. */
async function integration(reply) {
    const received = [];
    const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => { body += c; });
        req.on('end', () => {
            received.push({path: req.url, headers: req.headers, body});
            res.writeHead(200, {'Content-Type': 'application/json'});
            res.end(JSON.stringify(reply));
        });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {url: `http://127.0.0.1:${server.address().port}`, received, close: () => server.close()};
}

async function waitFor(check, ms = 10000) {
    const deadline = Date.now() + ms;
    for (;;) {
        const v = await check();
        if (v) {
            return v;
        }
        assert.ok(Date.now() < deadline, 'timed out');
        await new Promise((r) => setTimeout(r, 100));
    }
}

describe('Client4 webhooks and slash commands against Stoa', () => {
    let admin; let team; let channel;

    before(async () => {
        await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        await admin.patchConfig({ServiceSettings: {SiteURL: process.env.STOA_URL, AllowedUntrustedInternalConnections: '127.0.0.1'}});
        team = await admin.createTeam({name: `js-hooks-${RUN}`, display_name: 'JS Hooks', type: 'O'});
        channel = await admin.createChannel({team_id: team.id, name: `js-hooks-${RUN}`, display_name: 'JS Hooks', type: 'O'});
    });

    after(async () => {
        await admin.patchConfig({ServiceSettings: {AllowedUntrustedInternalConnections: ''}});
    });

    test('createIncomingWebhook, then a Slack payload posted to it shows as a card', async () => {
        const hook = await admin.createIncomingWebhook({channel_id: channel.id, display_name: 'Alerts'});
        assert.match(hook.id, ID);
        const listed = await admin.getIncomingWebhooks(team.id);
        assert.ok(listed.some((h) => h.id === hook.id));
        const resp = await fetch(`${process.env.STOA_URL}/hooks/${hook.id}`, {
            method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({attachments: [{color: 'danger', title: 'Disk full', text: '<!here> on db-1'}]}),
        });
        assert.equal(resp.status, 200);
        const posts = await admin.getPosts(channel.id);
        const post = posts.posts[posts.order[0]];
        assert.equal(post.type, 'slack_attachment');
        assert.equal(post.props.attachments[0].text, '@here on db-1');
        await admin.removeIncomingWebhook(hook.id);
    });

    test('createOutgoingWebhook calls its URL when the trigger word is posted', async () => {
        const rx = await integration({text: 'pong'});
        try {
            const hook = await admin.createOutgoingWebhook({
                team_id: team.id, channel_id: channel.id, display_name: 'Ping',
                trigger_words: ['ping'], callback_urls: [`${rx.url}/ping`], content_type: 'application/json',
            });
            assert.match(hook.token, ID);
            await admin.createPost({channel_id: channel.id, message: 'ping please'});
            const got = await waitFor(() => rx.received[0]);
            assert.equal(JSON.parse(got.body).trigger_word, 'ping');
            await waitFor(async () => {
                const posts = await admin.getPosts(channel.id);
                return posts.posts[posts.order[0]].message === 'pong';
            });
            await admin.removeOutgoingWebhook(hook.id);
        } finally {
            rx.close();
        }
    });

    test('addCommand and executeCommand run a custom command', async () => {
        const rx = await integration({response_type: 'in_channel', text: 'rolled 4'});
        try {
            const cmd = await admin.addCommand({team_id: team.id, trigger: `roll${RUN}`, url: `${rx.url}/roll`, method: 'P'});
            assert.match(cmd.token, ID);
            const answer = await admin.executeCommand(`/roll${RUN} d6`, {channel_id: channel.id, team_id: team.id});
            assert.equal(answer.text, 'rolled 4');
            assert.equal(new URLSearchParams(rx.received[0].body).get('text'), 'd6');
            const listed = await admin.getCustomTeamCommands(team.id);
            assert.ok(listed.some((c) => c.id === cmd.id));
            await admin.deleteCommand(cmd.id);
        } finally {
            rx.close();
        }
    });
});
