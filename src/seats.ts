import type { LedgerEvent } from './ledger.ts';

const DAY_MS = 86_400_000;

/** What the ledger says of one user's seat. */
export interface SeatRecord {
  /** Start of the open seat: the latest `assigned` with no `released` after it; null when none is open. */
  since: Date | null;
  /** Start of the last seat that was released, and when; kept to know whether it is still cooling. */
  lastSince: Date | null;
  releasedAt: Date | null;
}

/** Folds the ledger into one record per user id. `role-changed` never touches the clock. */
export function seatRecords(events: readonly LedgerEvent[]): Map<number, SeatRecord> {
  const records = new Map<number, SeatRecord>();
  for (const e of events) {
    const r = records.get(e.user.id) ?? { since: null, lastSince: null, releasedAt: null };
    if (e.event === 'assigned') {
      // A second `assigned` while one is open restarts the clock: the later start is the safe one.
      r.since = new Date(e.at);
    } else if (e.event === 'released') {
      // A release with no known start (found already freed) is taken as having started at the
      // release itself: the latest start it can have had, so its cooling ends no earlier than the truth.
      r.lastSince = r.since ?? new Date(e.at);
      r.since = null;
      r.releasedAt = new Date(e.at);
    }
    records.set(e.user.id, r);
  }
  return records;
}

export function seatEnd(since: Date, minSeatDays: number): Date {
  return new Date(since.getTime() + minSeatDays * DAY_MS);
}

/**
 * A seat released before its period ended (offboarding, or outside the tool) still counts as
 * occupied until `since + min-seat-days`: the licence cannot go to anyone else before then.
 */
export function coolingUntil(r: SeatRecord, minSeatDays: number, now: Date): Date | null {
  if (r.since || !r.lastSince) return null;
  const end = seatEnd(r.lastSince, minSeatDays);
  return end > now ? end : null;
}
