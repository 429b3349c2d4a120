/**
 * Times for people: "Mon 7 Dec, 09:57 UTC (in 4 days)". The plan file, the outputs and the
 * ledger keep ISO-8601 (docs/security.md); only the Markdown a reviewer reads uses this form, which also
 * never breaks mid-token in a narrow table column the way "2026-12-07T09:57:00.000Z" does.
 * `now` is the run's time, passed in, so the same run always renders the same words.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');

/** "Mon 7 Dec, 09:57 UTC", with the year when it is not `now`'s year. */
export function humanDate(d: Date, now: Date): string {
  const year = d.getUTCFullYear() === now.getUTCFullYear() ? '' : ` ${d.getUTCFullYear()}`;
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** "in 4 days", "in 5 hours", "2 days ago", "now": rounded to the nearest whole unit. */
export function relativeTime(d: Date, now: Date): string {
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  let amount: string;
  if (abs < MINUTE) return 'now';
  if (abs < HOUR) amount = unit(Math.round(abs / MINUTE), 'minute');
  else if (abs < 2 * DAY) amount = unit(Math.round(abs / HOUR), 'hour');
  else amount = unit(Math.round(abs / DAY), 'day');
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

/** "Mon 7 Dec, 09:57 UTC (in 4 days)". */
export function humanTime(d: Date, now: Date): string {
  return `${humanDate(d, now)} (${relativeTime(d, now)})`;
}

const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/**
 * Rewrites the ISO times inside a sentence (a change's reason, written for the plan file) for
 * people. Safe on escaped Markdown: escaping leaves digits, `-`, `:`, `.`, `T` and `Z` alone.
 */
export function humaniseTimes(text: string, now: Date): string {
  return text.replace(ISO, (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : humanDate(d, now);
  });
}

function unit(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
