// Messaging as a bot or app author does it with the official Mattermost JS client
// (Client4): posts, threads, edits, reactions, pins, unread counts, deletion and
// collapsed threads, checked against Stoa. Run by scripts/test-clients.sh with STOA_URL set.
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';

import {
    ADMIN_PASSWORD, ADMIN_USERNAME, ClientError, ID, RUN, USER_PASSWORD,
    bootstrapAdmin, loggedIn, newId,
} from '../lib/stoa.mjs';

/** Asserts that `promise` rejects with Client4's ClientError carrying `status` (and `id`). */
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

/** The posts of a PostList in its order, without system messages (joins etc.). */
const userPosts = (list) => list.order.map((id) => list.posts[id]).filter((p) => !(p.type || '').startsWith('system_'));
const messages = (list) => userPosts(list).map((p) => p.message);
const reactionPairs = (reactions) => new Set((reactions || []).map((r) => `${r.user_id}:${r.emoji_name}`));

describe('Client4 messaging against Stoa', () => {
    let admin; let me;
    let erin; let erinClient; // posts and reads
    let frank; let frankClient; // a second member of the same channels
    let team;
    let rooms = 0;

    /** A fresh public channel with erin and frank in it. */
    async function newRoom() {
        rooms += 1;
        const ch = await admin.createChannel({
            team_id: team.id, name: `js-msg-${rooms}-${RUN}`, display_name: `JS Messaging ${rooms}`, type: 'O',
        });
        await admin.addToChannel(erin.id, ch.id);
        await admin.addToChannel(frank.id, ch.id);
        return ch;
    }

    const say = async (client, channel, message, root) => {
        // create_at is the server's wall clock in ms: keep consecutive posts apart so
        // "newest first" is well defined.
        await new Promise((resolve) => setTimeout(resolve, 2));
        return client.createPost({channel_id: channel.id, message, ...(root ? {root_id: root.id} : {})});
    };

    /** GET /users/me/channels/{id}/unread: Client4 has no method of its own, so its doFetch. */
    const channelUnread = (client, channel) => client.doFetch(`${client.getUserRoute('me')}/channels/${channel.id}/unread`, {method: 'get'});

    before(async () => {
        await bootstrapAdmin();
        admin = await loggedIn(ADMIN_USERNAME, ADMIN_PASSWORD);
        me = await admin.getMe();
        const make = async (name) => {
            const username = `js-${name}-${RUN}`;
            return admin.createUser({username, email: `${username}@example.com`, password: USER_PASSWORD});
        };
        erin = await make('erin');
        frank = await make('frank');
        erinClient = await loggedIn(erin.username, USER_PASSWORD);
        frankClient = await loggedIn(frank.username, USER_PASSWORD);
        team = await admin.createTeam({name: `js-msg-${RUN}`, display_name: `JS Messaging ${RUN}`, type: 'O'});
        await admin.addToTeam(team.id, erin.id);
        await admin.addToTeam(team.id, frank.id);
    });

    test('createPost, getPost', async () => {
        const ch = await newRoom();
        const post = await say(erinClient, ch, 'hello from an app');
        assert.match(post.id, ID);
        assert.equal(post.channel_id, ch.id);
        assert.equal(post.user_id, erin.id);
        assert.equal(post.message, 'hello from an app');
        assert.equal(post.root_id, '');
        assert.ok(post.create_at > 0);
        assert.equal(post.edit_at, 0);
        assert.equal(post.delete_at, 0);
        assert.equal(post.is_pinned, false);

        const got = await frankClient.getPost(post.id);
        assert.equal(got.id, post.id);
        assert.equal(got.message, post.message);
        assert.equal(got.create_at, post.create_at);

        await rejectsWith(erinClient.getPost(newId()), 404);
    });

    test('getPosts: a PostList, newest first, with cursors', async () => {
        const ch = await newRoom();
        const m1 = await say(erinClient, ch, 'one');
        const m2 = await say(frankClient, ch, 'two');
        const m3 = await say(erinClient, ch, 'three');

        const list = await erinClient.getPosts(ch.id);
        for (const key of ['order', 'posts', 'next_post_id', 'prev_post_id']) {
            assert.ok(key in list, `PostList has no ${key}`);
        }
        assert.deepEqual(userPosts(list).map((p) => p.id), [m3.id, m2.id, m1.id]);
        assert.deepEqual(messages(list), ['three', 'two', 'one']);
        assert.equal(list.next_post_id, '');
        assert.equal(list.prev_post_id, '');

        const first = await erinClient.getPosts(ch.id, 0, 2);
        assert.deepEqual(first.order, [m3.id, m2.id]);
        assert.equal(first.next_post_id, '');
        assert.equal(first.prev_post_id, m1.id);
        const older = await erinClient.getPostsBefore(ch.id, m2.id, 0, 1);
        assert.deepEqual(older.order, [m1.id]);
        assert.equal(older.next_post_id, m2.id);
    });

    test('replies (root_id) and getPostThread', async () => {
        const ch = await newRoom();
        const root = await say(erinClient, ch, 'root');
        const r1 = await say(frankClient, ch, 'first reply', root);
        const r2 = await say(erinClient, ch, 'second reply', root);
        assert.equal(r1.root_id, root.id);
        assert.equal(r2.root_id, root.id);

        assert.equal((await frankClient.getPost(root.id)).reply_count, 2);
        const thread = await frankClient.getPostThread(root.id);
        assert.deepEqual([...thread.order].sort(), [root.id, r1.id, r2.id].sort());
        assert.deepEqual(new Set(Object.keys(thread.posts)), new Set([root.id, r1.id, r2.id]));
        assert.equal(thread.posts[root.id].reply_count, 2);
        assert.equal(thread.posts[r2.id].message, 'second reply');

        // Without collapsed threads the channel lists replies too, newest first.
        assert.deepEqual(messages(await erinClient.getPosts(ch.id)), ['second reply', 'first reply', 'root']);
    });

    test('getPostThread order: the requested post, then the replies oldest first', async () => {
        // Mattermost puts the requested post first, then the thread sorted by the
        // requested direction (Client4 asks for direction=down: oldest first).
        const ch = await newRoom();
        const root = await say(erinClient, ch, 'root');
        const r1 = await say(frankClient, ch, 'r1', root);
        const r2 = await say(erinClient, ch, 'r2', root);
        assert.deepEqual((await frankClient.getPostThread(root.id)).order, [root.id, r1.id, r2.id]);
    });

    test('patchPost and updatePost', async () => {
        const ch = await newRoom();
        const post = await say(erinClient, ch, 'first draft');
        const patched = await erinClient.patchPost({id: post.id, message: 'second draft'});
        assert.equal(patched.id, post.id);
        assert.equal(patched.message, 'second draft');
        assert.ok(patched.edit_at > 0, `edit_at ${patched.edit_at}`);

        const got = await frankClient.getPost(post.id);
        assert.equal(got.message, 'second draft');
        assert.equal(got.edit_at, patched.edit_at);

        const updated = await erinClient.updatePost({...got, message: 'final'});
        assert.equal(updated.message, 'final');
        assert.ok(updated.edit_at >= patched.edit_at);
        assert.equal((await frankClient.getPost(post.id)).message, 'final');

        await rejectsWith(frankClient.patchPost({id: post.id, message: 'hijacked'}), 403);
        assert.equal((await erinClient.getPost(post.id)).message, 'final');
    });

    test('addReaction, getReactionsForPost, removeReaction, metadata.reactions', async () => {
        const ch = await newRoom();
        const post = await say(frankClient, ch, 'react to me');

        const r = await erinClient.addReaction(erin.id, post.id, '+1');
        assert.equal(r.user_id, erin.id);
        assert.equal(r.post_id, post.id);
        assert.equal(r.emoji_name, '+1');
        assert.ok(r.create_at > 0);
        await frankClient.addReaction(frank.id, post.id, 'smile');

        const both = new Set([`${erin.id}:+1`, `${frank.id}:smile`]);
        assert.deepEqual(reactionPairs(await frankClient.getReactionsForPost(post.id)), both);
        const withReactions = await erinClient.getPost(post.id);
        assert.equal(withReactions.has_reactions, true);
        assert.deepEqual(reactionPairs(withReactions.metadata?.reactions), both);

        await erinClient.removeReaction(erin.id, post.id, '+1');
        assert.deepEqual(reactionPairs(await frankClient.getReactionsForPost(post.id)), new Set([`${frank.id}:smile`]));
        assert.deepEqual(reactionPairs((await erinClient.getPost(post.id)).metadata?.reactions), new Set([`${frank.id}:smile`]));

        // Not on someone else's behalf.
        await rejectsWith(erinClient.addReaction(frank.id, post.id, 'tada'), 403);
        await rejectsWith(erinClient.removeReaction(frank.id, post.id, 'smile'), 403);

        await frankClient.removeReaction(frank.id, post.id, 'smile');
        assert.deepEqual(await erinClient.getReactionsForPost(post.id), []);
        const bare = await erinClient.getPost(post.id);
        assert.ok(!bare.has_reactions, 'has_reactions still set'); // omitempty in Mattermost
        assert.deepEqual(reactionPairs(bare.metadata?.reactions), new Set());
    });

    test('pinPost, getPinnedPosts, unpinPost', async () => {
        const ch = await newRoom();
        const keep = await say(erinClient, ch, 'important');
        const other = await say(frankClient, ch, 'chatter');

        await erinClient.pinPost(keep.id);
        assert.equal((await frankClient.getPost(keep.id)).is_pinned, true);
        assert.equal((await frankClient.getPost(other.id)).is_pinned, false);
        const pinned = await frankClient.getPinnedPosts(ch.id);
        assert.deepEqual(pinned.order, [keep.id]);
        assert.equal(pinned.posts[keep.id].message, 'important');

        await frankClient.unpinPost(keep.id);
        assert.equal((await erinClient.getPost(keep.id)).is_pinned, false);
        assert.deepEqual((await erinClient.getPinnedPosts(ch.id)).order, []);
    });

    test('unread counts: channel, team, and viewMyChannel', async () => {
        const ch = await newRoom();
        // Start from nothing unread anywhere in the team.
        for (const c of await erinClient.getMyChannels(team.id)) {
            await erinClient.viewMyChannel(c.id);
        }
        let unread = await channelUnread(erinClient, ch);
        assert.equal(unread.channel_id, ch.id);
        assert.equal(unread.team_id, team.id);
        assert.deepEqual([unread.msg_count, unread.mention_count], [0, 0]);

        await say(frankClient, ch, 'just chatting');
        await say(frankClient, ch, `@${erin.username} can you look at this?`);

        unread = await channelUnread(erinClient, ch);
        assert.deepEqual([unread.msg_count, unread.mention_count], [2, 1]);
        assert.equal((await erinClient.getMyChannelMember(ch.id)).mention_count, 1);
        let mine = (await erinClient.getMyTeamUnreads()).find((t) => t.team_id === team.id);
        assert.ok(mine, 'team missing from getMyTeamUnreads');
        assert.deepEqual([mine.msg_count, mine.mention_count], [2, 1]);
        // The sender has read their own messages.
        const franks = await channelUnread(frankClient, ch);
        assert.deepEqual([franks.msg_count, franks.mention_count], [0, 0]);

        const viewed = await erinClient.viewMyChannel(ch.id);
        assert.equal(viewed.status, 'OK');
        unread = await channelUnread(erinClient, ch);
        assert.deepEqual([unread.msg_count, unread.mention_count], [0, 0]);
        mine = (await erinClient.getMyTeamUnreads()).find((t) => t.team_id === team.id);
        assert.deepEqual([mine.msg_count, mine.mention_count], [0, 0]);
    });

    test('deletePost: gone (404), with its replies', async () => {
        const ch = await newRoom();
        const root = await say(erinClient, ch, 'regrettable');
        const reply = await say(frankClient, ch, 'indeed', root);
        const keep = await say(frankClient, ch, 'unrelated');

        await rejectsWith(frankClient.deletePost(root.id), 403);
        assert.equal((await erinClient.getPost(root.id)).message, 'regrettable');

        assert.equal((await erinClient.deletePost(root.id)).status, 'OK');
        await rejectsWith(frankClient.getPost(root.id), 404);
        await rejectsWith(frankClient.getPost(reply.id), 404);
        assert.deepEqual(userPosts(await frankClient.getPosts(ch.id)).map((p) => p.id), [keep.id]);
    });

    test('unknown and deleted posts are 404 app.post.get.app_error', async () => {
        // Mattermost: GetSinglePost -> AppError("app.post.get.app_error", 404).
        const ch = await newRoom();
        const post = await say(erinClient, ch, 'short-lived');
        await erinClient.deletePost(post.id);
        await rejectsWith(erinClient.getPost(post.id), 404, 'app.post.get.app_error');
        await rejectsWith(erinClient.getPost(newId()), 404, 'app.post.get.app_error');
    });

    test('collapsed threads: getUserThreads, getUserThread, following', async () => {
        const ch = await newRoom();
        const root = await say(erinClient, ch, `thread ${RUN}`);
        const reply = await say(frankClient, ch, 'a reply', root);

        // The replier follows the thread, having read up to their own reply.
        const franks = await frankClient.getUserThreads(frank.id, team.id, {});
        const thread = franks.threads.find((t) => t.id === root.id);
        assert.ok(thread, `frank does not follow the thread: ${JSON.stringify(franks)}`);
        assert.equal(thread.reply_count, 1);
        assert.equal(thread.post.id, root.id);
        assert.equal(thread.post.message, `thread ${RUN}`);
        assert.equal(thread.unread_replies, 0);
        assert.ok(thread.last_reply_at >= reply.create_at);
        assert.ok(franks.total >= 1);

        // The root's author follows it too, with one unread reply.
        const erins = await erinClient.getUserThread(erin.id, team.id, root.id);
        assert.equal(erins.id, root.id);
        assert.equal(erins.reply_count, 1);
        assert.equal(erins.unread_replies, 1);

        // Collapsed channel view: only roots, carrying the thread summary.
        const crt = await frankClient.getPosts(ch.id, 0, 60, true, true, true);
        assert.ok(crt.order.every((id) => crt.posts[id].root_id === ''));
        assert.equal(crt.posts[root.id].reply_count, 1);
        assert.equal(crt.posts[root.id].is_following, true);

        await frankClient.updateThreadFollowForUser(frank.id, team.id, root.id, false);
        const after = await frankClient.getUserThreads(frank.id, team.id, {});
        assert.ok(!after.threads.some((t) => t.id === root.id), 'unfollowed thread still listed');
    });

    test('someone outside a private channel cannot post or read there', async () => {
        const secret = await admin.createChannel({team_id: team.id, name: `js-msg-secret-${RUN}`, display_name: 'Secret', type: 'P'});
        const post = await admin.createPost({channel_id: secret.id, message: 'for admins only'});
        assert.equal(post.user_id, me.id);
        await rejectsWith(erinClient.createPost({channel_id: secret.id, message: 'let me in'}), 403);
        await rejectsWith(erinClient.getPost(post.id), 403);
        await rejectsWith(erinClient.getPosts(secret.id), 403);
    });

    test('searchPosts and searchPostsWithParams: words, phrases, from:, in:, exclusions', async () => {
        const ch = await newRoom();
        // A word of this test's own (RUN is also in usernames that other posts mention).
        const tag = `zq${newId().slice(0, 10)}`;
        await erinClient.createPost({channel_id: ch.id, message: `deployed build ${tag} to staging`});
        await frankClient.createPost({channel_id: ch.id, message: `deploying ${tag} to production`});
        await frankClient.createPost({channel_id: ch.id, message: `release notes for ${tag} are ready`});
        const found = (res) => res.order.map((id) => res.posts[id].message);

        const res = await erinClient.searchPosts(team.id, `deploy ${tag}`, false);
        assert.deepEqual(found(res), [`deploying ${tag} to production`, `deployed build ${tag} to staging`]);
        assert.deepEqual(res.matches[res.order[0]], ['deploying', tag]);
        assert.deepEqual(found(await erinClient.searchPosts(team.id, `${tag} from:${frank.username}`, false)).sort(),
            [`deploying ${tag} to production`, `release notes for ${tag} are ready`]);
        assert.deepEqual(found(await erinClient.searchPosts(team.id, `"release notes" in:${ch.name}`, false)),
            [`release notes for ${tag} are ready`]);
        assert.deepEqual(found(await erinClient.searchPosts(team.id, `${tag} -staging -production`, false)),
            [`release notes for ${tag} are ready`]);
        const or = await erinClient.searchPostsWithParams(team.id, {terms: `staging production ${tag}zz`, is_or_search: true, page: 0, per_page: 1});
        assert.equal(or.order.length, 1, 'per_page bounds the page');
    });
});
