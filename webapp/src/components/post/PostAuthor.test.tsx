// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Post, User } from '../../api/types';
import { keys } from '../../queries/keys';
import { PostAuthorName, PostAvatar, postOverrides } from './PostAuthor';
import { setup, type Harness } from '../../test/render';

let h: Harness;
afterEach(async () => {
  await h?.unmount();
});

const FILE = '/api/v4/files/abcdefghijklmnopqrstuvwxyz';

function post(over: Partial<Post> = {}): Post {
  return {
    id: 'p1',
    create_at: 1,
    update_at: 1,
    edit_at: 0,
    delete_at: 0,
    user_id: 'u2',
    channel_id: 'c1',
    root_id: '',
    message: 'hi',
    type: '',
    props: {},
    ...over,
  };
}

const BOB: User = { id: 'u2', username: 'bob', roles: 'system_user' };
const BOT: User = { id: 'u3', username: 'ci-bot', roles: 'system_user', is_bot: true };
const ON = { EnablePostUsernameOverride: 'true', EnablePostIconOverride: 'true' };

describe('postOverrides', () => {
  const hook = post({ props: { from_webhook: 'true', override_username: 'Jenkins', override_icon_url: `${FILE}/thumbnail` } });
  it('uses the override name and a local icon for webhook posts when the server allows them', () => {
    expect(postOverrides(hook, ON)).toEqual({ username: 'Jenkins', iconSrc: `${FILE}/thumbnail` });
  });
  it('ignores them when the server does not allow them, or the post is not from a webhook', () => {
    expect(postOverrides(hook, {})).toEqual({});
    expect(postOverrides(post({ props: { override_username: 'Jenkins' } }), ON)).toEqual({});
  });
  it('does not load an icon from another origin', () => {
    const ext = post({ props: { from_webhook: 'true', override_icon_url: 'https://cdn.example/i.png' } });
    expect(postOverrides(ext, ON).iconSrc).toBeUndefined();
  });
});

describe('PostAuthorName', () => {
  beforeEach(() => {
    h = setup(undefined, ON);
    h.qc.setQueryData(keys.user(BOB.id), BOB);
    h.qc.setQueryData(keys.user(BOT.id), BOT);
  });

  it('shows a person’s name without a BOT tag', async () => {
    await h.render(<PostAuthorName post={post()} />);
    expect(h.host.textContent).toBe('bob');
    expect(h.host.querySelector('.bot-tag')).toBeNull();
  });

  it('tags a bot user’s post', async () => {
    await h.render(<PostAuthorName post={post({ user_id: BOT.id })} />);
    expect(h.host.querySelector('.post__author')?.textContent).toBe('ci-botBOT');
  });

  it('shows a webhook post’s override name with the BOT tag, and its icon', async () => {
    const p = post({ props: { from_webhook: 'true', override_username: 'Jenkins', override_icon_url: `${FILE}/thumbnail` } });
    await h.render(
      <>
        <PostAuthorName post={p} />
        <PostAvatar post={p} />
      </>,
    );
    expect(h.host.querySelector('.post__author')?.textContent).toBe('JenkinsBOT');
    expect(h.host.querySelector('img.avatar')?.getAttribute('src')).toBe(`${FILE}/thumbnail`);
  });

  it('labels an ephemeral post as only visible to the reader', async () => {
    await h.render(<PostAuthorName post={post({ type: 'system_ephemeral' })} />);
    expect(h.host.querySelector('.post__author')?.textContent).toBe('System(Only visible to you)');
  });

  it('gives "System" the app’s icon, not the reader’s picture (an ephemeral post carries the reader’s id)', async () => {
    await h.render(<PostAvatar post={post({ type: 'system_ephemeral' })} />);
    expect(h.host.querySelector('img.avatar')?.getAttribute('src')).toBe('/favicon.svg');
    expect(h.host.querySelector('.presence')).toBeNull();
  });
});
