// Times as the newsroom enters and reads them: wall-clock time in the site's zone, stored in UTC.

export const defaultTimeZone = 'Europe/London';

/** An IANA zone this runtime knows (Intl is the judge: "Europe/London", "UTC", "America/New_York"). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone) && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, zone: string) {
  let formatter = partsFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** How far the zone's clock is ahead of UTC at that instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const c = wallClock(instant, zone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(instant / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The value of an `<input type="datetime-local">` showing that instant in the zone. */
export function toZonedInput(instant: Date | string, zone: string): string {
  const c = wallClock(new Date(instant).getTime(), zone);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/**
 * A datetime-local value read as wall-clock time in the zone. A time the clocks skip (spring
 * forward) lands just after the gap; a time they repeat (autumn) means the first of the two.
 */
export function fromZonedInput(value: string, zone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1).map((part) => part ?? '0');
  const asUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59) {
    return null;
  }
  // Two passes find the offset in force at the wall-clock time (it may differ from the first guess's).
  let instant = asUtc - offsetAt(asUtc, zone);
  instant = asUtc - offsetAt(instant, zone);
  const earlier = asUtc - offsetAt(instant - 3_600_000, zone);
  if (earlier < instant && toZonedInput(new Date(earlier), zone) === toZonedInput(new Date(instant), zone)) instant = earlier;
  return new Date(instant);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** "1 May 2026, 09:00 BST": for the newsroom, in the site's zone, with the zone's name. */
export function formatInZone(instant: Date | string, zone: string): string {
  let formatter = displayFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    displayFormatters.set(zone, formatter);
  }
  return formatter.format(new Date(instant));
}
