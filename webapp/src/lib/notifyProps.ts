// Notification settings of users (`notify_props` of the user) and of channel memberships
// (`notify_props` of the member), read as Mattermost reads them. Pure.

export type NotifyLevel = 'all' | 'mention' | 'none';
export type ChannelNotifyLevel = NotifyLevel | 'default';
export type IgnoreChannelMentions = 'default' | 'on' | 'off';

type Props = Readonly<Record<string, string>> | undefined;

/** Muted: `mark_unread` is `"mention"` (only mentions mark the channel unread; no notifications). */
export function isMuted(member: { notify_props?: Readonly<Record<string, string>> } | undefined): boolean {
  return member?.notify_props?.mark_unread === 'mention';
}

function level(v: string | undefined): NotifyLevel | undefined {
  return v === 'all' || v === 'mention' || v === 'none' ? v : undefined;
}

/** The user's desktop level (`desktop`); Mattermost reads a missing one as "all". */
export function userDesktopLevel(user: Props): NotifyLevel {
  return level(user?.desktop) ?? 'all';
}

/** The member's own desktop level, `"default"` when it follows the user's. */
export function channelDesktopSetting(member: Props): ChannelNotifyLevel {
  return level(member?.desktop) ?? 'default';
}

/**
 * The desktop level that applies in a channel: the member's, else the user's; in a group message
 * a user level of "mention" counts as "all" (every group message is for the user), as in
 * Mattermost.
 */
export function effectiveDesktopLevel(user: Props, member: Props, channelType: string): NotifyLevel {
  const own = channelDesktopSetting(member);
  if (own !== 'default') return own;
  const u = userDesktopLevel(user);
  if (channelType === 'G' && u === 'mention') return 'all';
  return u;
}

/** Whether replies in followed threads notify (`desktop_threads`: member's, else user's, default "all"). */
export function effectiveDesktopThreads(user: Props, member: Props): NotifyLevel {
  return level(member?.desktop_threads) ?? level(user?.desktop_threads) ?? 'all';
}

/** Whether @channel, @all and @here are ignored in a channel (member's, else the user's `channel`). */
export function ignoresChannelMentions(user: Props, member: Props): boolean {
  const v = member?.ignore_channel_mentions;
  if (v === 'on') return true;
  if (v === 'off') return false;
  return user?.channel === 'false';
}

/** Desktop sound on: the member's `desktop_sound` ("on"/"off"), else the user's ("true"/"false"), else on. */
export function desktopSoundEnabled(user: Props, member: Props): boolean {
  const m = member?.desktop_sound;
  if (m === 'on') return true;
  if (m === 'off') return false;
  const u = user?.desktop_sound;
  return u ? u === 'true' : true;
}

/** The custom mention keys of a user (`mention_keys` without their own username). */
export function customMentionKeys(user: Props, username: string): string[] {
  return (user?.mention_keys ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k && k !== username && k !== `@${username}`);
}

/**
 * `mention_keys` from what the user typed (comma separated, spaces removed, duplicates dropped),
 * keeping username entries that were already there (older Mattermost versions stored them).
 */
export function mentionKeysValue(typed: string, previous: string | undefined, username: string): string {
  const kept = (previous ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k === username || k === `@${username}`);
  const custom = typed
    .split(',')
    .map((k) => k.replace(/\s+/g, ''))
    .filter(Boolean);
  return [...new Set([...kept, ...custom])].join(',');
}

// ---- mobile push and email

/** When pushes reach the phone (`push_status`): while online, away or offline; away or offline; offline only. */
export type PushStatus = 'online' | 'away' | 'offline';

/** The user's push level (`push`); missing reads as "mention", Mattermost's default. */
export function userPushLevel(user: Props): NotifyLevel {
  return level(user?.push) ?? 'mention';
}

/**
 * The user's `push_status`; missing reads as "away", as Mattermost's settings show it (and the
 * value Mattermost gives new users).
 */
export function userPushStatus(user: Props): PushStatus {
  const v = user?.push_status;
  return v === 'online' || v === 'away' || v === 'offline' ? v : 'away';
}

/** A thread setting of the user (`push_threads`, `email_threads`): "all" unless it says "mention". */
export function userThreadsLevel(user: Props, key: 'push_threads' | 'email_threads' | 'desktop_threads'): NotifyLevel {
  return level(user?.[key]) ?? 'all';
}

/** Whether replies in followed threads push (`push_threads`: member's, else user's, default "all"). */
export function effectivePushThreads(user: Props, member: Props): NotifyLevel {
  return level(member?.push_threads) ?? userThreadsLevel(user, 'push_threads');
}

/** The member's own push level, `"default"` when it follows the user's. */
export function channelPushSetting(member: Props): ChannelNotifyLevel {
  return level(member?.push) ?? 'default';
}

/** A channel's email setting as Mattermost's server reads it: only "false" turns email off. */
export type ChannelEmailSetting = 'default' | 'true' | 'false';

export function channelEmailSetting(member: Props): ChannelEmailSetting {
  const v = member?.email;
  if (!v || v === 'default') return 'default';
  return v === 'false' ? 'false' : 'true';
}

/**
 * The `notifications`/`email_interval` preference, in seconds as a string: "30" immediately (a
 * 30-second batch), "900" every 15 minutes, "3600" every hour, "0" never.
 */
export type EmailInterval = '30' | '900' | '3600' | '0';

export const EMAIL_INTERVAL = {
  immediately: '30',
  fifteenMinutes: '900',
  hour: '3600',
  never: '0',
} as const satisfies Record<string, EmailInterval>;

/** The choices offered: every interval with batching on; without it, only immediately or never. */
export function emailIntervalChoices(batching: boolean): EmailInterval[] {
  return batching
    ? [EMAIL_INTERVAL.immediately, EMAIL_INTERVAL.fifteenMinutes, EMAIL_INTERVAL.hour, EMAIL_INTERVAL.never]
    : [EMAIL_INTERVAL.immediately, EMAIL_INTERVAL.never];
}

/**
 * The interval that applies, as Mattermost's apps read it: never when the user's `email` is off;
 * else the preference when the server offers it, "never" read as immediately (email is on); an
 * unset or unoffered one is every 15 minutes with batching, immediately without.
 */
export function effectiveEmailInterval(emailOn: boolean, batching: boolean, preference: string | undefined): EmailInterval {
  if (!emailOn) return EMAIL_INTERVAL.never;
  const offered = emailIntervalChoices(batching).find((v) => v === preference);
  if (!offered) return batching ? EMAIL_INTERVAL.fifteenMinutes : EMAIL_INTERVAL.immediately;
  return offered === EMAIL_INTERVAL.never ? EMAIL_INTERVAL.immediately : offered;
}
