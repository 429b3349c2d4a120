import type { Change, ChangeKind, CoolingSeat, ObservedEvent, Plan, SeatsAsRead, UnmanagedMember, UnresolvedIntent, UserRef } from './change.ts';
import type { LedgerEvent } from './ledger-event.ts';
import { isIdentityProviderManaged, isSeparatelyLicensed, type LiveMember } from './live-member.ts';
import { isSeatRole, type RoleCode } from './roles.ts';
import type { Roster, RosterEntry } from './roster-model.ts';
import { describeAccount, emailKey } from './identity.ts';
import { coolingUntil, seatEnd, seatRecords, type SeatRecord } from './seats.ts';
import { maxChangesLimit, type MaxChanges, type UnmanagedPolicy } from './policy.ts';
import { markHandChanges } from './hand-changes.ts';
import { compareSeatReport, explainReportSeats, withReportSeats, type VendorSeatReport } from './seat-report.ts';

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
  /** The token's own user: never changed (docs/seat-rule.md). */
  selfUserId: number;
  /** The time the plan is evaluated at: now, or `as-of` for a what-if. */
  now: Date;
  /**
   * When the seats found without a ledger record are taken as first seen: the real time of the
   * run. A what-if at a later `as-of` must not pretend they were first seen then.
   */
  observedAt?: Date;
  settings: PlanSettings;
  /** The vendor's seat report, when it answered: more seated members, never fewer. */
  seatReport?: VendorSeatReport | null;
}

/** Apply order: seats are freed before any is taken (docs/seat-rule.md). */
const KIND_ORDER: Record<ChangeKind, number> = { release: 0, 'role-change': 1, other: 2, assign: 3 };

/** Does the member list's role and `user_type` show a standard, licensed seat? What the seat report is compared with. */
function memberListSeat(m: LiveMember): boolean {
  return !isSeparatelyLicensed(m) && isSeatRole(m.role);
}

/** Does this member hold a standard seat by the member list and the ledger? The ledger records only these. */
type SeatHolder = (m: LiveMember) => boolean;

/**
 * A working role holds a seat, unless the account is licensed apart; but a seat this action
 * assigned (or announced assigning, an intent that may have landed) since the user's last
 * release keeps the seat rule whatever `user_type` the server reports afterwards: after a
 * view-only upgrade the server may go on saying `viewonly`, and releasing that seat at once
 * would release it early.
 */
function seatHolder(records: ReadonlyMap<number, SeatRecord>): SeatHolder {
  const kept = new Set<number>();
  records.forEach((r, userId) => {
    if (r.keep) kept.add(userId);
  });
  return (m) => isSeatRole(m.role) && (!isSeparatelyLicensed(m) || kept.has(m.userId));
}

/** A seat for the seat rule: by the member list and ledger, or by the vendor's seat report (the cautious side). */
function ruleSeat(m: LiveMember, listSeat: SeatHolder): boolean {
  return m.reportSeat === true || listSeat(m);
}

function changeKind(m: LiveMember, to: RoleCode, listSeat: SeatHolder): ChangeKind {
  // Service accounts are licensed apart whatever their role; view-only users are upgraded to a seat.
  if (m.userType === 'service' && !ruleSeat(m, listSeat)) return 'other';
  const from = ruleSeat(m, listSeat);
  const into = isSeatRole(to);
  if (from && !into) return 'release';
  // A seat only the vendor's report shows still takes one by the member list: the cautious side.
  if (!listSeat(m) && into) return 'assign';
  if (from && into) return 'role-change';
  return 'other';
}

const iso = (ms: number) => new Date(ms).toISOString();
const userRef = (m: LiveMember): UserRef => ({ id: m.userId, email: m.email });

type NamedEntry = { email: string | null; id: number | null; line: number; column: number };

/**
 * What the roster's lines name in live state. The lines are numbered across both sections,
 * members first: line k is `members[k]`, or `ignore[k - members.length]`. Arrays by line number
 * rather than an object per line, as a roster of 100,000 lines would allocate 100,000 of them.
 */
