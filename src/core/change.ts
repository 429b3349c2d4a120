import type { LiveRoleCode, RoleCode } from './roles.ts';
import type { SeatReportFindings } from './seat-report.ts';

/** planned: a plan would apply it; the others are final outcomes of a run. */
export type ChangeStatus = 'planned' | 'applied' | 'deferred' | 'refused' | 'failed';

/**
 * What a change does to the licence: `assign` takes a seat (non-seat → seat role, or a view-only
 * user upgraded), `release` frees one (seat → non-seat), `role-change` moves between two seat
 * roles, `other` touches no standard seat (service accounts, DI ↔ NO).
 */
export type ChangeKind = 'assign' | 'release' | 'role-change' | 'other';

export interface UserRef {
  id: number | null;
  email: string | null;
}

export interface Change {
  user: UserRef;
  from: LiveRoleCode | null;
  to: RoleCode;
  kind: ChangeKind;
  status: ChangeStatus;
  reason: string | null;
  eligibleAt: Date | null;
  /** Where the roster asks for it; null for unmanaged members deactivated by policy. */
  rosterLine: number | null;
  rosterColumn: number | null;
  offboard: boolean;
  unmanaged: boolean;
  /**
   * An activation that gives the user back their own cooling seat (docs/seat-rule.md): it needs no other
   * seat, so a failed release never holds it back.
   */
  ownSeat?: true;
  /**
   * The live role is not the one this action last wrote for the user (their latest `by: "sync"`
   * outcome line): someone changed it in Label Studio since, and this change reverts their edit.
   */
  handChange?: HandChange;
}

export interface HandChange {
  /** The role of the user's latest outcome line written by this action. */
  ledgerRole: LiveRoleCode;
  /** When that line was written. */
  at: Date;
}

export interface UnmanagedMember {
  user: UserRef;
  role: LiveRoleCode;
  /** Roster-less members the `unmanaged: deactivate` policy turned into a change. */
  deactivating: boolean;
}

export interface MaxChangesCheck {
  limit: number;
  /** Changes with status `planned` before the apply: what this run would write. */
  planned: number;
  exceeded: boolean;
}

export interface Plan {
  organization: number;
  asOf: Date;
  /** Every change but the no-ops, releases first (they are applied first). */
  changes: Change[];
  noop: number;
  unmanaged: UnmanagedMember[];
  maxChanges: MaxChangesCheck;
  /** Seats found in live state the ledger does not know of, to be recorded as `observed`. */
  observed: ObservedEvent[];
  /** Writes an earlier run announced but never recorded the outcome of, and how this run took them. */
  unresolved: UnresolvedIntent[];
  /**
   * Deactivated members counted as cooling from first sight because the ledger was empty
   * (adoption, with seat-limit): how many, and until when they hold activations back.
   */
  adoptionCooling: { members: number; until: Date } | null;
  /**
   * Seats that count as occupied until a date although nobody works in them: released seats
   * still inside their minimum period (offboarding included), and the worst cases taken at
   * adoption or for interrupted writes. Soonest first; the report draws them on the calendar.
   */
  cooling: CoolingSeat[];
  /** The seats as read, before any change of this run: what the report's seat line starts from. */
  seats: SeatsAsRead;
  /** The vendor's seat report beside the member list, when it was read. */
  seatReport: SeatReportFindings | null;
}

export interface SeatsAsRead {
  /** Members holding a standard seat, the owner and the token's user included. */
  inUse: number;
  /** Released seats still inside their minimum period (this run's releases not included). */
  cooling: number;
}

export interface CoolingSeat {
  user: UserRef;
  until: Date;
  /** Counted because nobody can prove it is not (adoption, an interrupted write), not known to be one. */
  unsure: boolean;
}

/**
 * Why an observed line is recorded: `found` (live state differs from the ledger: a seat taken or
 * freed outside this action, or one older than the ledger), `adoption` (a deactivated member
 * counted as cooling because the ledger knows nothing yet), `intent` (the worst case of a write
 * an earlier run announced and never recorded the outcome of).
 */
export type ObservedCause = 'found' | 'adoption' | 'intent';

export interface ObservedEvent {
  event: 'assigned' | 'released';
  user: UserRef & { id: number };
  from: LiveRoleCode | null;
  to: LiveRoleCode;
  cause: ObservedCause;
}

export interface UnresolvedIntent {
  user: UserRef & { id: number };
  /** The `intent` line: what the earlier run was about to write, and when. */
  intent: { seq: number; at: Date; from: LiveRoleCode | null; to: LiveRoleCode; run: string | null };
  /**
   * `seat-held`: the user holds a seat now, so its clock restarts now; `cooling`: the user may
   * have held a seat since the intent and no longer does, so it counts as cooling until
   * `coolingUntil`; `no-seat`: the write could not have touched a standard seat.
   */
  outcome: 'seat-held' | 'cooling' | 'no-seat';
  coolingUntil: Date | null;
}

export function countByStatus(changes: readonly Change[]): Record<ChangeStatus, number> {
  const counts: Record<ChangeStatus, number> = { planned: 0, applied: 0, deferred: 0, refused: 0, failed: 0 };
  for (const c of changes) counts[c.status]++;
  return counts;
}

/** Earliest eligibility among deferred changes: the `next-eligible-at` output. */
export function nextEligibleAt(changes: readonly Change[]): Date | null {
  let best: Date | null = null;
  for (const c of changes) {
    if (c.status === 'deferred' && c.eligibleAt && (!best || c.eligibleAt < best)) best = c.eligibleAt;
  }
  return best;
}
