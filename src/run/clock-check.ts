import type { GitHubPort } from '../github/port.ts';
import type { LabelStudio } from '../labelstudio/port.ts';

/** How far the runner's clock may be from the servers' before an apply refuses to write. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * Why the runner's clock cannot date ledger lines, or null when it can: the seat rule's times
 * come from this clock, so one behind the servers' would back-date an `assigned` line (and a later
 * run would release that seat early). Compared with the `Date` header of each server's latest
 * answer; a server that sent none is not compared.
 */
export function clockProblem(now: Date, servers: { labelStudio: LabelStudio; github: GitHubPort | null }): string | null {
  const checked: Array<[string, Date | null]> = [
    ['Label Studio', servers.labelStudio.serverDate?.() ?? null],
    ['GitHub', servers.github?.serverDate?.() ?? null],
  ];
  for (const [name, server] of checked) {
    if (server === null) continue;
    const off = now.getTime() - server.getTime();
    if (Math.abs(off) <= CLOCK_TOLERANCE_MS) continue;
    return (
      `The runner's clock says ${now.toISOString()} but ${name}'s Date header says ${server.toISOString()} ` +
      `(${describeOffset(off)} ${off < 0 ? 'behind' : 'ahead'}; at most 5 minutes are allowed). Seat times in the ledger come from ` +
      "this clock, so nothing was written. Set the runner's clock right (NTP on a self-hosted runner) and run again."
    );
  }
  return null;
}

function describeOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}
