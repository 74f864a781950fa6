/**
 * Calling hours: when a campaign may hand people to callers, in the campaign's own time zone
 * (wall-clock time, so 21:00 in Paris stays 21:00 across the daylight-saving change). Shared by the
 * server (checked at the moment a person is handed out) and the caller's screen (to say why nobody
 * is offered).
 */

/** A daily window, local wall-clock 'HH:MM' (start inclusive, end exclusive). */
export interface DailyWindow {
  start: string;
  end: string;
}

/** The campaign's hours: a default window and optional per ISO weekday overrides (1 = Monday … 7 = Sunday; null = no calls that day). */
export interface CallingHours {
  timeZone: string;
  start: string;
  end: string;
  weekdays?: Partial<Record<string, DailyWindow | null>>;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether a time zone name is one the runtime knows (e.g. 'Europe/Paris', 'America/Cayenne'). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local ISO weekday and seconds since local midnight of an instant in a time zone. */
export function localClock(now: Date, timeZone: string): { weekday: number; seconds: number } {
  const parts = formatterFor(timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const weekday = WEEKDAYS[get('weekday')] ?? 1;
  return { weekday, seconds: Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second')) };
}

/** Seconds since midnight of 'HH:MM' or 'HH:MM:SS'. */
export function parseClockTime(value: string): number {
  const [h = '0', m = '0', s = '0'] = value.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/**
 * Whether `now` falls inside the calling hours, in their time zone.
 *
 * @example isWithinCallingHours(new Date('2026-07-01T18:59:00Z'), { timeZone: 'Europe/Paris', start: '09:00', end: '21:00' }) // → true (20:59 in Paris)
 */
export function isWithinCallingHours(now: Date, hours: CallingHours): boolean {
  const { weekday, seconds } = localClock(now, hours.timeZone);
  const override = hours.weekdays?.[String(weekday)];
  if (override === null) return false;
  const window = override ?? { start: hours.start, end: hours.end };
  return seconds >= parseClockTime(window.start) && seconds < parseClockTime(window.end);
}
