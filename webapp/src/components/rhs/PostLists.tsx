import { useQuery } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Post, PostList, Team } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { useChannelById } from '../../queries/channels';
import { useChannelDisplayName } from '../../queries/channelName';
import { keys } from '../../queries/keys';
import { errorMessage } from '../../lib/format';
import { t } from '../../i18n/en';
import { RhsShell } from './RhsPane';
import { ResultItem } from './ResultItem';

function postsOf(list: PostList | undefined): Post[] {
  if (!list) return [];
  return list.order.map((id) => list.posts[id]).filter((p): p is Post => !!p && p.delete_at === 0);
}

function ListBody({
  label,
  query,
  empty,
}: {
  label: string;
  query: { data?: PostList; error: unknown; isPending: boolean };
  empty: string;
}) {
  const posts = postsOf(query.data);
  return (
    <div className="rhs__scroll" role="region" aria-label={label}>
      {query.isPending && <p className="message-list__status">{t('app.loading')}</p>}
      {query.error ? (
        <p className="message-list__status" role="alert">
          {errorMessage(query.error)}
        </p>
      ) : null}
      {query.data && posts.length === 0 && (
        <div className="rhs__empty">
          <p>{empty}</p>
        </div>
      )}
      {posts.map((p) => (
        <ResultItem key={p.id} post={p} />
      ))}
    </div>
  );
}

/** The user's saved posts (Mattermost's flagged posts). */
export function SavedPosts() {
  const me = useMeUser();
  const q = useQuery({ queryKey: keys.saved, queryFn: () => api.getFlaggedPosts(me.id), staleTime: 30 * 1000 });
  return (
    <RhsShell title={t('rhs.saved')}>
      <ListBody label={t('rhs.saved')} query={q} empty={t('rhs.noSaved')} />
    </RhsShell>
  );
}

/** The pinned posts of a channel. */
export function PinnedPosts({ channelId }: { channelId: string; team: Team }) {
  const me = useMeUser();
  const { channel } = useChannelById(channelId);
  const name = useChannelDisplayName(channel, me.id);
  const q = useQuery({
    queryKey: keys.pinned(channelId),
    queryFn: () => api.getPinnedPosts(channelId),
    staleTime: 30 * 1000,
  });
  return (
    <RhsShell title={t('rhs.pinned')} subtitle={name ? t('thread.in', { name }) : undefined}>
      <ListBody label={t('rhs.pinned')} query={q} empty={t('rhs.noPinned')} />
    </RhsShell>
  );
}
