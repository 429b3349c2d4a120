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
});
