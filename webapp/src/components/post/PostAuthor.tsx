// Who a post shows as its author. Posts from webhooks and bots may carry `override_username` and
// `override_icon_url`; as Mattermost, they are shown only for posts `from_webhook` and when the
// server allows overrides (`EnablePostUsernameOverride`, `EnablePostIconOverride`). Such posts,
// and posts of bot users, get a BOT tag; ephemeral posts (only the reader sees them) come from
// "System", with the app's icon and "(Only visible to you)".

import type { Post } from '../../api/types';
import { useConfig } from '../../queries/hooks';
import { useUser } from '../../queries/users';
import { localImageSrc } from '../../lib/markdown';
import { Avatar } from '../Avatar';
import { CustomStatusEmoji, UserName } from '../UserName';
import { t } from '../../i18n/en';

export const EPHEMERAL = 'system_ephemeral';

function prop(post: Post, name: string): string {
  const v = post.props[name];
  return typeof v === 'string' ? v : '';
}

export function isFromWebhook(post: Post): boolean {
  return prop(post, 'from_webhook') === 'true';
}

/** The override name and icon a post may show, given the server's settings. */
export function postOverrides(
  post: Post,
  config: Record<string, string> | undefined,
): { username?: string; iconSrc?: string } {
  if (!isFromWebhook(post)) return {};
  const out: { username?: string; iconSrc?: string } = {};
  const name = prop(post, 'override_username');
  if (name && config?.EnablePostUsernameOverride === 'true') out.username = name;
  const icon = prop(post, 'override_icon_url');
  // Like any image, an icon from another origin is not loaded (the user's picture stays).
  if (icon && config?.EnablePostIconOverride === 'true') out.iconSrc = localImageSrc(icon);
  return out;
}

/** The BOT tag, as Mattermost shows it beside bots' names. */
export function BotTag() {
  return <span className="bot-tag">{t('post.bot')}</span>;
}

export function PostAuthorName({ post }: { post: Post }) {
  const config = useConfig();
  const { data: user } = useUser(post.user_id);
  const over = postOverrides(post, config.data);
  const ephemeral = post.type === EPHEMERAL;
  const bot = isFromWebhook(post) || user?.is_bot === true;
  return (
    <strong className="post__author">
      {over.username ?? (ephemeral && !isFromWebhook(post) ? t('post.systemAuthor') : <UserName userId={post.user_id} />)}
      {bot && <BotTag />}
      {!over.username && !ephemeral && <CustomStatusEmoji userId={post.user_id} />}
      {ephemeral && <span className="post__ephemeral">{t('post.onlyVisibleToYou')}</span>}
    </strong>
  );
}

export function PostAvatar({ post }: { post: Post }) {
  const config = useConfig();
  const over = postOverrides(post, config.data);
  // "System" speaks with the app's icon, not the reader's own picture (the post carries the
  // reader's id).
  if (post.type === EPHEMERAL && !isFromWebhook(post)) {
    return <img className="avatar avatar--system" src={`${import.meta.env.BASE_URL}favicon.svg`} width={36} height={36} alt="" />;
  }
  if (over.iconSrc) return <img className="avatar" src={over.iconSrc} width={36} height={36} alt="" loading="lazy" />;
  return <Avatar userId={post.user_id} status={!isFromWebhook(post)} />;
}
