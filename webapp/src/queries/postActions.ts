// Writes to the post caches from our own actions (the WebSocket delivers the same changes again;
// every update is idempotent).

import type { QueryClient } from '@tanstack/react-query';
import type { Post, Reaction } from '../api/types';
import { appendLive, applyReactionToCache, removePost, updatePost, upsertPost, type PostCache } from '../lib/postStore';
import { keys } from './keys';
import { useUi } from '../store/ui';

/** Our own new post: into the channel's window (when it reaches the newest) and its thread. */
export function storeNewPost(qc: QueryClient, post: Post): void {
  // A reply joins the channel's list too when replies are not collapsed into threads.
  if (!post.root_id || !useUi.getState().collapsedThreads) {
    qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => appendLive(c, post));
  }
  qc.setQueryData<PostCache>(keys.thread(post.root_id || post.id), (c) => (c ? upsertPost(c, post) : c));
}

/** Our own edit (or pin): replaces the post wherever it is cached. */
export function storeEditedPost(qc: QueryClient, post: Post): void {
  qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => updatePost(c, post));
  qc.setQueryData<PostCache>(keys.thread(post.root_id || post.id), (c) => updatePost(c, post));
}

export function dropPost(qc: QueryClient, post: Post): void {
  qc.setQueryData<PostCache>(keys.posts(post.channel_id), (c) => (c ? removePost(c, post.id) : c));
  qc.setQueryData<PostCache>(keys.thread(post.root_id || post.id), (c) => (c ? removePost(c, post.id) : c));
}

export function storeReaction(qc: QueryClient, r: Reaction, added: boolean): void {
  const apply = (c: PostCache | undefined) => applyReactionToCache(c, r, added);
  qc.setQueriesData<PostCache>({ queryKey: keys.postsAll }, apply);
  qc.setQueriesData<PostCache>({ queryKey: keys.threadAll }, apply);
}
