import type { Change, ChangeKind, ObservedEvent, Plan, UnmanagedMember, UserRef } from './change.ts';
import type { LedgerEvent } from './ledger.ts';
import { isIdentityProviderManaged, isSeparatelyLicensed, type LiveMember } from './live.ts';
import { isSeatRole, type RoleCode } from './roles.ts';
import type { Roster, RosterEntry } from './roster.ts';
import { coolingUntil, seatEnd, seatRecords, type SeatRecord } from './seats.ts';
import { maxChangesLimit, type MaxChanges, type UnmanagedPolicy } from './settings.ts';

export interface PlanSettings {
  minSeatDays: number;
  seatLimit: number | null;
  unmanaged: UnmanagedPolicy;
  maxChanges: MaxChanges;
}

export interface PlanInput {
  organization: number;
  roster: Roster;
  ledger: readonly LedgerEvent[];
  live: readonly LiveMember[];
  /** The token's own user: never changed (SPEC 8). */
  selfUserId: number;
  /** The time the plan is evaluated at: now, or `as-of` for a what-if. */
  now: Date;
  /**
   * When the seats found without a ledger record are taken as first seen: the real time of the
   * run. A what-if at a later `as-of` must not pretend they were first seen then.
   */
  observedAt?: Date;
  settings: PlanSettings;
}

/** Apply order: seats are freed before any is taken (SPEC 5). */
const KIND_ORDER: Record<ChangeKind, number> = { release: 0, 'role-change': 1, other: 2, assign: 3 };

/** Does this member occupy a standard, licensed seat right now? */
function holdsSeat(m: LiveMember): boolean {
  return !isSeparatelyLicensed(m) && isSeatRole(m.role);
}

function changeKind(m: LiveMember, to: RoleCode): ChangeKind {
  // Service accounts are licensed apart whatever their role; view-only users are upgraded to a seat.
  if (m.userType === 'service') return 'other';
  const from = holdsSeat(m);
  const into = isSeatRole(to);
  if (from && !into) return 'release';
  if (!from && into) return 'assign';
  if (from && into) return 'role-change';
  return 'other';
}

const iso = (d: Date) => d.toISOString();
const userRef = (m: LiveMember): UserRef => ({ id: m.userId, email: m.email });

/**
 * The whole decision of a run, as a pure function: what each roster member needs, which of those
 * changes the seat rule allows now, and which it holds back until when.
 */
export function buildPlan(input: PlanInput): Plan {
  const { roster, live, now, settings } = input;
  const byId = new Map(live.map((m) => [m.userId, m]));
  const byEmail = new Map<string, LiveMember>();
  for (const m of live) if (m.email) byEmail.set(m.email.toLowerCase(), m);

  const { records, observed } = reconcile(input.ledger, live, byId, input.observedAt ?? now, settings.seatLimit != null);

  const changes: Change[] = [];
  let noop = 0;
  const claimed = new Map<number, number>(); // user id → roster line that named them

  const resolve = (key: { id: number | null; email: string | null }) =>
    key.id != null ? byId.get(key.id) : key.email ? byEmail.get(key.email.toLowerCase()) : undefined;

  for (const entry of roster.members) {
    const m = resolve(entry);
    if (!m) {
      changes.push(notMember(entry, input.organization));
      continue;
    }
    const firstLine = claimed.get(m.userId);
    if (firstLine !== undefined) {
      changes.push({
        ...baseChange(entry, m),
        status: 'refused',
        reason: `names the same user (id ${m.userId}) as line ${firstLine}; keep one entry`,
      });
      continue;
    }
    claimed.set(m.userId, entry.line);
    if (m.role === entry.role) {
      noop++;
      continue;
    }
    changes.push(baseChange(entry, m));
  }
  for (const entry of roster.ignore) {
    const m = resolve(entry);
    if (m && !claimed.has(m.userId)) claimed.set(m.userId, entry.line);
  }

  const unmanaged: UnmanagedMember[] = [];
  if (settings.unmanaged !== 'ignore') {
    for (const m of live) {
      if (claimed.has(m.userId)) continue;
      // The owner, the token user and identity-provider members cannot be changed here: list them, never touch them.
      const deactivating =
        settings.unmanaged === 'deactivate' &&
        m.role !== 'DI' &&
        m.role !== 'NO' &&
        m.role !== 'OW' &&
        m.userId !== input.selfUserId &&
        !isIdentityProviderManaged(m);
      unmanaged.push({ user: userRef(m), role: m.role, deactivating });
      if (deactivating) {
        changes.push({
          user: userRef(m),
          from: m.role,
          to: 'DI',
          kind: changeKind(m, 'DI'),
          status: 'planned',
          reason: 'not in the roster (unmanaged: deactivate)',
          eligibleAt: null,
          rosterLine: null,
          rosterColumn: null,
          offboard: false,
          unmanaged: true,
        });
      }
    }
  }

  for (const c of changes) if (c.status === 'planned') refuseIfForbidden(c, byId.get(c.user.id!)!, input.selfUserId);
  applySeatRule(changes, records, live, input);

  changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.rosterLine ?? Infinity) - (b.rosterLine ?? Infinity));

  const planned = changes.filter((c) => c.status === 'planned').length;
  const limit = maxChangesLimit(settings.maxChanges, live.length);
  return {
    organization: input.organization,
    asOf: now,
    changes,
    noop,
    unmanaged,
    maxChanges: { limit, planned, exceeded: planned > limit },
    observed,
  };
}

