import type { LiveMember } from './live-member.ts';

/**
 * The vendor's seat report (an internal Label Studio Enterprise endpoint): per member, whether the
 * membership counts toward the seat limit "using the same predicate as billing", and, when asked
 * for, the billing counters. It sits beside the action's own inference from role and user_type.
 */
export interface SeatUser {
  id: number;
  email: string | null;
}

export interface SeatReportRow {
  userId: number;
  email: string | null;
  counts: boolean;
  stale: boolean;
}

export interface SeatUsage {
  count: number;
  total: number | null;
  limit: number;
  reached: boolean | null;
  scope: string;
}

export interface VendorSeatReport {
  rows: SeatReportRow[];
  /** `seat_usage`, checked; null when not asked for. */
  usage: SeatUsage | null;
}

/** Where the report and the member list disagree about who holds a seat, and what the report adds. */
export interface SeatReportFindings {
  /** The report counts them; their role and user_type imply no standard seat. Treated as seated. */
  reportOnly: SeatUser[];
  /** Their role and user_type imply a standard seat; the report does not count them. Still seated. */
  listOnly: SeatUser[];
  /** Counted by the report, absent from the member list. Counted as occupied. */
  notListed: SeatUser[];
  /** `has_stale_role_assignments`: "the usual cause of stale seats", in the vendor's words. */
  stale: SeatUser[];
  /** Rows the report counts toward the limit. */
  counted: number;
  usage: SeatUsage | null;
}

/** The scope of `seat_usage` that makes its limit this organization's own. */
export const ORGANIZATION_SCOPE = 'organization';

/**
 * `seat_usage` as sent, or what is wrong with it. Its limit must be a positive whole number and its
 * count a whole number of 0 or more; anything else is a malformed answer, never a guessed limit.
 */
export function checkSeatUsage(raw: unknown): { ok: true; usage: SeatUsage } | { ok: false; problem: string } {
  const shown = (v: unknown) => {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  if (raw === undefined || raw === null) return { ok: false, problem: 'the answer has no seat_usage' };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problem: `seat_usage is ${shown(raw)}, not an object` };
  const u = raw as Record<string, unknown>;
  const whole = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
  if (!whole(u.limit, 1)) return { ok: false, problem: `seat_usage.limit is ${shown(u.limit)}, not a positive whole number` };
  if (!whole(u.count, 0)) return { ok: false, problem: `seat_usage.count is ${shown(u.count)}, not a whole number of 0 or more` };
  if (typeof u.scope !== 'string') return { ok: false, problem: `seat_usage.scope is ${shown(u.scope)}, not a text` };
  return {
    ok: true,
    usage: {
      count: u.count as number,
      total: whole(u.total, 0) ? (u.total as number) : null,
      limit: u.limit as number,
      reached: typeof u.reached === 'boolean' ? u.reached : null,
      scope: u.scope,
    },
  };
}

export const isOrganizationScope = (usage: SeatUsage): boolean => usage.scope.toLowerCase() === ORGANIZATION_SCOPE;

/**
 * Member by member, the report beside what the member list's role and user_type imply
 * (`listSeat`). Both sides are kept: a member either side counts as seated is seated for the
 * seat rule, so a disagreement can only make a release later or an activation wait longer.
 */
export function compareSeatReport(live: readonly LiveMember[], report: VendorSeatReport, listSeat: (m: LiveMember) => boolean): SeatReportFindings {
  const byId = new Map<number, LiveMember>();
  for (const m of live) byId.set(m.userId, m);
  const findings: SeatReportFindings = { reportOnly: [], listOnly: [], notListed: [], stale: [], counted: 0, usage: report.usage };
  const inReport = new Set<number>();
  for (const row of report.rows) {
    if (inReport.has(row.userId)) continue;
    inReport.add(row.userId);
    const m = byId.get(row.userId);
    const user = { id: row.userId, email: m?.email ?? row.email };
    if (row.stale) findings.stale.push(user);
    if (row.counts) findings.counted++;
    if (!m) {
      if (row.counts) findings.notListed.push(user);
      continue;
    }
    const listed = listSeat(m);
    if (row.counts && !listed) findings.reportOnly.push(user);
    else if (!row.counts && listed) findings.listOnly.push(user);
  }
  return findings;
}

/** The members the report alone seats, flagged so the seat rule counts them (`LiveMember.reportSeat`). */
export function withReportSeats(live: readonly LiveMember[], findings: SeatReportFindings): readonly LiveMember[] {
  if (findings.reportOnly.length === 0) return live;
  const ids = new Set(findings.reportOnly.map((u) => u.id));
  return live.map((m) => (ids.has(m.userId) ? { ...m, reportSeat: true as const } : m));
}

/** A deferred release of a member only the report seats says so: its start is unknown to the ledger. */
export function explainReportSeats(changes: readonly { user: { id: number | null }; kind: string; status: string; reason: string | null }[], findings: SeatReportFindings): void {
  if (findings.reportOnly.length === 0) return;
  const ids = new Set(findings.reportOnly.map((u) => u.id));
  for (const c of changes) {
    if (c.kind !== 'release' || c.status !== 'deferred' || c.user.id === null || !ids.has(c.user.id)) continue;
    c.reason =
      "Label Studio's seat report counts this member toward the seat limit, though role and user_type imply no standard seat; " +
      `it is released no earlier than the ledger allows: ${c.reason ?? ''}`;
  }
}
