import type { LiveRoleCode, RoleCode } from './roles.ts';

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
}

export interface ObservedEvent {
  event: 'assigned' | 'released';
  user: UserRef & { id: number };
  from: LiveRoleCode | null;
  to: LiveRoleCode;
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