function baseChange(entry: RosterEntry, m: LiveMember): Change {
  return {
    user: userRef(m),
    from: m.role,
    to: entry.role,
    kind: changeKind(m, entry.role),
    status: 'planned',
    reason: null,
    eligibleAt: null,
    rosterLine: entry.line,
    rosterColumn: entry.column,
    offboard: entry.offboard,
    unmanaged: false,
  };
}

function notMember(entry: RosterEntry, organization: number): Change {
  return {
    user: { id: entry.id, email: entry.email },
    from: null,
    to: entry.role,
    kind: isSeatRole(entry.role) ? 'assign' : 'other',
    status: 'refused',
    reason: `not a member of organization ${organization}; invite them in Label Studio first`,
    eligibleAt: null,
    rosterLine: entry.line,
    rosterColumn: entry.column,
    offboard: entry.offboard,
    unmanaged: false,
  };
}

/** SPEC 8: changes this action never makes, whatever the roster says. */
function refuseIfForbidden(c: Change, m: LiveMember, selfUserId: number): void {
  let reason: string | null = null;
  if (c.to === 'OW') reason = 'the owner role cannot be assigned here; the vendor changes owners on request';
  else if (m.role === 'OW') reason = "this member is the organization's owner; the vendor changes owners on request";
  else if (m.userId === selfUserId) reason = "this is the token's own user; change its role by hand or run with another administrator's token";
  else if (isIdentityProviderManaged(m))
    reason = `role is managed by ${m.roleSource!.toUpperCase()}; change it in the identity provider or list the member under ignore`;
  if (reason) {
    c.status = 'refused';
    c.reason = reason;
  }
}

/**
 * Live state the ledger does not know of: a seat with no open `assigned` starts its clock now
 * (the first run after adoption defers releases by the full period), and a seat the ledger
 * thinks open but live state shows gone was released outside the tool.
 */
