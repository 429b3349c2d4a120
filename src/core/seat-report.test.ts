import { describe, expect, it } from 'vitest';
import type { LiveMember } from './live-member.ts';
import { checkSeatUsage, compareSeatReport, isOrganizationScope, withReportSeats } from './seat-report.ts';

const m = (userId: number, role: LiveMember['role'], userType = 'standard'): LiveMember => ({ userId, email: `u${userId}@example.com`, role, roleSource: 'manual', userType });
const listSeat = (x: LiveMember) => x.userType === 'standard' && ['OW', 'AD', 'MA', 'RE', 'AN'].includes(x.role);

describe('checkSeatUsage', () => {
  it('accepts the billing counters and reads the scope in any case', () => {
    const ok = checkSeatUsage({ count: 3, total: 9, limit: 8, reached: false, scope: 'Organization' });
    expect(ok).toEqual({ ok: true, usage: { count: 3, total: 9, limit: 8, reached: false, scope: 'Organization' } });
    expect(ok.ok && isOrganizationScope(ok.usage)).toBe(true);
    expect(checkSeatUsage({ count: 0, limit: 1, scope: 'instance' })).toMatchObject({ ok: true, usage: { total: null, reached: null } });
  });

  it.each([
    [undefined, 'the answer has no seat_usage'],
    [[1], 'seat_usage is [1], not an object'],
    [{ count: 1, limit: 0, scope: 'organization' }, 'seat_usage.limit is 0, not a positive whole number'],
    [{ count: 1, limit: 2.5, scope: 'organization' }, 'seat_usage.limit is 2.5, not a positive whole number'],
    [{ count: 1, limit: '8', scope: 'organization' }, 'seat_usage.limit is "8", not a positive whole number'],
    [{ count: -1, limit: 8, scope: 'organization' }, 'seat_usage.count is -1, not a whole number of 0 or more'],
    [{ count: 1, limit: 8 }, 'seat_usage.scope is undefined, not a text'],
  ])('refuses %j: %s', (raw, problem) => {
    expect(checkSeatUsage(raw)).toEqual({ ok: false, problem });
  });
});

describe('compareSeatReport', () => {
  it('lists each disagreement on its side, rows not in the member list, and stale assignments', () => {
    const live = [m(1, 'AD'), m(2, 'AN', 'viewonly'), m(3, 'AN'), m(4, 'DI'), m(5, 'AN')];
    const rows = [
      { userId: 1, email: null, counts: true, stale: false },
      { userId: 2, email: null, counts: true, stale: false },
      { userId: 3, email: null, counts: false, stale: true },
      { userId: 4, email: null, counts: true, stale: false },
      { userId: 9, email: 'gone@example.com', counts: true, stale: false },
      // A row sent twice (a page shift) counts once.
      { userId: 2, email: null, counts: true, stale: false },
    ];
    const found = compareSeatReport(live, { rows, usage: null }, listSeat);
    expect(found.reportOnly.map((u) => u.id)).toEqual([2, 4]);
    expect(found.listOnly.map((u) => u.id)).toEqual([3]);
    expect(found.notListed).toEqual([{ id: 9, email: 'gone@example.com' }]);
    expect(found.stale.map((u) => u.id)).toEqual([3]);
    expect(found.counted).toBe(4);
    const flagged = withReportSeats(live, found);
    expect(flagged.filter((x) => x.reportSeat).map((x) => x.userId)).toEqual([2, 4]);
    // The member list given is left as it was.
    expect(live.some((x) => x.reportSeat)).toBe(false);
  });
});
