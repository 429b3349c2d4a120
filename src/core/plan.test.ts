import { describe, expect, it } from 'vitest';
import type { Change } from './change.ts';
import type { LedgerEvent } from '../files/ledger.ts';
import type { LiveMember } from '../labelstudio/wire.ts';
import { buildPlan, type PlanSettings } from './plan.ts';
import type { RoleCode } from './roles.ts';
import type { Roster, RosterEntry } from '../files/roster.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const DAY = 86_400_000;
const SELF = 1;

function member(userId: number, role: string, extra: Partial<LiveMember> = {}): LiveMember {
  return { userId, email: `u${userId}@example.com`, role: role as LiveMember['role'], roleSource: 'manual', userType: 'standard', ...extra };
}

function entry(userId: number, role: RoleCode, extra: Partial<RosterEntry> = {}): RosterEntry {
  return { email: `u${userId}@example.com`, id: null, role, offboard: false, line: userId + 1, column: 5, ...extra };
}

function roster(members: RosterEntry[], ignore: Roster['ignore'] = []): Roster {
  return { file: 'members.yaml', organization: 7, defaultRole: 'AN', members, ignore };
}

let seq = 0;
function assigned(userId: number, at: Date, by: 'sync' | 'observed' = 'sync'): LedgerEvent {
  seq++;
  return { seq, at: at.toISOString(), event: 'assigned', by, user: { id: userId, email: `u${userId}@example.com` }, from: 'DI', to: 'AN', run: null, prev: '0'.repeat(64) };
}
function intent(userId: number, at: Date, from: LedgerEvent['from'], to: LedgerEvent['to']): LedgerEvent {
  seq++;
  return { seq, at: at.toISOString(), event: 'intent', by: 'sync', user: { id: userId, email: `u${userId}@example.com` }, from, to, run: 'https://github.com/o/r/actions/runs/9', prev: '0'.repeat(64) };
}
function released(userId: number, at: Date, reason?: 'offboard'): LedgerEvent {
  seq++;
  return { seq, at: at.toISOString(), event: 'released', by: 'sync', user: { id: userId, email: `u${userId}@example.com` }, from: 'AN', to: 'DI', run: null, prev: '0'.repeat(64), ...(reason ? { reason } : {}) };
}

/** A member whose seat the ledger saw released long ago: known, and not cooling. */
const longGone = (userId: number) => [assigned(userId, new Date(NOW.getTime() - 100 * DAY)), released(userId, new Date(NOW.getTime() - 90 * DAY))];

const settings: PlanSettings = { minSeatDays: 7, seatLimit: null, unmanaged: 'warn', maxChanges: { kind: 'count', value: 25 } };

function plan(r: Roster, live: LiveMember[], ledger: LedgerEvent[] = [], s: Partial<PlanSettings> = {}, now = NOW) {
  return buildPlan({ organization: 7, roster: r, ledger, live: [member(SELF, 'AD'), ...live], selfUserId: SELF, now, settings: { ...settings, ...s } });
}

const byUser = (changes: Change[], id: number) => changes.find((c) => c.user.id === id);
const ignoreSelf = [{ email: null, id: SELF, line: 50, column: 5 }];