function reconcile(
  ledger: readonly LedgerEvent[],
  live: readonly LiveMember[],
  liveById: ReadonlyMap<number, LiveMember>,
  now: Date,
  countFreedSeats: boolean,
): { records: Map<number, SeatRecord>; observed: ObservedEvent[] } {
  const records = seatRecords(ledger);
  const observed: ObservedEvent[] = [];
  for (const m of live) {
    const r = records.get(m.userId);
    if (!holdsSeat(m)) {
      // With seat-limit, a deactivated member the ledger knows nothing of may hold a seat freed
      // moments ago (outside the tool, or by a run whose ledger commit was lost): it counts as
      // cooling for the full period from first sight, so no such seat is handed on early.
      const unknown = !r || (!r.since && !r.releasedAt);
      if (countFreedSeats && unknown && !isSeparatelyLicensed(m) && (m.role === 'DI' || m.role === 'NO')) {
        observed.push({ event: 'released', user: { id: m.userId, email: m.email }, from: null, to: m.role });
        records.set(m.userId, { since: null, lastSince: now, releasedAt: now });
      }
      continue;
    }
    if (r?.since) continue;
    observed.push({ event: 'assigned', user: { id: m.userId, email: m.email }, from: null, to: m.role });
    records.set(m.userId, { since: now, lastSince: r?.lastSince ?? null, releasedAt: r?.releasedAt ?? null });
  }
  // Built on first need: a search of the ledger per seat released outside the tool would make a
  // bulk deactivation in the web app cost seats × ledger lines.
  let lastEmails: Map<number, string | null> | undefined;
  for (const [userId, r] of records) {
    if (!r.since) continue;
    const m = liveById.get(userId);
    if (m && holdsSeat(m)) continue;
    lastEmails ??= new Map(ledger.map((e) => [e.user.id, e.user.email]));
    observed.push({
      event: 'released',
      user: { id: userId, email: m?.email ?? lastEmails.get(userId) ?? null },
      from: null,
      // A member gone from the organization is recorded as deactivated: their seat is free.
      to: m ? m.role : 'DI',
    });
    records.set(userId, { since: null, lastSince: r.since, releasedAt: now });
  }
  return { records, observed };
}

/** SPEC 5: releases wait for `min-seat-days`; with `seat-limit`, activations wait for a free seat. */
function applySeatRule(
  changes: Change[],
  records: Map<number, SeatRecord>,
  live: readonly LiveMember[],
  input: PlanInput,
): void {
  const { now, settings } = input;
  const { minSeatDays, seatLimit } = settings;
  const futureFrees: Date[] = [];
  const seated = new Set(live.filter(holdsSeat).map((m) => m.userId));
  let occupied = seated.size;
  for (const [userId, r] of records) {
    const end = coolingUntil(r, minSeatDays, now);
    if (end && !seated.has(userId)) {
      occupied++;
      futureFrees.push(end);
    }
  }

  for (const c of changes) {
    if (c.kind !== 'release' || c.status !== 'planned') continue;
    const since = records.get(c.user.id!)?.since ?? now;
    const end = seatEnd(since, minSeatDays);
    if (end <= now) {
      occupied--;
      continue;
    }
    if (c.offboard) {
      c.reason = `offboarding: released at once; the seat stays occupied (cooling) until ${iso(end)}`;
      futureFrees.push(end);
      continue;
    }
    c.status = 'deferred';
    c.eligibleAt = end;
    c.reason = `seat held since ${iso(since)}; min-seat-days is ${minSeatDays}`;
    futureFrees.push(end);
  }

  if (seatLimit == null) return;
  futureFrees.sort((a, b) => a.getTime() - b.getTime());
  const assigns = changes
    .filter((c) => c.kind === 'assign' && c.status === 'planned')
    .sort((a, b) => (a.rosterLine ?? Infinity) - (b.rosterLine ?? Infinity));
  let waiting = 0;
  for (const c of assigns) {
    if (occupied < seatLimit) {
      occupied++;
      continue;
    }
    // The n-th waiting activation needs every seat above the limit, and one per activation
    // waiting before it, to have freed first.
    const at = futureFrees[occupied - seatLimit + waiting++];
    if (at) {
      c.status = 'deferred';
      c.eligibleAt = at;
      c.reason = `seat-limit ${seatLimit} reached; the next seat frees at ${iso(at)}`;
    } else {
      c.status = 'refused';
      c.reason = `seat-limit ${seatLimit} reached and no pending release frees a seat; release one in the roster or raise seat-limit`;
    }
  }
}