interface Matched {
  /** The one live account each line names, when there is exactly one. */
  accounts: (LiveMember | undefined)[];
  /** Why a line can never be applied as written; most lines have no entry. */
  refusals: Map<number, string>;
  /**
   * Every live account a line names, the ambiguous ones included (none of them is unmanaged),
   * with the first line that names it alone, or -1 when only ambiguous lines do. One map for
   * both, as each is as large as the organization.
   */
  claimed: Map<number, number>;
}

/**
 * Live accounts by `emailKey`. The map holds the first account of each key; the few keys that
 * two accounts share hold all of them in `ambiguous` too, so no key needs an array of its own.
 */
function emailIndex(live: readonly LiveMember[]): { first: Map<string, LiveMember>; ambiguous: Map<string, LiveMember[]> } {
  const first = new Map<string, LiveMember>();
  // Backwards, so that the account left under each key is its first; a key met again (the map did
  // not grow) is rare, and only then is live state read a second time. One map operation per
  // account, where a look-up before each insert would take two.
  let repeated: Set<string> | undefined;
  for (let i = live.length - 1; i >= 0; i--) {
    const email = live[i]!.email;
    if (!email) continue;
    const size = first.size;
    const key = emailKey(email);
    first.set(key, live[i]!);
    if (first.size === size) (repeated ??= new Set()).add(key);
  }
  const ambiguous = new Map<string, LiveMember[]>();
  if (!repeated) return { first, ambiguous };
  const accountsOf = new Map<string, LiveMember[]>();
  for (const m of live) {
    const key = m.email ? emailKey(m.email) : null;
    if (key === null || !repeated.has(key)) continue;
    const same = accountsOf.get(key);
    // The same membership listed twice by the server is one account, not an ambiguity.
    if (!same) accountsOf.set(key, [m]);
    else if (!same.some((s) => s.userId === m.userId)) same.push(m);
  }
  for (const [key, accounts] of accountsOf) if (accounts.length > 1) ambiguous.set(key, accounts);
  return { first, ambiguous };
}

/**
 * Identity against live state (docs/roster.md). An email line names the live accounts whose `emailKey`
 * equals its own; two of them are ambiguous and the line is refused naming both. An id line and
 * an email line (in members or ignore) that reach the same account are both refused naming both
 * lines, so nothing changes for that user until the roster says once who they are.
 */
function matchRoster(roster: Roster, live: readonly LiveMember[], byId: ReadonlyMap<number, LiveMember>): Matched {
  const byEmail = emailIndex(live);
  const { members, ignore } = roster;
  const lineAt = (k: number): NamedEntry => (k < members.length ? members[k]! : ignore[k - members.length]!);
  const accounts: (LiveMember | undefined)[] = [];
  const refusals = new Map<number, string>();
  const claimed = new Map<number, number>();
  // Every line of each account that more than one line names alone.
  const shared = new Map<number, number[]>();

  for (let k = 0; k < members.length + ignore.length; k++) {
    const entry = lineAt(k);
    let account: LiveMember | undefined;
    if (entry.id != null) {
      account = byId.get(entry.id);
    } else if (entry.email != null) {
      const key = emailKey(entry.email);
      const accountsOfKey = byEmail.ambiguous.size > 0 ? byEmail.ambiguous.get(key) : undefined;
      if (accountsOfKey) {
        for (const a of accountsOfKey) if (!claimed.has(a.userId)) claimed.set(a.userId, -1);
        refusals.set(k, ambiguity(entry.email, accountsOfKey));
        accounts.push(undefined);
        continue;
      }
      account = byEmail.first.get(key);
    }
    accounts.push(account);
    if (!account) continue;
    const first = claimed.get(account.userId) ?? -1;
    if (first === -1) claimed.set(account.userId, k);
    else {
      const same = shared.get(account.userId);
      if (same) same.push(k);
      else shared.set(account.userId, [first, k]);
    }
  }

  // Offline checks already refused two lines with the same email or id, so a pair here is always
  // an id line and an email line.
  const describeLine = (k: number) => {
    const { line, id, email } = lineAt(k);
    return `line ${line} (${k < members.length ? 'members' : 'ignore'}, by ${id != null ? `id ${id}` : `email ${email}`})`;
  };
  for (const same of shared.values()) {
    same.sort((a, b) => lineAt(a).line - lineAt(b).line);
    const account = accounts[same[0]!]!;
    for (const k of same) {
      const others = same.filter((o) => o !== k).map(describeLine);
      refusals.set(
        k,
        `names the same user as ${others.join(' and ')}: live account ${describeAccount(account)}; ` +
          'nothing is changed for this user — keep one of the lines (by email, or by id for a user without one)',
      );
    }
  }
  return { accounts, refusals, claimed };
}