describe('buildPlan', () => {
  it('counts members already at their role as no-ops and lists nothing for them', () => {
    const p = plan(roster([entry(2, 'AN'), entry(3, 'RE')], ignoreSelf), [member(2, 'AN'), member(3, 'RE')]);
    expect(p.changes).toEqual([]);
    expect(p.noop).toBe(2);
    expect(p.unmanaged).toEqual([]);
  });

  it('defers a release 3 days into a seat to the exact millisecond, and plans one 8 days in', () => {
    const threeDays = new Date(NOW.getTime() - 3 * DAY + 1234);
    const eightDays = new Date(NOW.getTime() - 8 * DAY);
    const p = plan(roster([entry(2, 'DI'), entry(3, 'DI')], ignoreSelf), [member(2, 'AN'), member(3, 'AN')], [
      assigned(SELF, new Date(0)),
      assigned(2, threeDays),
      assigned(3, eightDays),
    ]);
    const two = byUser(p.changes, 2)!;
    expect(two.status).toBe('deferred');
    expect(two.kind).toBe('release');
    expect(two.eligibleAt!.toISOString()).toBe(new Date(threeDays.getTime() + 7 * DAY).toISOString());
    expect(two.reason).toContain(threeDays.toISOString());
    expect(byUser(p.changes, 3)!.status).toBe('planned');
    expect(p.observed.filter((o) => o.user.id === 2)).toEqual([]);
  });

  it('starts the clock of a seat the ledger does not know at now, recording it as observed', () => {
    const p = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'MA')]);
    const c = byUser(p.changes, 2)!;
    expect(c.status).toBe('deferred');
    expect(c.eligibleAt!.getTime()).toBe(NOW.getTime() + 7 * DAY);
    expect(p.observed).toContainEqual({ event: 'assigned', user: { id: 2, email: 'u2@example.com' }, from: null, to: 'MA', cause: 'found' });
    expect(p.observed).toContainEqual({ event: 'assigned', user: { id: SELF, email: `u${SELF}@example.com` }, from: null, to: 'AD', cause: 'found' });
  });

  it('in a what-if ahead, starts the clock of an unknown seat at the real run time, not at as-of', () => {
    const asOf = new Date(NOW.getTime() + 10 * DAY);
    const p = buildPlan({
      organization: 7,
      roster: roster([entry(2, 'DI')], ignoreSelf),
      ledger: [assigned(SELF, new Date(0))],
      live: [member(SELF, 'AD'), member(2, 'AN')],
      selfUserId: SELF,
      now: asOf,
      observedAt: NOW,
      settings,
    });
    expect(byUser(p.changes, 2)!.status).toBe('planned');
    const early = buildPlan({
      organization: 7,
      roster: roster([entry(2, 'DI')], ignoreSelf),
      ledger: [assigned(SELF, new Date(0))],
      live: [member(SELF, 'AD'), member(2, 'AN')],
      selfUserId: SELF,
      now: new Date(NOW.getTime() + 6 * DAY),
      observedAt: NOW,
      settings,
    });
    expect(byUser(early.changes, 2)!.eligibleAt!.getTime()).toBe(NOW.getTime() + 7 * DAY);
  });

  it('records a seat released outside the tool as observed', () => {
    const p = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'DI')], [assigned(SELF, new Date(0)), assigned(2, new Date(NOW.getTime() - DAY))]);
    expect(p.observed).toEqual([{ event: 'released', user: { id: 2, email: 'u2@example.com' }, from: null, to: 'DI', cause: 'found' }]);
    expect(p.noop).toBe(1);
  });

  it('offboards at once, and with a full seat-limit defers the activation to the cooling seat\'s end', () => {
    const since = new Date(NOW.getTime() - 2 * DAY);
    const p = plan(
      roster([entry(2, 'DI', { offboard: true }), entry(3, 'AN')], ignoreSelf),
      [member(2, 'AN'), member(3, 'DI')],
      [assigned(SELF, new Date(0)), assigned(2, since), ...longGone(3)],
      { seatLimit: 2 },
    );
    const off = byUser(p.changes, 2)!;
    expect(off.status).toBe('planned');
    expect(off.offboard).toBe(true);
    const act = byUser(p.changes, 3)!;
    expect(act.kind).toBe('assign');
    expect(act.status).toBe('deferred');
    expect(act.eligibleAt!.getTime()).toBe(since.getTime() + 7 * DAY);
    expect(p.changes.map((c) => c.user.id)).toEqual([2, 3]); // releases first
  });

  it('lets an activation take a seat freed by an eligible release in the same run', () => {
    const p = plan(
      roster([entry(3, 'AN'), entry(2, 'DI')], ignoreSelf),
      [member(2, 'AN'), member(3, 'DI')],
      [assigned(SELF, new Date(0)), assigned(2, new Date(NOW.getTime() - 10 * DAY)), ...longGone(3)],
      { seatLimit: 2 },
    );
    expect(p.changes.map((c) => [c.user.id, c.kind, c.status])).toEqual([
      [2, 'release', 'planned'],
      [3, 'assign', 'planned'],
    ]);
  });

  it('at adoption with seat-limit, counts deactivated members as cooling from first sight, and says until when', () => {
    // The ledger is empty: nobody can tell whether a deactivated member gave up a seat by hand yesterday.
    const p = plan(
      roster([entry(2, 'DI'), entry(3, 'NO'), entry(4, 'AN')], ignoreSelf),
      [member(2, 'DI'), member(3, 'NO'), member(4, 'NO')],
      [],
      { seatLimit: 2 },
    );
    // NO members were never activated: they never held a seat.
    expect(p.observed.filter((o) => o.event === 'released')).toEqual([
      { event: 'released', user: { id: 2, email: 'u2@example.com' }, from: null, to: 'DI', cause: 'adoption' },
    ]);
    expect(p.adoptionCooling).toEqual({ members: 1, until: new Date(NOW.getTime() + 7 * DAY) });
    // 1 seat in use + 1 cooling = 2: the activation waits for the cooling seat to end.
    const c = byUser(p.changes, 4)!;
    expect(c.status).toBe('deferred');
    expect(c.eligibleAt!.getTime()).toBe(NOW.getTime() + 7 * DAY);
    // Without seat-limit nothing is cooling-counted, so nothing is recorded for them.
    expect(plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'DI')], []).observed.filter((o) => o.event === 'released')).toEqual([]);
  });

  it('after adoption, does not count a deactivated member the ledger never saw as cooling', () => {
    const p = plan(roster([entry(2, 'DI'), entry(3, 'AN')], ignoreSelf), [member(2, 'DI'), member(3, 'NO')], [assigned(SELF, new Date(0))], { seatLimit: 2 });
    expect(p.observed.filter((o) => o.user.id === 2)).toEqual([]);
    expect(p.adoptionCooling).toBeNull();
    expect(byUser(p.changes, 3)!.status).toBe('planned');
  });

  it('story 5b: a member counted as cooling from first sight is not counted twice when activated', () => {
    // Seat-limit 2: the token user holds one seat, u2 is counted as cooling from first sight.
    const p = plan(roster([entry(2, 'AN')], ignoreSelf), [member(2, 'DI')], [], { seatLimit: 2 });
    expect(byUser(p.changes, 2)!.status).toBe('planned');
    // But its end is uncertain: with the limit reached without u2, u2 waits, deferred (never refused)
    // until at the latest the end of that cooling.
    const full = plan(roster([entry(2, 'AN')], ignoreSelf), [member(2, 'DI')], [], { seatLimit: 1 });
    expect(byUser(full.changes, 2)!.status).toBe('deferred');
    expect(byUser(full.changes, 2)!.eligibleAt).toEqual(new Date(NOW.getTime() + 7 * DAY));
  });

  it('an uncertain own cooling waits while the seats without that user reach the limit, uncertain ones counted', () => {
    // Seat-limit 5: the token user, u3, u4, u5 in use; u2's seat was first observed (uncertain end)
    // and offboarded; u6's unresolved intent counts as cooling. Without u2: 4 + 1 = 5.
    const ledger = [
      assigned(SELF, new Date(0)),
      assigned(3, new Date(0)),
      assigned(4, new Date(0)),
      assigned(5, new Date(0)),
      assigned(2, new Date(NOW.getTime() - 3 * DAY), 'observed'),
      released(2, new Date(NOW.getTime() - DAY), 'offboard'),
      assigned(6, new Date(0)),
      intent(6, new Date(NOW.getTime() - DAY), 'AN', 'DI'),
    ];
    const live = [member(2, 'DI'), member(3, 'AN'), member(4, 'AN'), member(5, 'AN'), member(6, 'DI')];
    const p = plan(roster([entry(2, 'AN')], ignoreSelf), live, ledger, { seatLimit: 5 });
    const own = byUser(p.changes, 2)!;
    expect(own.status).toBe('deferred');
    // Not at the end of u2's own cooling (that frees nothing for u2) but of u6's.
    expect(own.eligibleAt).toEqual(new Date(NOW.getTime() + 7 * DAY));
    // One seat more and it is given back.
    expect(byUser(plan(roster([entry(2, 'AN')], ignoreSelf), live, ledger, { seatLimit: 6 }).changes, 2)!.status).toBe('planned');
  });

  it('an exact own cooling (assigned and released by the action) is given back even past the limit', () => {
    // Seat-limit 3, but an administrator activated u4 by hand: 4 in use + u2 cooling. u2's end is exact.
    const ledger = [
      assigned(SELF, new Date(0)),
      assigned(3, new Date(0)),
      assigned(2, new Date(NOW.getTime() - 2 * DAY)),
      released(2, new Date(NOW.getTime() - DAY), 'offboard'),
      assigned(4, new Date(NOW.getTime() - DAY / 2), 'observed'),
    ];
    const p = plan(roster([entry(2, 'AN')], ignoreSelf), [member(2, 'DI'), member(3, 'AN'), member(4, 'AN')], ledger, { seatLimit: 3 });
    const own = byUser(p.changes, 2)!;
    expect(own.status).toBe('planned');
    expect(own.ownSeat).toBe(true);
    expect(own.reason).toContain('takes back their own seat');
  });

  it('a seat the action assigned keeps the seat rule when the server still says view-only', () => {
    // u2 was upgraded from view-only by the action yesterday; the server kept user_type viewonly.
    const ledger = [assigned(2, new Date(NOW.getTime() - DAY))];
    const p = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'AN', { userType: 'viewonly' })], ledger);
    const release = byUser(p.changes, 2)!;
    expect(release.kind).toBe('release');
    expect(release.status).toBe('deferred');
    expect(p.observed.filter((o) => o.user.id === 2)).toEqual([]);
    // A view-only account the action never assigned holds no standard seat: nothing to wait for.
    const never = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'AN', { userType: 'viewonly' })], [assigned(2, new Date(NOW.getTime() - DAY), 'observed')]);
    expect(byUser(never.changes, 2)!.status).toBe('planned');
  });

  it('story 5: re-activating a user during their own cooling needs no other seat', () => {
    // Seat-limit 4: u2 took a seat 2 days ago and was offboarded yesterday: cooling for 5 more days.
    const since = new Date(NOW.getTime() - 2 * DAY);
    const p = plan(
      roster([entry(2, 'AN'), entry(3, 'AN'), entry(4, 'AN'), entry(5, 'AN')], ignoreSelf),
      [member(2, 'DI'), member(3, 'AN'), member(4, 'AN'), member(5, 'DI')],
      [assigned(SELF, new Date(0)), assigned(3, new Date(0)), assigned(4, new Date(0)), assigned(2, since), released(2, new Date(NOW.getTime() - DAY), 'offboard'), ...longGone(5)],
      { seatLimit: 4 },
    );
    const own = byUser(p.changes, 2)!;
    expect(own.status).toBe('planned');
    expect(own.ownSeat).toBe(true);
    expect(own.reason).toContain('takes back their own seat');
    // 3 in use + u2's own seat = 4: nobody else gets one, and the seat u2 took back frees no one.
    const other = byUser(p.changes, 5)!;
    expect(other.status).toBe('refused');
  });

  it('defers the n-th waiting activation until enough seats have freed for it', () => {
    const p = plan(
      roster([entry(5, 'AN'), entry(6, 'AN')], ignoreSelf),
      [member(2, 'DI'), member(3, 'DI'), member(4, 'AN'), member(5, 'DI'), member(6, 'DI')],
      [
        assigned(SELF, new Date(0)),
        assigned(4, new Date(0)),
        assigned(2, new Date(NOW.getTime() - 5 * DAY)),
        released(2, new Date(NOW.getTime() - 4 * DAY), 'offboard'),
        assigned(3, new Date(NOW.getTime() - 3 * DAY)),
        released(3, new Date(NOW.getTime() - 2 * DAY), 'offboard'),
        ...longGone(5),
        ...longGone(6),
      ],
      { seatLimit: 3 },
    );
    // In use: SELF, 4; cooling: 2 (until day +2), 3 (until day +4). Occupied 4 > 3, so the first
    // activation needs two seats freed (day +4), the second a third one, which never comes.
    expect(byUser(p.changes, 5)).toMatchObject({ status: 'deferred', eligibleAt: new Date(NOW.getTime() + 4 * DAY) });
    expect(byUser(p.changes, 6)!.status).toBe('refused');
  });

  it('refuses an activation when the seat-limit is full and no release is pending', () => {
    const p = plan(roster([entry(2, 'AN'), entry(3, 'AN')], ignoreSelf), [member(2, 'AN'), member(3, 'NO')], [], { seatLimit: 2 });
    const c = byUser(p.changes, 3)!;
    expect(c.status).toBe('refused');
    expect(c.reason).toMatch(/seat-limit 2/);
  });

  it('counts a seat still cooling after an earlier offboarding as occupied', () => {
    const since = new Date(NOW.getTime() - 3 * DAY);
    const p = plan(
      roster([entry(2, 'DI'), entry(3, 'AN')], ignoreSelf),
      [member(2, 'DI'), member(3, 'DI')],
      [assigned(SELF, new Date(0)), assigned(2, since), released(2, new Date(NOW.getTime() - DAY), 'offboard'), ...longGone(3)],
      { seatLimit: 2 },
    );
    const c = byUser(p.changes, 3)!;
    expect(c.status).toBe('deferred');
    expect(c.eligibleAt!.getTime()).toBe(since.getTime() + 7 * DAY);
  });

  it('refuses the four forbidden cases while planning the ordinary change beside them', () => {
    const p = plan(
      roster(
        [
          entry(2, 'OW'), // assign owner
          entry(3, 'AN'), // current owner
          entry(SELF, 'AN'), // self
          entry(4, 'RE'), // SAML-managed
          entry(5, 'RE'), // not a member
          entry(6, 'RE'), // ordinary
        ],
      ),
      [member(2, 'AN'), member(3, 'OW'), member(4, 'AN', { roleSource: 'saml' }), member(6, 'AN')],
    );
    const status = (id: number) => [byUser(p.changes, id)!.status, byUser(p.changes, id)!.reason];
    expect(status(2)[0]).toBe('refused');
    expect(status(2)[1]).toMatch(/owner role cannot be assigned/);
    expect(status(3)).toEqual(['refused', expect.stringMatching(/owner/)]);
    expect(status(SELF)).toEqual(['refused', expect.stringMatching(/token's own user/)]);
    expect(status(4)).toEqual(['refused', expect.stringMatching(/SAML/)]);
    const notMember = p.changes.find((c) => c.user.email === 'u5@example.com')!;
    expect(notMember.status).toBe('refused');
    expect(notMember.reason).toMatch(/not a member of organization 7/);
    expect(byUser(p.changes, 6)!.status).toBe('planned');
  });

  it('refuses a second roster entry that resolves to the same user by id and email', () => {
    const p = plan(roster([entry(2, 'RE'), { ...entry(2, 'MA'), email: null, id: 2, line: 9 }], ignoreSelf), [member(2, 'AN')]);
    const second = p.changes.find((c) => c.rosterLine === 9)!;
    expect(second.status).toBe('refused');
    expect(second.reason).toMatch(/line 3/);
  });

  it('reports unmanaged members per policy, and deactivates them under the seat rule', () => {
    const live = [member(2, 'AN'), member(3, 'DI'), member(4, 'OW')];
    expect(plan(roster([], ignoreSelf), live, [], { unmanaged: 'ignore' }).unmanaged).toEqual([]);
    const warn = plan(roster([], ignoreSelf), live, [], { unmanaged: 'warn' });
    expect(warn.unmanaged.map((u) => u.user.id)).toEqual([2, 3, 4]);
    expect(warn.changes).toEqual([]);
    const deact = plan(roster([], ignoreSelf), live, [assigned(2, new Date(NOW.getTime() - 9 * DAY))], { unmanaged: 'deactivate' });
    expect(deact.changes.map((c) => [c.user.id, c.to, c.status, c.unmanaged])).toEqual([[2, 'DI', 'planned', true]]);
    expect(deact.unmanaged.find((u) => u.user.id === 4)!.deactivating).toBe(false);
  });

  it('treats service accounts as holding no seat and upgrades view-only users as an assignment', () => {
    const p = plan(
      roster([entry(2, 'DI'), entry(3, 'AN')], ignoreSelf),
      [member(2, 'AN', { userType: 'service' }), member(3, 'VO', { userType: 'viewonly' })],
      [],
      { seatLimit: 5 },
    );
    expect(byUser(p.changes, 2)).toMatchObject({ kind: 'other', status: 'planned' });
    expect(byUser(p.changes, 3)).toMatchObject({ kind: 'assign', status: 'planned', from: 'VO' });
    expect(p.observed.map((o) => o.user.id)).toEqual([SELF]);
  });

  it('moves between seat roles without touching the clock', () => {
    const p = plan(roster([entry(2, 'MA')], ignoreSelf), [member(2, 'AN')], [assigned(2, NOW)]);
    expect(byUser(p.changes, 2)).toMatchObject({ kind: 'role-change', status: 'planned' });
  });

  it('flags max-changes by count and by share of the organization', () => {
    const live = [2, 3, 4, 5].map((id) => member(id, 'DI'));
    const r = roster([2, 3, 4, 5].map((id) => entry(id, 'AN')), ignoreSelf);
    expect(plan(r, live, [], { maxChanges: { kind: 'count', value: 3 } }).maxChanges).toEqual({ limit: 3, planned: 4, exceeded: true });
    expect(plan(r, live, [], { maxChanges: { kind: 'count', value: 4 } }).maxChanges.exceeded).toBe(false);
    // 5 members live: 50% rounds down to 2.
    expect(plan(r, live, [], { maxChanges: { kind: 'percent', value: 50 } }).maxChanges).toEqual({ limit: 2, planned: 4, exceeded: true });
    expect(plan(r, live, [], { maxChanges: { kind: 'percent', value: 1 } }).maxChanges.limit).toBe(1);
  });

  it('matches emails case-insensitively and by user id', () => {
    const p = plan(roster([{ ...entry(2, 'RE'), email: 'U2@Example.COM' }, { ...entry(3, 'RE'), email: null, id: 3 }], ignoreSelf), [member(2, 'AN'), member(3, 'AN')]);
    expect(p.changes.map((c) => c.user.id)).toEqual([2, 3]);
  });

  describe('unresolved intents (docs/seat-rule.md)', () => {
    const old = new Date(NOW.getTime() - 30 * DAY);
    const interrupted = new Date(NOW.getTime() - DAY);

    it('story 1: a seat held now after an interrupted release restarts its clock now', () => {
      const p = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'AN')], [assigned(SELF, new Date(0)), assigned(2, old), intent(2, interrupted, 'AN', 'DI')]);
      expect(p.unresolved).toEqual([
        {
          user: { id: 2, email: 'u2@example.com' },
          intent: { seq: expect.any(Number), at: interrupted, from: 'AN', to: 'DI', run: 'https://github.com/o/r/actions/runs/9' },
          outcome: 'seat-held',
          coolingUntil: null,
        },
      ]);
      expect(p.observed).toEqual([{ event: 'assigned', user: { id: 2, email: 'u2@example.com' }, from: null, to: 'AN', cause: 'intent' }]);
      const c = byUser(p.changes, 2)!;
      expect(c.status).toBe('deferred');
      expect(c.eligibleAt!.getTime()).toBe(NOW.getTime() + 7 * DAY);
    });

    it('a seat no longer held after an interrupted write counts as cooling for the full period from now', () => {
      const p = plan(
        roster([entry(2, 'DI'), entry(3, 'AN')], ignoreSelf),
        [member(2, 'DI'), member(3, 'DI')],
        [assigned(SELF, new Date(0)), assigned(2, old), intent(2, interrupted, 'AN', 'DI'), ...longGone(3)],
        { seatLimit: 2 },
      );
      expect(p.unresolved[0]).toMatchObject({ outcome: 'cooling', coolingUntil: new Date(NOW.getTime() + 7 * DAY) });
      expect(p.observed).toEqual([{ event: 'released', user: { id: 2, email: 'u2@example.com' }, from: null, to: 'DI', cause: 'intent' }]);
      const c = byUser(p.changes, 3)!;
      expect(c.status).toBe('deferred');
      expect(c.eligibleAt!.getTime()).toBe(NOW.getTime() + 7 * DAY);
    });

    it('an intent followed by its outcome is resolved, and one followed by a later run\'s observed line too', () => {
      const outcome: LedgerEvent = { ...released(2, interrupted), run: 'https://github.com/o/r/actions/runs/9' };
      const p = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'DI')], [assigned(SELF, new Date(0)), assigned(2, old), intent(2, interrupted, 'AN', 'DI'), outcome]);
      expect(p.unresolved).toEqual([]);
      expect(p.observed.filter((o) => o.user.id === 2)).toEqual([]);
      const resolved: LedgerEvent = { ...assigned(2, interrupted, 'observed'), from: null };
      const q = plan(roster([entry(2, 'DI')], ignoreSelf), [member(2, 'AN')], [assigned(SELF, new Date(0)), intent(2, interrupted, 'DI', 'AN'), resolved]);
      expect(q.unresolved).toEqual([]);
      expect(byUser(q.changes, 2)!.eligibleAt!.getTime()).toBe(interrupted.getTime() + 7 * DAY);
    });

    it('an interrupted change that never touched a standard seat records nothing', () => {
      const p = plan(roster([entry(2, 'NO')], ignoreSelf), [member(2, 'NO')], [assigned(SELF, new Date(0)), intent(2, interrupted, 'DI', 'NO')]);
      expect(p.unresolved).toMatchObject([{ outcome: 'no-seat', coolingUntil: null }]);
      expect(p.observed.filter((o) => o.user.id === 2)).toEqual([]);
    });
  });
});
