import { describe, expect, it } from 'vitest';
import type { SeatEvent } from '../fakes/label-studio.ts';
import { seatRuleViolations } from './seat-truth.ts';

const DAY = 86_400_000;
let order = 0;
const ev = (userId: number, event: SeatEvent['event'], by: SeatEvent['by'], at: number): SeatEvent => ({
  order: ++order,
  at,
  userId,
  event,
  by,
  from: null,
  to: event === 'given' ? 'AN' : 'DI',
  requestSeq: by === 'tool' ? order : null,
});

describe('seatRuleViolations', () => {
  it('flags a tool release of a young seat, not an old one, a hand one or an offboarding', () => {
    const t = [
      ev(1, 'given', 'initial', 0),
      ev(2, 'given', 'initial', 0),
      ev(3, 'given', 'hand', 8 * DAY),
      ev(4, 'given', 'initial', 5 * DAY),
      ev(1, 'taken', 'tool', 7 * DAY),
      ev(3, 'taken', 'hand', 8 * DAY + 1),
      ev(4, 'taken', 'tool', 6 * DAY),
      ev(2, 'taken', 'tool', 7 * DAY - 1),
    ];
    const found = seatRuleViolations(t, { minSeatDays: 7, seatLimit: null, offboard: new Set([4]) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\(a\) the tool released user 2 /);
  });

  it('counts cooling seats against seat-limit, and a user taking back their own seat once', () => {
    const t = [
      ev(1, 'given', 'initial', 0),
      ev(2, 'given', 'initial', 9 * DAY),
      ev(2, 'taken', 'tool', 10 * DAY), // offboarded: cooling until day 16
      ev(2, 'given', 'tool', 11 * DAY), // own seat back: 2 in use, none cooling
      ev(2, 'taken', 'tool', 12 * DAY), // cooling again
      ev(3, 'given', 'tool', 13 * DAY), // 2 in use + 1 cooling > 2
      ev(4, 'given', 'tool', 17 * DAY), // user 2's seat has cooled: 3 in use, limit 2
    ];
    const found = seatRuleViolations(t, { minSeatDays: 7, seatLimit: 2, offboard: new Set([2]) });
    expect(found.map((f) => /^\(b\) the tool activated user (\d+) /.exec(f)?.[1])).toEqual(['3', '4']);
    expect(found[0]).toContain('2 seats in use and 1 cooling (2)');
  });

  it("takes a release's own offboard flag over the rules' set: the roster may offboard a user only for a while", () => {
    const t = [
      ev(1, 'given', 'initial', 0),
      ev(2, 'given', 'initial', 0),
      { ...ev(1, 'taken', 'tool', 3 * DAY), offboard: true }, // offboarded then: allowed
      { ...ev(2, 'taken', 'tool', 3 * DAY), offboard: false }, // in the set, but not offboarded then
    ];
    const found = seatRuleViolations(t, { minSeatDays: 7, seatLimit: null, offboard: new Set([2]) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\(a\) the tool released user 2 /);
  });

  it('counts a seat released early against the rule as cooling too', () => {
    const t = [
      ev(1, 'given', 'initial', 0),
      ev(2, 'given', 'initial', 0),
      ev(2, 'taken', 'tool', 1 * DAY), // breaks (a); the seat is spent until day 7 all the same
      ev(3, 'given', 'tool', 2 * DAY), // 2 in use + 1 cooling > 2
      ev(4, 'given', 'tool', 8 * DAY), // user 2's seat has cooled: 3 in use > 2
    ];
    const found = seatRuleViolations(t, { minSeatDays: 7, seatLimit: 2 });
    expect(found.map((f) => /^\((a|b)\) the tool \w+ user (\d+) /.exec(f)?.slice(1).join(''))).toEqual(['a2', 'b3', 'b4']);
    expect(found[1]).toContain('2 seats in use and 1 cooling (2)');
  });

  it('does not judge a user taking back their own cooling seat past a limit an admin filled, only once it has cooled', () => {
    const t = [
      ev(1, 'given', 'initial', 0),
      ev(3, 'given', 'tool', 1 * DAY),
      ev(3, 'taken', 'tool', 2 * DAY), // offboarded: cooling until day 8
      ev(5, 'given', 'hand', 3 * DAY), // an admin fills the organization by hand: 2 in use + 1 cooling
      ev(3, 'given', 'tool', 4 * DAY), // user 3's own seat back: occupancy unchanged
      ev(3, 'taken', 'tool', 5 * DAY), // offboarded again: cooling until day 11
      ev(3, 'given', 'tool', 12 * DAY), // that seat has cooled: a new seat, 3 in use > 2
    ];
    const found = seatRuleViolations(t, { minSeatDays: 7, seatLimit: 2, offboard: new Set([3]) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\(b\) the tool activated user 3 \(request \d+\) with 3 seats in use and 0 cooling/);
  });
});
