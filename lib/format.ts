// Dates as readers see them: a fixed locale, in the site's time zone (a setting, passed in by the
// page), so the server and the browser print the same text (no hydration mismatch). Formatters are
// made once per zone: building one costs far more than using it.
const formatters = new Map<string, { date: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>();

function formattersFor(timeZone: string) {
  let found = formatters.get(timeZone);
  if (!found) {
    const day = { day: 'numeric', month: 'long', year: 'numeric', timeZone } as const;
    found = {
      date: new Intl.DateTimeFormat('en-GB', day),
      dateTime: new Intl.DateTimeFormat('en-GB', { ...day, hour: '2-digit', minute: '2-digit' }),
    };
    formatters.set(timeZone, found);
  }
  return found;
}

export function formatDateTime(iso: string, timeZone: string): string {
  return formattersFor(timeZone).dateTime.format(new Date(iso));
}

export function formatDate(iso: string, timeZone: string): string {
  return formattersFor(timeZone).date.format(new Date(iso));
}

// Made once: building an Intl formatter costs far more than using one (the front page calls this 50 times).
const number = new Intl.NumberFormat('en-GB');

export function plural(count: number, one: string, many: string): string {
  return `${number.format(count)} ${count === 1 ? one : many}`;
}
