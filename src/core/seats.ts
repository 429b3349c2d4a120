import type { LedgerEvent } from './ledger-event.ts';
import { isSeatRole, type LiveRoleCode } from './roles.ts';

const DAY_MS = 86_400_000;

/** A write this action announced (an `intent` line) whose outcome the ledger does not hold. */
export interface PendingIntent {
  seq: number;
  /** Epoch milliseconds, like every time below: a plan over a large ledger makes no Date per line. */
  at: number;
  from: LiveRoleCode | null;
  to: LiveRoleCode;
  offboard: boolean;
  run: string | null;
}

/** What the ledger says of one user's seat. */
export interface SeatRecord {
  /** Start of the open seat: the latest `assigned` with no `released` after it; null when none is open. */
  since: number | null;
  /** Start of the last seat that was released, and when; kept to know whether it is still cooling. */
  lastSince: number | null;
  releasedAt: number | null;
  /**
   * The cooling seat may not be one: counted as cooling because nobody can prove it is not (a
   * deactivated member at adoption, or the worst case of an unresolved intent), while it may as
   * well have been freed for good. Such a seat cannot be "given back": re-activating its user
   * needs a free seat like anyone else (only the user's own count is dropped).
   */
  unsure: boolean;
  /** The open seat's start is an `assigned` this action wrote (`by: "sync"`). */
  bySync: boolean;
  /**
   * Since the user's last `released`, this action assigned them a seat, or announced it (an
   * `intent` to a seat role, which may have landed): the seat rule holds for that seat whatever
   * `user_type` the server reports afterwards (a view-only upgrade it does not show).
   */
  keep: boolean;
  /**
   * The cooling seat's end is exact: its start is an `assigned` this action wrote and it was
   * released with no unresolved intent in between. Any other end (a start first observed, the
   * worst case of an intent, a release with no known start) is uncertain.
   */
  exact: boolean;
  /**
   * An `intent` with no outcome after it: the run crashed, its second commit was lost, or the
   * write failed and may still have landed. The next run resolves it from live state (docs/seat-rule.md).
   */
  pending: PendingIntent | null;
}

/**
 * Folds the ledger into one record per user id. `role-changed` never touches the clock.
 *
 * An `intent` stays pending until the next line about the same user: the outcome its own run
 * appended after the write, or the `observed` line a later run wrote when it resolved the intent.
 * A `released` that resolves a pending intent starts its cooling at its own time, not at the
 * seat's recorded start: the seat may have been taken again by hand at any moment after the
 * intent, so the worst case is a seat held until the moment the release was found (docs/seat-rule.md).
 */
export function seatRecords(events: readonly LedgerEvent[]): Map<number, SeatRecord> {
  const records = new Map<number, SeatRecord>();
  for (const e of events) {
    let r = records.get(e.user.id);
    if (!r) {
      r = { since: null, lastSince: null, releasedAt: null, unsure: false, bySync: false, keep: false, exact: false, pending: null };
      records.set(e.user.id, r);
    }
    const at = Date.parse(e.at);
    if (e.event === 'intent') {
      r.pending = {
        seq: e.seq,
        at,
        from: e.from,
        to: e.to,
        offboard: e.reason === 'offboard',
        run: e.run,
      };
      if (isSeatRole(e.to)) r.keep = true;
      continue;
    }
    const resolving = e.by === 'observed' ? r.pending : null;
    r.pending = null;
    if (e.event === 'assigned') {
      // A second `assigned` while one is open restarts the clock: the later start is the safe one.
      r.since = at;
      r.bySync = e.by === 'sync';
      if (r.bySync) r.keep = true;
    } else if (e.event === 'released') {
      // A release with no known start (found already freed) is taken as having started at the
      // release itself: the latest start it can have had, so its cooling ends no earlier than the truth.
      r.lastSince = resolving || r.since === null ? at : r.since;
      // Sure only when an open seat was released. The worst case of an intent is a seat cooling for
      // counting, but for giving it back it is a seat that may have been freed for good.
      r.unsure = resolving !== null || r.since === null;
      r.exact = resolving === null && r.since !== null && r.bySync;
      r.since = null;
      r.bySync = false;
      r.keep = false;
      r.releasedAt = at;
    }
  }
  return records;
}

export function seatEnd(since: number, minSeatDays: number): number {
  return since + minSeatDays * DAY_MS;
}

/**
 * A seat released before its period ended (offboarding, or outside the tool) still counts as
 * occupied until `since + min-seat-days`: the licence cannot go to anyone else before then.
 */
export function coolingUntil(r: SeatRecord, minSeatDays: number, now: number): number | null {
  if (r.since !== null || r.lastSince === null) return null;
  const end = seatEnd(r.lastSince, minSeatDays);
  return end > now ? end : null;
}
