// What a developer using the official Mattermost JS client (Client4) relies on,
// checked against Stoa. Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';

import {
    ADMIN_PASSWORD, ADMIN_USERNAME, ClientError, ID, RUN, USER_PASSWORD,
    bootstrapAdmin, loggedIn, newClient, newId, roleSet,
} from '../lib/stoa.mjs';

/** Asserts that `promise` rejects with Client4's ClientError carrying `status` (and `id`). */
async function rejectsWith(promise, status, id) {
    await assert.rejects(promise, (e) => {
        assert.ok(e instanceof ClientError, `expected a ClientError, got ${e}`);
        assert.equal(e.status_code, status, `status_code of ${e.url}: ${e.message}`);
        if (id) {
            assert.equal(e.server_error_id, id);
        } else {
            assert.ok(e.server_error_id, 'error has no server_error_id');
        }
        assert.ok(e.message, 'error has no message');
        return true;
    });
}

const ids = (list) => new Set(list.map((x) => x.id));
const names = (list) => new Set(list.map((x) => x.name));

describe('Client4 against Stoa', () => {
    let bootstrap; // sign-up response if this suite created the admin, else null
    let admin; // Client4 logged in as the system admin
    let me; // the admin's profile
    let carol; let carolClient; // a second user, created by the admin
    let dave; let daveClient; // a third user
    let team;

    before(async () => {
        bootstrap = await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        me = await admin.getMe();
    });

    test('the first user on an empty server is system admin', () => {
        if (bootstrap) {
            assert.match(bootstrap.id, ID);
            assert.equal(bootstrap.username, ADMIN_USERNAME);
            assert.deepEqual(roleSet(bootstrap), new Set(['system_user', 'system_admin']));
            assert.ok(!bootstrap.password, 'password hash leaked in the sign-up response');
        }
        assert.deepEqual(roleSet(me), new Set(['system_user', 'system_admin']));
    });

    test('login stores the session token; getMe returns the profile', async () => {
        assert.ok(admin.getToken(), 'no Token header on the login response');
        assert.equal(typeof me, 'object', `getMe was not parsed as JSON: ${me}`);
        assert.match(me.id, ID);
        assert.equal(me.username, ADMIN_USERNAME);
        assert.equal(me.email, `${ADMIN_USERNAME}@example.com`);
        assert.ok(!me.password);

        const profile = await newClient().login(ADMIN_USERNAME, ADMIN_PASSWORD);
        assert.equal(profile.id, me.id);
        assert.equal((await admin.getUser(me.id)).username, ADMIN_USERNAME);
        assert.equal((await admin.getUserByUsername(ADMIN_USERNAME)).id, me.id);
    });

    test('a wrong password is rejected with 401', async () => {
        await rejectsWith(newClient().login(ADMIN_USERNAME, 'not-the-password'), 401);
    });

    test('requests without a session are rejected with 401', async () => {
        await rejectsWith(newClient().getMe(), 401);
    });

    test('anonymous sign-up is refused with 403 on a closed server', async () => {
        const username = `js-intruder-${RUN}`;
        await rejectsWith(newClient().createUser({username, email: `${username}@example.com`, password: USER_PASSWORD}), 403);
    });

    test('the admin creates users who can then log in', async () => {
        const make = async (name) => {
            const username = `js-${name}-${RUN}`;
            const u = await admin.createUser({username, email: `${username}@example.com`, password: USER_PASSWORD, nickname: name});
            assert.match(u.id, ID);
            assert.equal(u.username, username);
            assert.equal(u.nickname, name);
            assert.deepEqual(roleSet(u), new Set(['system_user']));
            assert.ok(!u.password);
            return u;
        };
        carol = await make('carol');
        dave = await make('dave');

        carolClient = await loggedIn(carol.username, USER_PASSWORD);
        daveClient = await loggedIn(dave.email, USER_PASSWORD); // by email
        assert.equal((await carolClient.getMe()).id, carol.id);
        assert.equal((await daveClient.getMe()).id, dave.id);
    });

    test('createTeam: the creator is team admin', async () => {
        team = await admin.createTeam({name: `js-team-${RUN}`, display_name: `JS Team ${RUN}`, type: 'O'});
        assert.match(team.id, ID);
        assert.equal(team.name, `js-team-${RUN}`);
        assert.equal(team.display_name, `JS Team ${RUN}`);
        assert.equal(team.type, 'O');

        assert.equal((await admin.getTeam(team.id)).name, team.name);
        assert.equal((await admin.getTeamByName(team.name)).id, team.id);
        assert.ok(ids(await admin.getMyTeams()).has(team.id));

        const member = await admin.getTeamMember(team.id, me.id);
        assert.equal(member.team_id, team.id);
        assert.equal(member.user_id, me.id);
        assert.ok(roleSet(member).has('team_admin'), `roles: ${member.roles}`);
        assert.ok(roleSet(member).has('team_user'), `roles: ${member.roles}`);
    });

    test('a new team has town-square and off-topic', async () => {
        const mine = await admin.getMyChannels(team.id);
        assert.ok(names(mine).has('town-square'));
        assert.ok(names(mine).has('off-topic'));

        const town = await admin.getChannelByName(team.id, 'town-square');
        assert.equal(town.team_id, team.id);
        assert.equal(town.type, 'O');
        assert.equal(town.display_name, 'Town Square');
    });

    test('addToTeam', async () => {
        for (const u of [carol, dave]) {
            const member = await admin.addToTeam(team.id, u.id);
            assert.equal(member.team_id, team.id);
            assert.equal(member.user_id, u.id);
            assert.ok(roleSet(member).has('team_user'));
            assert.ok(!roleSet(member).has('team_admin'));
        }
        assert.ok(ids(await carolClient.getMyTeams()).has(team.id));
        // Joining a team joins its default channels.
        const carolChannels = names(await carolClient.getMyChannels(team.id));
        assert.ok(carolChannels.has('town-square'));
        assert.ok(carolChannels.has('off-topic'));
    });

    test('createChannel (public), getChannelByName, addToChannel', async () => {
        const ch = await admin.createChannel({
            team_id: team.id, name: `js-public-${RUN}`, display_name: 'JS Public', type: 'O', purpose: 'testing',
        });
        assert.match(ch.id, ID);
        assert.equal(ch.team_id, team.id);
        assert.equal(ch.name, `js-public-${RUN}`);
        assert.equal(ch.display_name, 'JS Public');
        assert.equal(ch.type, 'O');
        assert.equal(ch.purpose, 'testing');
        assert.equal(ch.creator_id, me.id);

        assert.equal((await admin.getChannel(ch.id)).name, ch.name);
        assert.equal((await admin.getChannelByName(team.id, ch.name)).id, ch.id);
        assert.equal((await admin.getChannelByNameAndTeamName(team.name, ch.name)).id, ch.id);
        // Team members may look at public channels they are not in.
        assert.equal((await carolClient.getChannelByName(team.id, ch.name)).id, ch.id);
        assert.ok(!ids(await carolClient.getMyChannels(team.id)).has(ch.id));

        const member = await admin.addToChannel(carol.id, ch.id);
        assert.equal(member.channel_id, ch.id);
        assert.equal(member.user_id, carol.id);

        assert.ok(ids(await carolClient.getMyChannels(team.id)).has(ch.id));
        const members = await admin.getChannelMembers(ch.id);
        assert.deepEqual(new Set(members.map((m) => m.user_id)), new Set([me.id, carol.id]));
        assert.equal((await carolClient.getMyChannelMember(ch.id)).user_id, carol.id);
    });

    test('a private channel is invisible to non-members', async () => {
        const ch = await admin.createChannel({team_id: team.id, name: `js-private-${RUN}`, display_name: 'JS Private', type: 'P'});
        assert.equal(ch.type, 'P');

        await rejectsWith(carolClient.getChannel(ch.id), 403);
        // By name Mattermost answers 404, not to reveal that the channel exists.
        await rejectsWith(carolClient.getChannelByName(team.id, ch.name), 404, 'app.channel.get_by_name.missing.app_error');
        assert.ok(!ids(await carolClient.getMyChannels(team.id)).has(ch.id));

        await admin.addToChannel(carol.id, ch.id);
        assert.equal((await carolClient.getChannel(ch.id)).id, ch.id);
        assert.equal((await carolClient.getChannelByName(team.id, ch.name)).id, ch.id);
        assert.ok(ids(await carolClient.getMyChannels(team.id)).has(ch.id));

        // dave is on the team but not in the channel, and may not add himself.
        await rejectsWith(daveClient.getChannel(ch.id), 403);
        await rejectsWith(daveClient.addToChannel(dave.id, ch.id), 403);
    });

    test('createDirectChannel', async () => {
        const dm = await admin.createDirectChannel([me.id, carol.id]);
        assert.match(dm.id, ID);
        assert.equal(dm.type, 'D');
        assert.equal(dm.team_id, '');
        assert.equal(dm.name, [me.id, carol.id].sort().join('__'));

        // The same pair, from the other side and in the other order, gets the same channel.
        assert.equal((await carolClient.createDirectChannel([carol.id, me.id])).id, dm.id);
        const members = await carolClient.getChannelMembers(dm.id);
        assert.deepEqual(new Set(members.map((m) => m.user_id)), new Set([me.id, carol.id]));
        // Direct channels are listed with every team's channels.
        assert.ok(ids(await carolClient.getMyChannels(team.id)).has(dm.id));
        // Someone outside the conversation cannot read it.
        await rejectsWith(daveClient.getChannel(dm.id), 403);
    });

    test('createGroupChannel', async () => {
        const userIds = [me.id, carol.id, dave.id];
        const gm = await daveClient.createGroupChannel(userIds);
        assert.match(gm.id, ID);
        assert.equal(gm.type, 'G');
        assert.equal(gm.team_id, '');
        assert.equal(gm.display_name, [ADMIN_USERNAME, carol.username, dave.username].sort().join(', '));

        const members = await admin.getChannelMembers(gm.id);
        assert.deepEqual(new Set(members.map((m) => m.user_id)), new Set(userIds));
        assert.equal((await admin.createGroupChannel([...userIds].reverse())).id, gm.id);
        assert.ok(ids(await carolClient.getMyChannels(team.id)).has(gm.id));

        await rejectsWith(admin.createGroupChannel([me.id, carol.id]), 400, 'api.channel.create_group.bad_size.app_error');
    });

    test('unknown ids and names are 404 with Mattermost error ids', async () => {
        await rejectsWith(admin.getTeam(newId()), 404, 'app.team.get.find.app_error');
        await rejectsWith(admin.getChannelByName(team.id, `no-such-channel-${RUN}`), 404, 'app.channel.get_by_name.missing.app_error');
    });

    test('invalid input is 400', async () => {
        await rejectsWith(admin.createTeam({name: 'Not A Valid Name!', display_name: 'Bad', type: 'O'}), 400);
        await rejectsWith(admin.createChannel({team_id: team.id, name: `js-nodisplay-${RUN}`, display_name: '', type: 'O'}), 400);
    });
});
