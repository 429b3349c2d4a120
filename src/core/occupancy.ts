import type { ChangeStatus, CoolingSeat, Plan } from './change.ts';

const DAY_MS = 86_400_000;
/** More rows than this make a calendar nobody reads; later steps are merged into the last row. */
export const MAX_CALENDAR_ROWS = 15;

export interface SeatOutlookOptions {
  minSeatDays: number;
  /** Licensed seats, from `seat-limit` or the vendor's seat report; null when unknown. */
  seatLimit: number | null;
  /**
   * The status a change has once it took effect: `planned` for a plan (what merging does),
   * `applied` after an apply.
   */
  done: ChangeStatus;
}

/** How many seats are occupied from `at` on, and how many are free under the licence. */
export interface SeatStep {
  at: Date;
  occupied: number;
  /** null without a known licence. */
  free: number | null;
}

export interface SeatOutlook {
  /** As read, before this run's changes. */
  inUse: number;
  cooling: number;
  occupied: number;
  limit: number | null;
  /** More seats occupied than licensed, as read. */
  over: boolean;
  /** Cooling seats as read whose end is known, soonest first (seats their user takes back in this run are not). */
  coolingNow: CoolingSeat[];
  /** Cooling seats after this run, soonest end first: who and until when. */
  coolingSeats: CoolingSeat[];
  /**
   * Occupancy from now (after this run's changes) to `min-seat-days` ahead, one step where it
   * changes: cooling seats ending, waiting releases becoming eligible and waiting activations
   * taking their seat, as later runs will apply them if nothing else changes.
   */
  calendar: SeatStep[];
}

/**
 * The seats of a run as the report shows them. The plan counted them as read; the changes that
 * took effect (`done`) then move seats between in use and cooling; what waits is dated.
 */
export function seatOutlook(plan: Plan, options: SeatOutlookOptions): SeatOutlook {
  const { minSeatDays, seatLimit, done } = options;
  const now = plan.asOf.getTime();
  const { inUse, cooling } = plan.seats;
  const occupied = inUse + cooling;
  const tookEffect = (status: ChangeStatus) => !plan.maxChanges.exceeded && status === done;

  let inUseAfter = inUse;
  // A release that did not take effect leaves its user seated: their cooling (an offboarding's) is not counted.
  const stillSeated = new Set<number>();
  const steps: { at: number; delta: number }[] = [];
  for (const c of plan.changes) {
    if (c.kind !== 'release' && c.kind !== 'assign') continue;
    const delta = c.kind === 'assign' ? 1 : -1;
    if (tookEffect(c.status)) {
      inUseAfter += delta;
      continue;
    }
    if (c.kind === 'release' && c.user.id != null) stillSeated.add(c.user.id);
    if (c.status === 'deferred' && c.eligibleAt) steps.push({ at: Math.max(now, c.eligibleAt.getTime()), delta });
  }
  const releasing = new Set<number>();
  for (const c of plan.changes) if (c.kind === 'release' && c.user.id != null) releasing.add(c.user.id);
  const coolingNow = plan.cooling.filter((s) => s.until.getTime() > now && !(s.user.id != null && releasing.has(s.user.id)));
  const coolingSeats = plan.cooling.filter((s) => s.until.getTime() > now && !(s.user.id != null && stillSeated.has(s.user.id)));
  let occupiedAfter = inUseAfter;
  for (const s of coolingSeats) {
    occupiedAfter += 1;
    steps.push({ at: s.until.getTime(), delta: -1 });
  }

  const end = now + minSeatDays * DAY_MS;
  const byTime = new Map<number, number>();
  for (const s of steps) {
    if (s.at <= now) occupiedAfter += s.delta;
    else if (s.at <= end) byTime.set(s.at, (byTime.get(s.at) ?? 0) + s.delta);
  }
  const free = (n: number) => (seatLimit === null ? null : seatLimit - n);
  const calendar: SeatStep[] = [{ at: new Date(now), occupied: occupiedAfter, free: free(occupiedAfter) }];
  let running = occupiedAfter;
  for (const at of [...byTime.keys()].sort((a, b) => a - b)) {
    const delta = byTime.get(at)!;
    if (delta === 0) continue;
    running += delta;
    const step = { at: new Date(at), occupied: running, free: free(running) };
    if (calendar.length < MAX_CALENDAR_ROWS) calendar.push(step);
    else calendar[calendar.length - 1] = step;
  }
  return {
    inUse,
    cooling,
    occupied,
    limit: seatLimit,
    over: seatLimit !== null && occupied > seatLimit,
    coolingNow,
    coolingSeats,
    calendar,
  };
}
