// Time zones: which one the user's times are shown in, from their `timezone` setting
// (Mattermost's `{useAutomaticTimezone, automaticTimezone, manualTimezone}`, all strings), the
// browser's own zone, and filtering the server's list of zone names for the picker.

/** A user's `timezone` map as the server keeps it. */
export interface TimezoneSetting {
  useAutomaticTimezone: string;
  automaticTimezone: string;
  manualTimezone: string;
}

/** Whether `Intl` knows the zone (an unknown one would make every date format throw). */
export function isValidTimeZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The browser's zone (`Europe/Paris`), or `UTC` when it says none. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The setting with its defaults: automatic unless `useAutomaticTimezone` is "false". */
export function readTimezone(tz: Record<string, string> | undefined): TimezoneSetting {
  return {
    useAutomaticTimezone: tz?.useAutomaticTimezone === 'false' ? 'false' : 'true',
    automaticTimezone: tz?.automaticTimezone ?? '',
    manualTimezone: tz?.manualTimezone ?? '',
  };
}

/**
 * The zone times are shown in: the manual one when the user chose it, else the browser's own
 * (`undefined`: the browser's default, which is what the automatic zone is kept at).
 */
export function effectiveTimeZone(tz: Record<string, string> | undefined): string | undefined {
  const s = readTimezone(tz);
  if (s.useAutomaticTimezone === 'false' && isValidTimeZone(s.manualTimezone)) return s.manualTimezone;
  return undefined;
}

/**
 * The setting to save when the automatic zone no longer matches the browser's (the user
 * travelled, or never had one saved); `null` when nothing needs saving.
 */
export function automaticTimezoneUpdate(
  tz: Record<string, string> | undefined,
  browser: string,
): TimezoneSetting | null {
  const s = readTimezone(tz);
  if (s.useAutomaticTimezone !== 'true' || s.automaticTimezone === browser || !browser) return null;
  return { ...s, automaticTimezone: browser };
}

/** The zone names matching what was typed (any order of words; `_` and `/` count as spaces). */
export function filterTimezones(all: readonly string[], query: string, limit = 50): string[] {
  const words = query.toLowerCase().split(/[\s_/]+/).filter(Boolean);
  const out: string[] = [];
  for (const zone of all) {
    const hay = zone.toLowerCase().replace(/[_/]/g, ' ');
    if (words.every((w) => hay.includes(w))) out.push(zone);
    if (out.length >= limit) break;
  }
  return out;
}

/** A zone's offset from UTC at `at`, as `UTC+02:00` (for the picker). */
export function utcOffsetLabel(zone: string, at: number = Date.now()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    // "GMT+02:00"; "GMT" (or "GMT+00:00") for UTC itself.
    return name === 'GMT' || name === 'GMT+00:00' ? 'UTC' : name.replace('GMT', 'UTC');
  } catch {
    return '';
  }
}

/** A zone name for people: `America/Argentina/Buenos_Aires` → `Buenos Aires (America/Argentina)`. */
export function timezoneLabel(zone: string): string {
  const at = zone.lastIndexOf('/');
  if (at < 0) return zone.replace(/_/g, ' ');
  return `${zone.slice(at + 1).replace(/_/g, ' ')} (${zone.slice(0, at).replace(/_/g, ' ')})`;
}
