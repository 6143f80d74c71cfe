import { useUi, typingKey } from '../store/ui';
import { useUsername } from './UserName';
import { t } from '../i18n/en';

const EMPTY: Record<string, number> = {};

/** "alice is typing…" under a composer (always rendered, so the layout does not jump). */
export function TypingIndicator({ channelId, parentId }: { channelId: string; parentId: string }) {
  const entry = useUi((s) => s.typing[typingKey(channelId, parentId)] ?? EMPTY);
  const ids = Object.keys(entry).sort();
  const a = useUsername(ids[0]);
  const b = useUsername(ids[1]);
  let text = '';
  if (ids.length === 1 && a) text = t('typing.one', { a });
  else if (ids.length === 2 && a && b) text = t('typing.two', { a, b });
  else if (ids.length > 2) text = t('typing.many');
  return (
    <div className="typing" aria-live="polite">
      {text}
    </div>
  );
}
