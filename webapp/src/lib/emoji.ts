// A small table of system emoji short names (Mattermost's names) → characters, for reactions
// and `:name:` in messages. Names not listed are shown as `:name:`.

export const EMOJI: Readonly<Record<string, string>> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  smile: '😄',
  smiley: '😃',
  grinning: '😀',
  laughing: '😆',
  joy: '😂',
  wink: '😉',
  blush: '😊',
  slightly_smiling_face: '🙂',
  thinking_face: '🤔',
  neutral_face: '😐',
  confused: '😕',
  cry: '😢',
  sob: '😭',
  open_mouth: '😮',
  scream: '😱',
  sunglasses: '😎',
  heart: '❤️',
  broken_heart: '💔',
  tada: '🎉',
  fire: '🔥',
  rocket: '🚀',
  eyes: '👀',
  clap: '👏',
  pray: '🙏',
  raised_hands: '🙌',
  wave: '👋',
  ok_hand: '👌',
  muscle: '💪',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  question: '❓',
  exclamation: '❗',
  star: '⭐',
  sparkles: '✨',
  bulb: '💡',
  coffee: '☕',
  beer: '🍺',
  pizza: '🍕',
  100: '💯',
};

/** The quick reactions offered on a post. */
export const QUICK_REACTIONS = ['+1', 'heart', 'smile', 'tada', 'eyes'] as const;

export function emojiChar(name: string): string | undefined {
  return EMOJI[name];
}
