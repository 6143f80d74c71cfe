// Bots and personal access tokens with the official Mattermost JS client (Client4), as an
// integration author uses them: an admin makes a bot and a token, and a second client signs
// in with the token alone. Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';

import {
    ADMIN_PASSWORD, ADMIN_USERNAME, ClientError, ID, RUN, bootstrapAdmin, loggedIn, newClient,
} from '../lib/stoa.mjs';

async function rejectsWith(promise, status, id) {
    await assert.rejects(promise, (e) => {
        assert.ok(e instanceof ClientError, `expected a ClientError, got ${e}`);
        assert.equal(e.status_code, status, `status_code of ${e.url}: ${e.message}`);
        if (id) {
            assert.equal(e.server_error_id, id);
        }
        return true;
    });
}

/** A Client4 that knows nothing but the token. */
function withToken(token) {
    const c = newClient();
    c.setToken(token);
    return c;
}

describe('Client4 bots and personal access tokens against Stoa', () => {
    let admin; let me; let team; let channel;

    before(async () => {
        await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        me = await admin.getMe();
        await admin.patchConfig({ServiceSettings: {EnableBotAccountCreation: true, EnableUserAccessTokens: true}});
        team = await admin.createTeam({name: `js-bots-${RUN}`, display_name: 'JS Bots', type: 'O'});
        channel = await admin.createChannel({team_id: team.id, name: `js-bots-${RUN}`, display_name: 'JS Bots', type: 'O'});
    });

    after(async () => {
        await admin.patchConfig({ServiceSettings: {EnableBotAccountCreation: false, EnableUserAccessTokens: false}});
    });

    test('createBot, then the bot posts with a token and loses it on revoke', async () => {
        const bot = await admin.createBot({username: `js-bot-${RUN}`, display_name: 'JS Bot', description: 'posts for tests'});
        assert.match(bot.user_id, ID);
        assert.equal(bot.owner_id, me.id);
        assert.equal(bot.display_name, 'JS Bot');
        assert.equal(bot.delete_at, 0);
        assert.deepEqual(await admin.getBot(bot.user_id), bot);
        assert.ok((await admin.getBots(0, 100)).some((b) => b.user_id === bot.user_id));

        await admin.addToTeam(team.id, bot.user_id);
        await admin.addToChannel(bot.user_id, channel.id);
        const token = await admin.createUserAccessToken(bot.user_id, 'ci');
        assert.match(token.token, ID);
        assert.equal(token.user_id, bot.user_id);
        const listed = await admin.getUserAccessTokensForUser(bot.user_id, 0, 100);
        assert.deepEqual(listed.map((t) => t.id), [token.id]);
        assert.equal(listed[0].token, undefined, 'the secret is shown once');

        const asBot = withToken(token.token);
        const botMe = await asBot.getMe();
        assert.equal(botMe.id, bot.user_id);
        assert.equal(botMe.is_bot, true);
        const post = await asBot.createPost({channel_id: channel.id, message: 'hello from a bot token'});
        assert.equal(post.user_id, bot.user_id);

        await admin.disableUserAccessToken(token.id);
        await rejectsWith(asBot.getMe(), 401, 'api.context.session_expired.app_error');
        await admin.enableUserAccessToken(token.id);
        assert.equal((await asBot.getMe()).id, bot.user_id);
        await admin.revokeUserAccessToken(token.id);
        await rejectsWith(asBot.getMe(), 401, 'api.context.session_expired.app_error');
    });

    test('patchBot and disableBot/enableBot', async () => {
        const bot = await admin.createBot({username: `js-patch-${RUN}`});
        const patched = await admin.patchBot(bot.user_id, {description: 'patched'});
        assert.equal(patched.description, 'patched');
        const disabled = await admin.disableBot(bot.user_id);
        assert.ok(disabled.delete_at > 0);
        assert.ok(!(await admin.getBots(0, 100)).some((b) => b.user_id === bot.user_id));
        assert.ok((await admin.getBotsIncludeDeleted(0, 100)).some((b) => b.user_id === bot.user_id));
        const enabled = await admin.enableBot(bot.user_id);
        assert.equal(enabled.delete_at, 0);
    });

    test('a bot cannot log in with a password', async () => {
        const bot = await admin.createBot({username: `js-nologin-${RUN}`});
        await rejectsWith(loggedIn(bot.username, 'any-password-1'), 401, 'api.user.login.bot_login_forbidden.app_error');
    });
});
