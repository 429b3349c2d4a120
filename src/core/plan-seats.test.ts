// The seats a plan reports (in use, cooling, the calendar ahead) and the changes it marks as
// reverting a hand edit.
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from './ledger-event.ts';
import type { LiveMember } from './live-member.ts';
import { seatOutlook } from './occupancy.ts';
import { buildPlan, type PlanSettings } from './plan.ts';
import type { Roster, RosterEntry } from './roster-model.ts';
import type { RoleCode } from './roles.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const DAY = 86_400_000;
const SELF = 1;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const member = (userId: number, role: string, extra: Partial<LiveMember> = {}): LiveMember => ({
  userId,
  email: `u${userId}@example.com`,
  role: role as LiveMember['role'],
  roleSource: 'manual',
  userType: 'standard',
  ...extra,
});
const entry = (userId: number, role: RoleCode, extra: Partial<RosterEntry> = {}): RosterEntry => ({
  email: `u${userId}@example.com`,
  id: null,
  role,
  offboard: false,
  line: userId + 1,
  column: 5,
  ...extra,
});
const roster = (members: RosterEntry[]): Roster => ({
  file: 'members.yaml',
  organization: 7,
  defaultRole: 'AN',
  members,
  ignore: [{ email: null, id: SELF, line: 90, column: 5 }, { email: null, id: 2, line: 91, column: 5 }],
});
let seq = 0;
const line = (userId: number, at: string, event: LedgerEvent['event'], by: LedgerEvent['by'], from: LedgerEvent['from'], to: LedgerEvent['to']): LedgerEvent => ({
  seq: ++seq,
  at,
  event,
  by,
  user: { id: userId, email: `u${userId}@example.com` },
  from,
  to,
  run: null,
  prev: '0'.repeat(64),
});
const settings: PlanSettings = { minSeatDays: 7, seatLimit: 5, unmanaged: 'warn', maxChanges: { kind: 'count', value: 25 } };

describe('the seats a plan reports', () => {
  it('counts the owner and the token user in use, cooling seats apart, and dates the free seats ahead', () => {
    const live = [
      member(SELF, 'AD'),
      member(2, 'OW'),
      member(3, 'AN'),
      member(4, 'AN'),
      member(5, 'DI'),
      member(6, 'DI'),
      member(7, 'AN', { userType: 'viewonly' }),
    ];
    const ledger = [
      line(3, ago(10), 'assigned', 'sync', 'DI', 'AN'),
      line(4, ago(2), 'assigned', 'sync', 'DI', 'AN'),
      line(5, ago(5), 'assigned', 'sync', 'DI', 'AN'),
      line(5, ago(4), 'released', 'sync', 'AN', 'DI'),
    ];
    // 3 leaves now (10 days in), 4 waits until its 7 days are up; 6 takes the seat 3 frees, and
    // 7 (a view-only upgrade) waits for the next one.
    const plan = buildPlan({
      organization: 7,
      roster: roster([entry(3, 'DI'), entry(4, 'DI'), entry(5, 'DI'), entry(6, 'AN'), entry(7, 'RE')]),
      ledger,
      live,
      selfUserId: SELF,
      now: NOW,
      settings,
    });
    // In use: the token user, the owner, 3 and 4; the view-only account holds no standard seat.
    expect(plan.seats).toEqual({ inUse: 4, cooling: 1 });
    const outlook = seatOutlook(plan, { minSeatDays: 7, seatLimit: 5, done: 'planned' });
    expect(outlook.occupied).toBe(5);
    expect(outlook.over).toBe(false);
    expect(outlook.coolingNow.map((s) => [s.user.id, s.until.toISOString()])).toEqual([[5, new Date(Date.parse(ago(5)) + 7 * DAY).toISOString()]]);
    const steps = outlook.calendar.map((s) => [s.at.toISOString(), s.occupied, s.free]);
    const statuses = Object.fromEntries(plan.changes.map((c) => [c.user.id, [c.status, c.eligibleAt?.toISOString() ?? null]]));
    const coolingEnd = new Date(Date.parse(ago(5)) + 7 * DAY).toISOString();
    const releaseOf4 = new Date(Date.parse(ago(2)) + 7 * DAY).toISOString();
    expect(statuses).toEqual({ 3: ['planned', null], 4: ['deferred', releaseOf4], 6: ['planned', null], 7: ['deferred', coolingEnd] });
    // Once merged: 5 occupied of 5. When 5's cooling ends, 7 takes that seat (no row: nothing
    // changes); when 4's release is eligible, a seat frees.
    expect(steps).toEqual([
      [NOW.toISOString(), 5, 0],
      [releaseOf4, 4, 1],
    ]);
  });

  it('says when more seats are occupied than licensed', () => {
    const live = [member(SELF, 'AD'), member(2, 'OW'), member(3, 'AN'), member(4, 'DI')];
    const plan = buildPlan({ organization: 7, roster: roster([entry(3, 'AN'), entry(4, 'DI')]), ledger: [], live, selfUserId: SELF, now: NOW, settings: { ...settings, seatLimit: 3 } });
    // Adoption: 3 in use, and the deactivated member counted as cooling.
    expect(plan.seats).toEqual({ inUse: 3, cooling: 1 });
    expect(seatOutlook(plan, { minSeatDays: 7, seatLimit: 3, done: 'planned' })).toMatchObject({ occupied: 4, over: true });
  });

  it("marks a change whose live role is not the one this action last wrote, with the ledger's role", () => {
    const live = [member(SELF, 'AD'), member(2, 'OW'), member(3, 'AN'), member(4, 'MA'), member(5, 'AN')];
    const ledger = [
      line(3, ago(30), 'assigned', 'sync', 'DI', 'RE'),
      // An intent is no outcome: 3's latest outcome is still RE.
      line(3, ago(20), 'intent', 'sync', 'RE', 'MA'),
      line(4, ago(30), 'assigned', 'observed', null, 'AN'),
      line(5, ago(30), 'assigned', 'sync', 'DI', 'AN'),
    ];
    const plan = buildPlan({
      organization: 7,
      roster: roster([entry(3, 'RE'), entry(4, 'AN'), entry(5, 'RE')]),
      ledger,
      live,
      selfUserId: SELF,
      now: NOW,
      settings,
    });
    const hand = new Map(plan.changes.map((c) => [c.user.id, c.handChange ?? null] as const));
    expect(hand.get(3)).toEqual({ ledgerRole: 'RE', at: new Date(ago(30)) });
    // Only lines this action wrote count: an observed line is no edit of its own to revert.
    expect(hand.get(4)).toBeNull();
    // Live AN is what the action last wrote: an ordinary change.
    expect(hand.get(5)).toBeNull();
  });
});
