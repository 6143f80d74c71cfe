// The composer's autocomplete, pure: which suggestion list the text at the caret asks for, and
// the text after a suggestion is picked. `@user`, `~channel`, `:emoji:` and `/command`.

export type TriggerKind = 'user' | 'channel' | 'emoji' | 'command';

export interface Trigger {
  kind: TriggerKind;
  /** What was typed after the trigger character. */
  query: string;
  /** Span of the trigger character and the query in the text. */
  start: number;
  end: number;
}

const TRIGGERS: { kind: TriggerKind; re: RegExp; minQuery: number }[] = [
  // Usernames: letters, digits, `.`, `-`, `_`.
  { kind: 'user', re: /(^|[\s(])@([a-z0-9._-]*)$/i, minQuery: 0 },
  // Channel names: lower-case letters, digits, `-`, `_`.
  { kind: 'channel', re: /(^|[\s(])~([a-z0-9_-]*)$/i, minQuery: 0 },
  // Emoji: two characters at least, as Mattermost (so "10:30" or ":)" do not open a list).
  { kind: 'emoji', re: /(^|\s):([a-z0-9_+-]{2,})$/i, minQuery: 2 },
];

/** The suggestion list the caret is in, if any. */
export function findTrigger(text: string, caret: number = text.length): Trigger | null {
  const before = text.slice(0, caret);
  // A slash command: the message starts with `/word` and the caret is still in that word.
  const cmd = /^\/([a-z0-9_-]*)$/i.exec(before);
  if (cmd) return { kind: 'command', query: cmd[1] ?? '', start: 0, end: caret };
  for (const { kind, re } of TRIGGERS) {
    const m = re.exec(before);
    if (!m) continue;
    const query = m[2] ?? '';
    const start = caret - query.length - 1;
    // The query runs on to the end of the word the caret is in.
    let end = caret;
    while (end < text.length && /[a-z0-9._+-]/i.test(text[end] ?? '')) end += 1;
    return { kind, query, start, end };
  }
  return null;
}

/** The text with the trigger replaced by `replacement` and a space; where the caret goes. */
export function applyCompletion(text: string, trigger: Trigger, replacement: string): { text: string; caret: number } {
  const after = text.slice(trigger.end);
  const space = after.startsWith(' ') ? '' : ' ';
  const next = text.slice(0, trigger.start) + replacement + space + after;
  return { text: next, caret: trigger.start + replacement.length + 1 };
}

/** Keeps the highlighted row inside the list when moving with the arrow keys (wrapping). */
export function moveSelection(index: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return (((index + delta) % count) + count) % count;
}

/** The special mentions offered with users, as Mattermost does. */
export const SPECIAL_MENTIONS = ['here', 'channel', 'all'] as const;
