// When a custom status clears, as Mattermost computes it from the chosen duration (in the
// user's local time): the end of today, of this week (Sunday night), or so many minutes on.

export const CUSTOM_STATUS_DURATIONS = ['', 'thirty_minutes', 'one_hour', 'four_hours', 'today', 'this_week'] as const;
export type CustomStatusDuration = (typeof CUSTOM_STATUS_DURATIONS)[number];

/** The moment the status ends, or null for "don't clear". */
export function customStatusExpiry(duration: CustomStatusDuration, now: Date): Date | null {
  const minutes = { thirty_minutes: 30, one_hour: 60, four_hours: 240 } as const;
  switch (duration) {
    case '':
      return null;
    case 'thirty_minutes':
    case 'one_hour':
    case 'four_hours':
      return new Date(now.getTime() + minutes[duration] * 60_000);
    case 'today': {
      const end = new Date(now);
      end.setHours(23, 59, 59, 999);
      return end;
    }
    case 'this_week': {
      const end = new Date(now);
      end.setDate(end.getDate() + ((7 - end.getDay()) % 7));
      end.setHours(23, 59, 59, 999);
      return end;
    }
  }
}
