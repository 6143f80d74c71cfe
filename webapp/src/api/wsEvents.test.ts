import { describe, expect, it } from 'vitest';
import { parseWsMessage } from './wsEvents';

const post = {
  id: 'p1',
  create_at: 1700000000000,
  update_at: 1700000000000,
  edit_at: 0,
  delete_at: 0,
  user_id: 'u1',
  channel_id: 'c1',
  root_id: '',
  message: 'hello',
  type: '',
  props: {},
};

function frame(o: unknown): string {
  return JSON.stringify(o);
}

describe('parseWsMessage', () => {
  it('decodes the member of channel_member_updated', () => {
    const member = { channel_id: 'c1', user_id: 'u1', roles: 'channel_user', notify_props: { mark_unread: 'mention' } };
    const m = parseWsMessage(
      frame({ event: 'channel_member_updated', data: { channelMember: JSON.stringify(member) }, broadcast: { user_id: 'u1' }, seq: 4 }),
    );
    expect(m).toEqual({ kind: 'event', event: { type: 'member_updated', seq: 4, member } });
    expect(parseWsMessage(frame({ event: 'channel_member_updated', data: { channelMember: '{}' }, seq: 5 })).kind).toBe('invalid');
  });

  it('reads hello', () => {
    const m = parseWsMessage(
      frame({ event: 'hello', data: { connection_id: 'abc', server_version: '11.0.0' }, broadcast: {}, seq: 0 }),
    );
    expect(m).toEqual({
      kind: 'event',
      event: { type: 'hello', seq: 0, connectionId: 'abc', serverVersion: '11.0.0' },
    });
  });

  it('decodes the JSON string of a posted post', () => {
    const m = parseWsMessage(
      frame({
        event: 'posted',
        data: {
          post: JSON.stringify(post),
          channel_type: 'O',
          team_id: 't1',
          mentions: JSON.stringify(['me']),
        },
        broadcast: { channel_id: 'c1', team_id: '', user_id: '', omit_users: null },
        seq: 4,
      }),
    );
    expect(m.kind).toBe('event');
    if (m.kind !== 'event' || m.event.type !== 'posted') throw new Error('not posted');
    expect(m.event.post).toEqual(post);
    expect(m.event.seq).toBe(4);
    expect(m.event.channelId).toBe('c1');
    expect(m.event.teamId).toBe('t1');
    expect(m.event.channelType).toBe('O');
    expect(m.event.mentions).toEqual(['me']);
  });

  it('fills defaults a post may omit', () => {
    const m = parseWsMessage(
      frame({ event: 'posted', data: { post: JSON.stringify({ id: 'p', channel_id: 'c', message: 'x' }) }, seq: 1 }),
    );
    if (m.kind !== 'event' || m.event.type !== 'posted') throw new Error('not posted');
    expect(m.event.post.root_id).toBe('');
    expect(m.event.post.props).toEqual({});
    expect(m.event.post.type).toBe('');
    expect(m.event.mentions).toEqual([]);
  });

  it('reads edits and deletions', () => {
    for (const event of ['post_edited', 'post_deleted'] as const) {
      const m = parseWsMessage(frame({ event, data: { post: JSON.stringify(post) }, broadcast: {}, seq: 2 }));
      expect(m).toEqual({ kind: 'event', event: { type: event, seq: 2, post } });
    }
  });

  it('reads an ephemeral post', () => {
    const eph = { ...post, type: 'system_ephemeral', props: { attachments: [{ text: 'x' }] } };
    const m = parseWsMessage(frame({ event: 'ephemeral_message', data: { post: JSON.stringify(eph) }, broadcast: {}, seq: 4 }));
    expect(m).toEqual({ kind: 'event', event: { type: 'ephemeral', seq: 4, post: eph } });
  });

  it('reads reactions', () => {
    const reaction = { user_id: 'u1', post_id: 'p1', emoji_name: '+1', create_at: 5 };
    const m = parseWsMessage(
      frame({ event: 'reaction_added', data: { reaction: JSON.stringify(reaction) }, broadcast: {}, seq: 3 }),
    );
    expect(m).toEqual({ kind: 'event', event: { type: 'reaction_added', seq: 3, reaction } });
  });

  it('reads typing, with the channel from the broadcast', () => {
    const m = parseWsMessage(
      frame({
        event: 'typing',
        data: { user_id: 'u2', parent_id: 'root' },
        broadcast: { channel_id: 'c9', omit_users: { u2: true } },
        seq: 7,
      }),
    );
    expect(m).toEqual({
      kind: 'event',
      event: { type: 'typing', seq: 7, channelId: 'c9', userId: 'u2', parentId: 'root' },
    });
  });

  it('reads channel views, old and new shapes', () => {
    expect(parseWsMessage(frame({ event: 'channel_viewed', data: { channel_id: 'c1' }, seq: 1 }))).toEqual({
      kind: 'event',
      event: { type: 'channel_viewed', seq: 1, channelId: 'c1', times: { c1: 0 } },
    });
    expect(
      parseWsMessage(frame({ event: 'multiple_channels_viewed', data: { channel_times: { c2: 99 } }, seq: 2 })),
    ).toEqual({ kind: 'event', event: { type: 'channel_viewed', seq: 2, channelId: 'c2', times: { c2: 99 } } });
  });

  it('groups membership events', () => {
    const m = parseWsMessage(
      frame({ event: 'user_added', data: { user_id: 'u', team_id: 't' }, broadcast: { channel_id: 'c' }, seq: 5 }),
    );
    expect(m).toEqual({
      kind: 'event',
      event: { type: 'channels_changed', seq: 5, event: 'user_added', channelId: 'c', teamId: 't' },
    });
  });

  it('passes unknown events through', () => {
    const m = parseWsMessage(frame({ event: 'new_user', data: { user_id: 'u' }, broadcast: {}, seq: 8 }));
    expect(m).toMatchObject({ kind: 'event', event: { type: 'other', event: 'new_user', seq: 8 } });
  });

  it('tells replies from events', () => {
    expect(parseWsMessage(frame({ status: 'OK', seq_reply: 3, data: { text: 'pong' } }))).toEqual({
      kind: 'reply',
      reply: { status: 'OK', seq_reply: 3, data: { text: 'pong' } },
    });
  });

  it('rejects garbage and broken payloads, keeping their seq', () => {
    expect(parseWsMessage('not json').kind).toBe('invalid');
    expect(parseWsMessage('[1,2]').kind).toBe('invalid');
    expect(parseWsMessage(frame({ event: 'posted' })).kind).toBe('invalid');
    expect(parseWsMessage(frame({ event: 'posted', data: { post: '{broken' }, seq: 9 }))).toEqual({
      kind: 'invalid',
      reason: 'bad posted payload',
      seq: 9,
    });
  });

  it('decodes draft events (the draft is a JSON string)', () => {
    const draft = { create_at: 1, update_at: 2, delete_at: 0, user_id: 'u1', channel_id: 'c1', root_id: '', message: 'hi', props: {}, file_ids: [] };
    const m = parseWsMessage(frame({ event: 'draft_updated', data: { draft: JSON.stringify(draft) }, broadcast: { user_id: 'u1' }, seq: 6 }));
    expect(m).toEqual({ kind: 'event', event: { type: 'draft', seq: 6, event: 'draft_updated', draft } });
    const del = parseWsMessage(frame({ event: 'draft_deleted', data: { draft: JSON.stringify({ ...draft, delete_at: 3 }) }, seq: 7 }));
    expect(del.kind === 'event' && del.event.type === 'draft' && del.event.draft.delete_at).toBe(3);
    expect(parseWsMessage(frame({ event: 'draft_created', data: { draft: '{}' }, seq: 8 })).kind).toBe('invalid');
  });

  it('carries the channel of channel_updated (a group message now in a team)', () => {
    const channel = { id: 'g1', team_id: 't1', type: 'P', name: 'planning', display_name: 'Planning' };
    const m = parseWsMessage(frame({ event: 'channel_updated', data: { channel: JSON.stringify(channel) }, broadcast: { channel_id: 'g1' }, seq: 3 }));
    expect(m.kind === 'event' && m.event.type === 'channels_changed' && m.event.channel).toEqual(channel);
    expect(m.kind === 'event' && m.event.type === 'channels_changed' && m.event.channelId).toBe('g1');
  });
});
