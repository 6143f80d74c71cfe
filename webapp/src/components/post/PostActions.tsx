import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Post } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { dropPost, storeEditedPost } from '../../queries/postActions';
import { deletePreferences, makePreference, savePreferences, usePreferences } from '../../queries/preferences';
import { keys } from '../../queries/keys';
import { replaceCachedMember } from '../../queries/live';
import { errorMessage } from '../../lib/format';
import { useUi } from '../../store/ui';
import { permalinkUrl } from '../../pages/jump';
import { ReactionPicker } from '../EmojiPicker';
import { Popover } from '../Popover';
import { IconDots, IconReply, IconSmile } from '../icons';
import { t } from '../../i18n/en';
import { toggleReaction } from './Reactions';

/** Mattermost keeps saved ("flagged") posts as preferences: category `flagged_post`, name = post id. */
export const SAVED_CATEGORY = 'flagged_post';

/** The hover bar of a post: react, reply, and the "…" menu. */
export function PostActions({
  post,
  mine,
  showReply,
  onEdit,
  onError,
}: {
  post: Post;
  mine: boolean;
  showReply: boolean;
  onEdit: () => void;
  onError: (message: string) => void;
}) {
  const qc = useQueryClient();
  const me = useMeUser();
  const { team = '' } = useParams();
  const openThread = useUi((s) => s.openThread);
  const askConfirm = useUi((s) => s.askConfirm);
  const prefs = usePreferences();
  const saved = !!prefs.data?.some((p) => p.category === SAVED_CATEGORY && p.name === post.id);
  const [picking, setPicking] = useState(false);
  const [menu, setMenu] = useState(false);
  const [copied, setCopied] = useState(false);
  const reactButton = useRef<HTMLButtonElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  // The menu opens upwards in the lower half of the window, so the list's edge does not cut it.
  const [menuUp, setMenuUp] = useState(true);
  const isAdmin = me.roles.split(' ').includes('system_admin');

  const run = (fn: () => Promise<unknown>) => {
    setMenu(false);
    onError('');
    fn().catch((err: unknown) => onError(errorMessage(err)));
  };

  function remove() {
    setMenu(false);
    askConfirm({
      title: t('post.deleteTitle'),
      message: t('post.deleteConfirm'),
      confirmLabel: t('post.delete'),
      danger: true,
      onConfirm: async () => {
        await api.deletePost(post.id);
        dropPost(qc, post);
      },
    });
  }

  return (
    <div className={`post__actions${picking || menu ? ' post__actions--open' : ''}`} role="group" aria-label={t('post.actions')}>
      <div className="popover-anchor">
        <button
          ref={reactButton}
          type="button"
          className="icon-btn icon-btn--small"
          aria-label={t('post.react')}
          title={t('post.react')}
          aria-expanded={picking}
          onClick={() => setPicking((v) => !v)}
        >
          <IconSmile />
        </button>
        {picking && (
          // The quick reactions, then "More reactions" for the full emoji picker.
          <ReactionPicker
            anchor={reactButton}
            onClose={() => setPicking(false)}
            onPick={(name) => {
              setPicking(false);
              void toggleReaction(qc, post, me.id, name, true, onError);
            }}
          />
        )}
      </div>
      {showReply && (
        <button
          type="button"
          className="icon-btn icon-btn--small"
          aria-label={t('post.reply')}
          title={t('post.reply')}
          onClick={() => openThread(post.id, post.channel_id)}
        >
          <IconReply />
        </button>
      )}
      <div className="popover-anchor">
        <button
          type="button"
          className="icon-btn icon-btn--small"
          aria-label={t('post.more')}
          title={t('post.more')}
          aria-haspopup="true"
          aria-expanded={menu}
          ref={moreButton}
          onClick={() => {
            const top = moreButton.current?.getBoundingClientRect().top ?? 0;
            setMenuUp(top > window.innerHeight / 2);
            setMenu((v) => !v);
          }}
        >
          <IconDots />
        </button>
        {menu && (
          <Popover label={t('post.more')} onClose={() => setMenu(false)} className={`popover--menu popover--right${menuUp ? ' popover--up' : ''}`}>
            <button type="button" className="menu-item" onClick={() => run(async () => openThread(post.root_id || post.id, post.channel_id, post.id))}>
              {t('post.reply')}
            </button>
            <button
              type="button"
              className="menu-item"
              onClick={() =>
                run(async () => {
                  await api.markPostUnread(me.id, post.id);
                  // The channel stays unread while open and when left; the member as the
                  // server now has it shows the count.
                  if (useUi.getState().current.channelId === post.channel_id) useUi.getState().setMarkedUnread(post.channel_id);
                  const member = await api.getChannelMember(post.channel_id, me.id);
                  replaceCachedMember(qc, member);
                })
              }
            >
              {t('post.markUnread')}
            </button>
            <button
              type="button"
              className="menu-item"
              onClick={() =>
                run(() => {
                  const pref = makePreference(me.id, SAVED_CATEGORY, post.id, 'true');
                  const done = saved ? deletePreferences(qc, [pref]) : savePreferences(qc, [pref]);
                  return done.then(() => qc.invalidateQueries({ queryKey: keys.saved }));
                })
              }
            >
              {saved ? t('post.unsave') : t('post.save')}
            </button>
            <button
              type="button"
              className="menu-item"
              onClick={() =>
                run(async () => {
                  await api.pinPost(post.id, !post.is_pinned);
                  storeEditedPost(qc, { ...post, is_pinned: !post.is_pinned });
                  await qc.invalidateQueries({ queryKey: keys.stats(post.channel_id) });
                })
              }
            >
              {post.is_pinned ? t('post.unpin') : t('post.pin')}
            </button>
            <button
              type="button"
              className="menu-item"
              onClick={() =>
                run(async () => {
                  await navigator.clipboard.writeText(permalinkUrl(team, post.id));
                  setCopied(true);
                  setTimeout(() => setCopied(false), 2000);
                })
              }
            >
              {t('post.copyLink')}
            </button>
            {(mine || isAdmin) && (
              <>
                {mine && (
                  <button
                    type="button"
                    className="menu-item"
                    onClick={() => {
                      setMenu(false);
                      onEdit();
                    }}
                  >
                    {t('post.edit')}
                  </button>
                )}
                <button type="button" className="menu-item menu-item--danger" onClick={remove}>
                  {t('post.delete')}
                </button>
              </>
            )}
          </Popover>
        )}
      </div>
      {copied && (
        <span className="post__copied" role="status">
          {t('post.linkCopied')}
        </span>
      )}
    </div>
  );
}
