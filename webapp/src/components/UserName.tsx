import type { User } from '../api/types';
import { useUser } from '../queries/users';
import { useDisplaySettings, type TeammateNameDisplay } from '../queries/preferences';
import { customStatusOf } from '../queries/status';
import { emojiChar } from '../lib/emoji';
import { t } from '../i18n/en';

export function useUsername(userId: string | undefined): string {
  const { data } = useUser(userId);
  return data?.username ?? '';
}

/** A user's name as the user chose to see names (Settings → Display → Teammate name display). */
export function displayNameOf(user: User | null | undefined, how: TeammateNameDisplay): string {
  if (!user) return '';
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  if (how === 'nickname_full_name') return user.nickname || full || user.username;
  if (how === 'full_name') return full || user.username;
  return user.username;
}

export function UserName({ userId }: { userId: string }) {
  const { data } = useUser(userId);
  const { teammateNameDisplay } = useDisplaySettings();
  const name = displayNameOf(data, teammateNameDisplay);
  return <>{name || t('user.unknown')}</>;
}

/** The emoji of a user's custom status, with its text as the tooltip. */
export function CustomStatusEmoji({ userId }: { userId: string }) {
  const { data } = useUser(userId);
  const cs = customStatusOf(data ?? undefined);
  if (!cs) return null;
  const char = emojiChar(cs.emoji);
  return (
    <span className="custom-status-emoji" title={cs.text || `:${cs.emoji}:`} aria-label={cs.text || cs.emoji} role="img">
      {char ?? (cs.emoji ? `:${cs.emoji}:` : '💬')}
    </span>
  );
}