function ambiguity(email: string, accounts: readonly LiveMember[]): string {
  const listed = accounts.map(describeAccount);
  return (
    `${email} matches ${accounts.length} live accounts whose emails differ only in the case of A-Z: ` +
    `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}; name the intended user by id instead (\`- id: ${accounts[0]!.userId}\`), ` +
    'or have the duplicate account removed in Label Studio'
  );
}

/** The role an ignored user keeps, as a roster role; a view-only user shows as not-activated, which holds no seat either. */
function keptRole(account: LiveMember | undefined): RoleCode {
  const role = account?.role;
  return role && role !== 'VO' ? role : 'NO';
}

function refusedEntry(entry: NamedEntry, account: LiveMember | undefined, to: RoleCode, reason: string, listSeat: SeatHolder): Change {
  return {
    user: account ? userRef(account) : { id: entry.id, email: entry.email },
    from: account ? account.role : null,
    to,
    kind: account ? changeKind(account, to, listSeat) : isSeatRole(to) ? 'assign' : 'other',
    status: 'refused',
    reason,
    eligibleAt: null,
    rosterLine: entry.line,
    rosterColumn: entry.column,
    offboard: 'offboard' in entry && entry.offboard === true,
    unmanaged: false,
  };
}

/**
 * The whole decision of a run, as a pure function: what each roster member needs, which of those
 * changes the seat rule allows now, and which it holds back until when.
 */
export function buildPlan(given: PlanInput): Plan {
  const seatReport = given.seatReport ? compareSeatReport(given.live, given.seatReport, memberListSeat) : null;
  const input = seatReport ? { ...given, live: withReportSeats(given.live, seatReport) } : given;
  const { live, now, settings } = input;
  const byId = new Map<number, LiveMember>();
  for (const m of live) byId.set(m.userId, m);
  const observedAt = (input.observedAt ?? now).getTime();
  const { records, observed, unresolved, adoptionCooling, listSeat } = reconcile(input.ledger, live, byId, observedAt, settings);

  const { changes, noop, claimed } = rosterChanges(input, byId, listSeat);
  const unmanaged = unmanagedMembers(input, claimed, byId.size);
  for (const u of unmanaged) if (u.deactivating) changes.push(deactivation(byId.get(u.user.id!)!, listSeat));

  for (const c of changes) if (c.status === 'planned') refuseIfForbidden(c, byId.get(c.user.id!)!, input.selfUserId);
  const { cooling, seats } = applySeatRule(changes, records, live, byId, input, listSeat);
  markHandChanges(changes, input.ledger);
  if (seatReport) explainReportSeats(changes, seatReport);
  changes.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.rosterLine ?? Infinity) - (b.rosterLine ?? Infinity));

  let planned = 0;
  for (const c of changes) if (c.status === 'planned') planned++;
  const limit = maxChangesLimit(settings.maxChanges, live.length);
  return {
    organization: input.organization,
    asOf: now,
    changes,
    noop,
    unmanaged,
    maxChanges: { limit, planned, exceeded: planned > limit },
    observed,
    unresolved,
    adoptionCooling,
    cooling,
    seats,
    seatReport,
  };
}

