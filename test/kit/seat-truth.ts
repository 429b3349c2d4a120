// The seat rule judged against ground truth: the fake Label Studio's own timeline of who held a
// standard seat when (FakeLabelStudio.seatTimeline), never the tool's ledger. Two properties
// (docs/seat-rule.md):
// (a) the tool never releases a seat held less than min-seat-days, except when offboarding;
// (b) with a seat-limit, after each activation by the tool, seats in use plus cooling seats do not
//     exceed the limit. A cooling seat is one the tool released before its period ended (an
//     offboarding, or a release that broke (a): the seat is spent either way), until that period
//     ends; a user holding a seat again is counted once, in use. A user taking back their own
//     seat while it still cools takes no other seat (occupancy does not change), so that
//     activation is not judged, even when an admin has filled the organization past the limit by
//     hand meanwhile (docs/seat-rule-assumptions.md: an exact own cooling is given back).
// Whether a release offboards is the event's own `offboard` flag where it has one (a roster that
// changes over the timeline), else the rules' `offboard` set.
// Erasable TypeScript, node builtins only.
import type { SeatEvent } from '../fakes/label-studio.ts';

export type { SeatEvent };

const DAY_MS = 86_400_000;

export interface SeatRules {
  minSeatDays: number;
  /** null: no limit, property (b) is not checked. */
  seatLimit: number | null;
  /** Users the roster offboards (their early release is allowed), for events without an `offboard` flag. */
  offboard?: ReadonlySet<number>;
}

/** Every breach of (a) or (b) in the timeline, as sentences; empty when the rule held. */
export function seatRuleViolations(timeline: readonly SeatEvent[], rules: SeatRules): string[] {
  const period = rules.minSeatDays * DAY_MS;
  const heldSince = new Map<number, number>();
  const coolingUntil = new Map<number, number>();
  const out: string[] = [];
  const events = [...timeline].sort((a, b) => a.order - b.order);
  for (const e of events) {
    if (e.event === 'given') {
      const ownSeat = (coolingUntil.get(e.userId) ?? 0) > e.at;
      heldSince.set(e.userId, e.at);
      coolingUntil.delete(e.userId);
      if (e.by === 'tool' && !ownSeat && rules.seatLimit !== null) {
        const cooling = [...coolingUntil].filter(([user, until]) => until > e.at && !heldSince.has(user));
        const occupied = heldSince.size + cooling.length;
        if (occupied > rules.seatLimit) {
          out.push(
            `(b) the tool activated user ${e.userId} (request ${e.requestSeq}) with ${heldSince.size} seats in use and ` +
              `${cooling.length} cooling (${cooling.map(([u]) => u).join(', ') || 'none'}) against seat-limit ${rules.seatLimit}`,
          );
        }
      }
      continue;
    }
    const since = heldSince.get(e.userId);
    heldSince.delete(e.userId);
    if (since === undefined || e.by !== 'tool') continue;
    const held = e.at - since;
    if (held >= period) continue;
    coolingUntil.set(e.userId, since + period);
    if (e.offboard ?? rules.offboard?.has(e.userId) ?? false) continue;
    out.push(
      `(a) the tool released user ${e.userId} (request ${e.requestSeq}) after ${(held / DAY_MS).toFixed(4)} days, ` +
        `less than min-seat-days ${rules.minSeatDays} (seat given at ${new Date(since).toISOString()})`,
    );
  }
  return out;
}
