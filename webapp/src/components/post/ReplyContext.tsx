import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Post } from '../../api/types';
import { keys } from '../../queries/keys';
import type { PostCache } from '../../lib/postStore';
import { stripMarkdown } from '../../live/notifications';
import { useUi } from '../../store/ui';
import { UserName } from '../UserName';
import { IconReply } from '../icons';
import { t } from '../../i18n/en';

/**
 * Above a reply shown in the channel (collapsed reply threads off): whose message it answers,
 * with the start of it, as Mattermost's "Commented on …'s message". Opens the thread.
 */
export function ReplyContext({ post }: { post: Post }) {
  const qc = useQueryClient();
  const openThread = useUi((s) => s.openThread);
  const cached =
    qc.getQueryData<PostCache>(keys.posts(post.channel_id))?.posts[post.root_id] ??
    qc.getQueryData<PostCache>(keys.thread(post.root_id))?.posts[post.root_id];
  const root = useQuery({
    queryKey: ['post', post.root_id],
    queryFn: () => api.getPost(post.root_id),
    enabled: !cached,
    staleTime: 5 * 60 * 1000,
  });
  const rootPost = cached ?? root.data;
  return (
    <button type="button" className="reply-context" onClick={() => openThread(post.root_id, post.channel_id, post.id)}>
      <IconReply />
      {rootPost ? (
        <>
          {t('post.replyTo')}{' '}
          <strong>
            <UserName userId={rootPost.user_id} />
          </strong>
          : <span className="reply-context__text">{stripMarkdown(rootPost.message).slice(0, 120)}</span>
        </>
      ) : (
        t('post.replyToMessage')
      )}
    </button>
  );
}