/** What each roster line asks for against live state, and every live account a line names. */
function rosterChanges(input: PlanInput, byId: ReadonlyMap<number, LiveMember>, listSeat: SeatHolder): { changes: Change[]; noop: number; claimed: ReadonlyMap<number, number> } {
  const { members, ignore } = input.roster;
  const changes: Change[] = [];
  let noop = 0;
  // Every live account a roster line names, even one it is refused for: none of them is unmanaged.
  const { accounts, refusals, claimed } = matchRoster(input.roster, input.live, byId);

  for (let k = 0; k < members.length; k++) {
    const entry = members[k]!;
    const account = accounts[k];
    const refusal = refusals.get(k);
    if (refusal !== undefined) changes.push(refusedEntry(entry, account, entry.role, refusal, listSeat));
    else if (!account) changes.push(notMember(entry, input.organization));
    else if (account.role === entry.role) noop++;
    else changes.push(baseChange(entry, account, listSeat));
  }
  for (let k = 0; k < ignore.length; k++) {
    const refusal = refusals.get(members.length + k);
    // An ignore line has no role to ask for: its refused row shows the role the user keeps.
    if (refusal === undefined) continue;
    const account = accounts[members.length + k];
    changes.push(refusedEntry(ignore[k]!, account, keptRole(account), refusal, listSeat));
  }
  return { changes, noop, claimed };
}

/** Live members no roster line names, and which of them the `deactivate` policy releases. */
function unmanagedMembers(input: PlanInput, claimed: ReadonlyMap<number, unknown>, liveUsers: number): UnmanagedMember[] {
  const { settings } = input;
  const unmanaged: UnmanagedMember[] = [];
  // Only live accounts are ever claimed, so when as many are claimed as live state has users, the
  // roster names everyone: the usual case, which needs no look-up per member.
  if (settings.unmanaged === 'ignore' || claimed.size === liveUsers) return unmanaged;
  for (const m of input.live) {
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
  }
  return unmanaged;
}

function deactivation(m: LiveMember, listSeat: SeatHolder): Change {
  return {
    user: userRef(m),
    from: m.role,
    to: 'DI',
    kind: changeKind(m, 'DI', listSeat),
    status: 'planned',
    reason: 'not in the roster (unmanaged: deactivate)',
    eligibleAt: null,
    rosterLine: null,
    rosterColumn: null,
    offboard: false,
    unmanaged: true,
  };
}

