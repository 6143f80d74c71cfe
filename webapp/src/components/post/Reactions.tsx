import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Post } from '../../api/types';
import { storeReaction } from '../../queries/postActions';
import { useCustomEmoji } from '../../queries/emoji';
import { summarizeReactions } from '../../lib/postStore';
import { emojiChar, rememberEmoji } from '../../lib/emoji';
import { errorMessage } from '../../lib/format';
import { t } from '../../i18n/en';

/** Adds or removes the user's reaction: shown at once, undone if the server refuses. */
export async function toggleReaction(
  qc: QueryClient,
  post: Post,
  myId: string,
  emoji: string,
  add: boolean,
  onError: (message: string) => void,
): Promise<void> {
  const r = { user_id: myId, post_id: post.id, emoji_name: emoji, create_at: Date.now() };
  storeReaction(qc, r, add);
  if (add) rememberEmoji(emoji);
  onError('');
  try {
    if (add) await api.addReaction(myId, post.id, emoji);
    else await api.removeReaction(myId, post.id, emoji);
  } catch (err) {
    storeReaction(qc, r, !add);
    onError(errorMessage(err));
  }
}

/** The reactions under a post, by emoji; pressing one adds or takes back the user's own. */
export function Reactions({ post, myId, onError }: { post: Post; myId: string; onError: (message: string) => void }) {
  if (!post.metadata?.reactions?.length) return null;
  return <ReactionList post={post} myId={myId} onError={onError} />;
}

function ReactionList({ post, myId, onError }: { post: Post; myId: string; onError: (message: string) => void }) {
  const qc = useQueryClient();
  const custom = useCustomEmoji();
  const list = summarizeReactions(post.metadata?.reactions ?? [], myId);
  return (
    <div className="reactions">
      {list.map((r) => {
        const char = emojiChar(r.emoji);
        const image = char ? undefined : custom.byName.get(r.emoji);
        return (
          <button
            key={r.emoji}
            type="button"
            className={`reaction${r.mine ? ' reaction--mine' : ''}`}
            aria-pressed={r.mine}
            aria-label={t('post.reaction', { emoji: r.emoji, count: r.count })}
            title={`:${r.emoji}:`}
            onClick={() => void toggleReaction(qc, post, myId, r.emoji, !r.mine, onError)}
          >
            {image ? (
              <img className="reaction__image" src={api.customEmojiImageUrl(image.id)} alt="" width={18} height={18} />
            ) : (
              <span aria-hidden="true">{char ?? `:${r.emoji}:`}</span>
            )}
            <span className="reaction__count" aria-hidden="true">
              {r.count}
            </span>
          </button>
        );
      })}
    </div>
  );
}
