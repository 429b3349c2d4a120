/**
 * The one place that decides when two emails name the same person (docs/roster.md). The roster's
 * duplicate checks, the match against live accounts, the export and the reports all compare by
 * `emailKey`, so no two of them can disagree about who a line names.
 *
 * Only the ASCII letters A–Z fold to a–z. `String.prototype.toLowerCase` would also fold the
 * Kelvin sign (U+212A) to `k` and other compatibility letters to ASCII, so `\u212Aate@…` would
 * take the role meant for `kate@…`: a different account that a hostile user can register.
 * No Unicode normalisation either, for the same reason.
 */
export function emailKey(email: string): string {
  // Most addresses are lower case already, and a plan keys every live email and roster line: a
  // test that finds no A–Z costs less than a replace that finds none.
  return ANY_UPPER.test(email) ? email.replace(UPPER_RUNS, (upper) => upper.toLowerCase()) : email;
}
const ANY_UPPER = /[A-Z]/;
const UPPER_RUNS = /[A-Z]+/g;

/** RFC 5321: a path is at most 256 octets including the angle brackets, so an address is at most 254. */
export const MAX_EMAIL_LENGTH = 254;

/** How a live account is named in messages: its id, and its email exactly as the server sent it. */
export function describeAccount(account: { userId: number; email: string | null }): string {
  return account.email === null ? `id ${account.userId} (no email)` : `id ${account.userId} (${account.email})`;
}