function baseChange(entry: RosterEntry, m: LiveMember, listSeat: SeatHolder): Change {
  return {
    user: userRef(m),
    from: m.role,
    to: entry.role,
    kind: changeKind(m, entry.role, listSeat),
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

/** Changes this action never makes, whatever the roster says. */
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

interface Reconciled {
  records: Map<number, SeatRecord>;
  observed: ObservedEvent[];
  unresolved: UnresolvedIntent[];
  adoptionCooling: { members: number; until: Date } | null;
  listSeat: SeatHolder;
}

/**
 * Brings the ledger's view of every seat up to live state, as if recorded at `now` (the real time
 * of the run), in three steps: the worst case of writes announced but never recorded, seats
 * taken or freed outside the action, and, on an empty ledger with seat-limit, deactivated members
 * whose last release nobody can date.
 */
function reconcile(
  ledger: readonly LedgerEvent[],
  live: readonly LiveMember[],
  liveById: ReadonlyMap<number, LiveMember>,
  now: number,
  settings: PlanSettings,
): Reconciled {
  const records = seatRecords(ledger);
  // From the ledger as it stands: whose seat this action assigned, before live state is folded in.
  const listSeat = seatHolder(records);
  const observed: ObservedEvent[] = [];
  const unresolved = resolveIntents(records, liveById, now, settings.minSeatDays, observed, listSeat);
  recordFoundSeats(ledger, records, live, liveById, now, observed, listSeat);
  const adoptionCooling =
    settings.seatLimit != null && ledger.length === 0 ? coolFromFirstSight(records, live, now, settings.minSeatDays, observed) : null;
  return { records, observed, unresolved, adoptionCooling, listSeat };
}

/**
 * An intent with no outcome may or may not have landed. The worst case for the seat rule:
 * a seat the user holds now was (re)taken now, and a seat they may have held since the intent and
 * no longer hold was freed now, so it cools for the full period from now.
 */
function resolveIntents(
  records: Map<number, SeatRecord>,
  liveById: ReadonlyMap<number, LiveMember>,
  now: number,
  minSeatDays: number,
  observed: ObservedEvent[],
  listSeat: SeatHolder,
): UnresolvedIntent[] {
  const unresolved: UnresolvedIntent[] = [];
  // forEach rather than for…of: the loops over every record run once, before the optimiser has
  // seen them, and for…of then makes an entry array per record.
  records.forEach((r, userId) => {
    const intent = r.pending;
    if (!intent) return;
    const m = liveById.get(userId);
    const user = { id: userId, email: m?.email ?? null };
    const touchedSeat = (intent.from !== null && isSeatRole(intent.from)) || isSeatRole(intent.to);
    let outcome: UnresolvedIntent['outcome'] = 'no-seat';
    if (m && listSeat(m)) {
      outcome = 'seat-held';
      observed.push({ event: 'assigned', user, from: null, to: m.role, cause: 'intent' });
      records.set(userId, { since: now, lastSince: r.since ?? r.lastSince, releasedAt: r.releasedAt, unsure: false, bySync: false, keep: false, exact: false, pending: null });
    } else if (touchedSeat && !(m && isSeparatelyLicensed(m) && !r.keep)) {
      outcome = 'cooling';
      observed.push({ event: 'released', user, from: null, to: m ? m.role : 'DI', cause: 'intent' });
      records.set(userId, { since: null, lastSince: now, releasedAt: now, unsure: true, bySync: false, keep: false, exact: false, pending: null });
    }
    // A `no-seat` intent stays pending in the ledger: nothing is recorded for it, and each run
    // takes it the same way until the user's next recorded change.
    unresolved.push({
      user,
      intent: { seq: intent.seq, at: new Date(intent.at), from: intent.from, to: intent.to, run: intent.run },
      outcome,
      coolingUntil: outcome === 'cooling' ? new Date(seatEnd(now, minSeatDays)) : null,
    });
  });
  return unresolved;
}

/**
 * Seats taken outside the action (or before it) start their clock now; seats freed outside it are
 * recorded as released. The records are this plan's own (fresh from the ledger), so they change in place.
 */
function recordFoundSeats(
  ledger: readonly LedgerEvent[],
  records: Map<number, SeatRecord>,
  live: readonly LiveMember[],
  liveById: ReadonlyMap<number, LiveMember>,
  now: number,
  observed: ObservedEvent[],
  listSeat: SeatHolder,
): void {
  for (const m of live) {
    if (!listSeat(m)) continue;
    const r = records.get(m.userId);
    if (r && r.since !== null) continue;
    observed.push({ event: 'assigned', user: { id: m.userId, email: m.email }, from: null, to: m.role, cause: 'found' });
    if (r) {
      r.since = now;
      r.bySync = false;
    } else records.set(m.userId, { since: now, lastSince: null, releasedAt: null, unsure: false, bySync: false, keep: false, exact: false, pending: null });
  }
  const freed: number[] = [];
  records.forEach((r, userId) => {
    if (r.since === null) return;
    const m = liveById.get(userId);
    if (!(m && listSeat(m))) freed.push(userId);
  });
  if (freed.length === 0) return;
  const lastEmails = lastEmailsOf(ledger, new Set(freed));
  for (const userId of freed) {
    const r = records.get(userId)!;
    const m = liveById.get(userId);
    observed.push({
      event: 'released',
      user: { id: userId, email: m?.email ?? lastEmails.get(userId) ?? null },
      from: null,
      // A member gone from the organization is recorded as deactivated: their seat is free.
      to: m ? m.role : 'DI',
      cause: 'found',
    });
    r.lastSince = r.since;
    r.since = null;
    r.releasedAt = now;
    r.unsure = false;
    // Freed outside the action: the end is exact only when the seat's start was its own `assigned`.
    r.exact = r.bySync;
    r.bySync = false;
    r.keep = false;
  }
}

/**
 * The email the ledger last wrote for each of `users`: one pass for all of them, as a search per
 * seat released outside the tool would make a bulk deactivation in the web app cost seats × ledger
 * lines, and a map of every user would cost as much as the ledger for a handful.
 */
function lastEmailsOf(ledger: readonly LedgerEvent[], users: ReadonlySet<number>): Map<number, string | null> {
  const emails = new Map<number, string | null>();
  for (const e of ledger) if (users.has(e.user.id)) emails.set(e.user.id, e.user.email);
  return emails;
}

/**
 * Adoption with seat-limit: the ledger is empty, so nobody can tell whether a deactivated member
 * gave up a seat by hand yesterday. Each counts as cooling for the full period from first sight,
 * so no such seat is handed on early. Once recorded, this never repeats: later runs know every
 * seat the action took or freed (write-ahead), and what an admin does by hand after adoption
 * shows up as `found` lines. `NO` (never activated) members never held a seat and are not counted.
 */
function coolFromFirstSight(
  records: Map<number, SeatRecord>,
  live: readonly LiveMember[],
  now: number,
  minSeatDays: number,
  observed: ObservedEvent[],
): { members: number; until: Date } | null {
  let members = 0;
  for (const m of live) {
    if (m.role !== 'DI' || isSeparatelyLicensed(m) || records.has(m.userId)) continue;
    observed.push({ event: 'released', user: { id: m.userId, email: m.email }, from: null, to: m.role, cause: 'adoption' });
    records.set(m.userId, { since: null, lastSince: now, releasedAt: now, unsure: true, bySync: false, keep: false, exact: false, pending: null });
    members++;
  }
  return members > 0 ? { members, until: new Date(seatEnd(now, minSeatDays)) } : null;
}

/** Releases wait for `min-seat-days`; with `seat-limit`, activations wait for a free seat. */
function applySeatRule(
  changes: Change[],
  records: Map<number, SeatRecord>,
  live: readonly LiveMember[],
  byId: ReadonlyMap<number, LiveMember>,
  input: PlanInput,
  listSeat: SeatHolder,
): { cooling: CoolingSeat[]; seats: SeatsAsRead } {
  const { settings } = input;
  const now = input.now.getTime();
  const seated = new Set<number>();
  for (const m of live) if (ruleSeat(m, listSeat)) seated.add(m.userId);
  // Members the vendor's seat report counts and the member list does not hold (read while they left, or hidden).
  for (const row of input.seatReport?.rows ?? []) if (row.counts && !byId.has(row.userId)) seated.add(row.userId);
  // Each user counts once: as a held seat, or as their own cooling seat (docs/seat-rule.md).
  const cooling = new Map<number, Cooling>();
  records.forEach((r, userId) => {
    const end = coolingUntil(r, settings.minSeatDays, now);
    if (end !== null && !seated.has(userId)) cooling.set(userId, { end, unsure: r.unsure, exact: r.exact });
  });
  // What the report draws as cooling: every seat counted so, less those their own user takes back.
  const shown: CoolingSeat[] = [];
  for (const [userId, { end, unsure }] of cooling) shown.push({ user: { id: userId, email: byId.get(userId)?.email ?? null }, until: new Date(end), unsure });
  const asRead: SeatsAsRead = { inUse: seated.size, cooling: cooling.size };
  // With the report's billing counters, free seats are the limit less the larger of the two counts.
  const occupied = Math.max(seated.size + cooling.size, input.seatReport?.usage?.count ?? 0);
  const seats: Occupancy = { occupied, before: occupied, futureFrees: [] };
  shown.push(...holdYoungReleases(changes, records, seats, now, settings.minSeatDays));
  const takenBack = settings.seatLimit != null ? waitForFreeSeats(changes, cooling, seats, settings.seatLimit) : new Set<number>();
  const coolingShown = shown.filter((c) => !takenBack.has(c.user.id!)).sort((a, b) => a.until.getTime() - b.until.getTime());
  return { cooling: coolingShown, seats: asRead };
}

function withoutOne(sorted: readonly number[], value: number): number[] {
  const copy = [...sorted];
  const at = copy.indexOf(value);
  if (at >= 0) copy.splice(at, 1);
  return copy;
}

/** Seats in use or cooling now, and when each seat that is held or cooling will free. */
interface Occupancy {
  occupied: number;
  /** `occupied` before this run's releases. */
  before: number;
  futureFrees: number[];
}

/** A release of a seat younger than `min-seat-days` waits, unless it offboards (then it cools). */
function holdYoungReleases(changes: Change[], records: ReadonlyMap<number, SeatRecord>, seats: Occupancy, now: number, minSeatDays: number): CoolingSeat[] {
  const offboarded: CoolingSeat[] = [];
  for (const c of changes) {
    if (c.kind !== 'release' || c.status !== 'planned') continue;
    const since = records.get(c.user.id!)?.since ?? now;
    const end = seatEnd(since, minSeatDays);
    if (end <= now) {
      seats.occupied--;
      continue;
    }
    seats.futureFrees.push(end);
    if (c.offboard) {
      c.reason = `offboarding: released at once; the seat stays occupied (cooling) until ${iso(end)}`;
      offboarded.push({ user: c.user, until: new Date(end), unsure: false });
      continue;
    }
    c.status = 'deferred';
    c.eligibleAt = new Date(end);
    c.reason = `seat held since ${iso(since)}; min-seat-days is ${minSeatDays}`;
  }
  return offboarded;
}

/** A seat counted as cooling: until when, whether it may never have been one, whether its end is exact. */
interface Cooling {
  end: number;
  unsure: boolean;
  exact: boolean;
}

/**
 * With `seat-limit`, an activation takes a free seat, its own cooling seat, or waits for one.
 * Returns the users whose cooling seat is no longer counted as cooling (they take it back).
 */
function waitForFreeSeats(changes: Change[], cooling: Map<number, Cooling>, seats: Occupancy, seatLimit: number): Set<number> {
  const takenBack = new Set<number>();
  const assigns = changes
    .filter((c) => c.kind === 'assign' && c.status === 'planned')
    .sort((a, b) => (a.rosterLine ?? Infinity) - (b.rosterLine ?? Infinity));
  // A user whose own seat is cooling takes that seat back: occupancy does not change (their
  // cooling count becomes their held seat). When the cooling end is exact (the action assigned
  // the seat and released it), that always holds. When it is uncertain (a start first observed,
  // the worst case of an intent, adoption), the seat may already have been handed on, or never
  // have been one: while the seats occupied without that user (in use and cooling, uncertain
  // ones included) already reach the limit, they wait like any other activation, never refused.
  const others: Change[] = [];
  for (const c of assigns) {
    const own = cooling.get(c.user.id!);
    if (own && (own.exact || seats.occupied - 1 < seatLimit)) {
      cooling.delete(c.user.id!);
      takenBack.add(c.user.id!);
      // Exempt from the apply's hold-back only when no release of this run was needed for it.
      if (own.exact || seats.before - 1 < seatLimit) c.ownSeat = true;
      c.reason = `takes back their own seat (cooling until ${iso(own.end)}); needs no other seat`;
      continue;
    }
    others.push(c);
  }
  // Everyone else needs a free seat. A user whose own cooling is still counted (uncertain, over
  // the limit) is not counted twice: that count becomes their seat if they get one, and stays
  // counted as cooling, for everyone after them too, if they wait (seed -93594116 of the property).
  let futureFrees: number[] | null = null;
  let waiting = 0;
  for (const c of others) {
    const own = cooling.get(c.user.id!);
    const counted = own ? 1 : 0;
    if (seats.occupied - counted < seatLimit) {
      seats.occupied += 1 - counted;
      if (own && cooling.delete(c.user.id!)) {
        takenBack.add(c.user.id!);
        futureFrees = null;
      }
      continue;
    }
    if (futureFrees === null) {
      futureFrees = [...seats.futureFrees];
      for (const x of cooling.values()) futureFrees.push(x.end);
      futureFrees.sort((a, b) => a - b);
    }
    // The n-th waiting activation needs every seat above the limit, and one per activation
    // waiting before it, to have freed first; the end of their own cooling frees nothing for them.
    const frees = own ? withoutOne(futureFrees, own.end) : futureFrees;
    const found = frees[seats.occupied - counted - seatLimit + waiting++];
    // A user waiting on their own uncertain cooling is never refused: once it ends they are an
    // ordinary activation, so the plan looks again then at the latest.
    const at = found ?? own?.end;
    if (at !== undefined) {
      c.status = 'deferred';
      c.eligibleAt = new Date(at);
      c.reason = own
        ? `seat-limit ${seatLimit} is reached without this user, whose own cooling seat (until ${iso(own.end)}) may already be someone else's; the next seat frees at ${iso(at)}`
        : `seat-limit ${seatLimit} reached; the next seat frees at ${iso(at)}`;
    } else {
      c.status = 'refused';
      c.reason = `seat-limit ${seatLimit} reached and no pending release frees a seat; release one in the roster or raise seat-limit`;
    }
  }
  return takenBack;
}
