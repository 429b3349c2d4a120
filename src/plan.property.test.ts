import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply.ts';
import { appendEvents, emptyLedger, type Ledger } from './ledger.ts';
import type { LiveMember } from './live.ts';
import { buildPlan } from './plan.ts';
import { ledgerDrafts } from './record.ts';
import { isSeatRole, type RoleCode } from './roles.ts';
import type { Roster } from './roster.ts';

/*
 * A model of the world: the organization (live roles), the ground truth of when each seat was really
 * taken, the ledger on the branch, and a clock. Random sequences of roster edits, clock advances and
 * runs (with failed writes, writes that land but report failure, crashes before the ledger is
 * recorded, and lost ledger commits) must never release a seat before min-seat-days of real tenure
 * (except by offboarding), nor put more seats in use or cooling than seat-limit.
 */

const DAY = 86_400_000;
const MIN_DAYS = 7;
const USERS = [1, 2, 3, 4, 5, 6];
const SELF = 100;
const ROLES: RoleCode[] = ['AN', 'RE', 'MA', 'DI', 'NO'];

type Command =
  | { kind: 'edit'; user: number; role: RoleCode; offboard: boolean }
  | { kind: 'advance'; hours: number }
  | {
      kind: 'run';
      failing: number[];
      ghost: number[];
      crashAfter: number | null;
      loseCommit: boolean;
    };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    user: fc.constantFrom(...USERS),
    role: fc.constantFrom(...ROLES),
    offboard: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 24 * 10 }) }),
  fc.record({
    kind: fc.constant('run' as const),
    failing: fc.subarray(USERS),
    ghost: fc.subarray(USERS),
    crashAfter: fc.option(fc.integer({ min: 0, max: 4 })),
    loseCommit: fc.boolean(),
  }),
);

interface World {
  now: number;
  live: Map<number, RoleCode>;
  /** When each current seat was really taken (first run that saw it, for seats older than the tool). */
  seatStart: Map<number, number>;
  /** Seats released before their period ended: their end time (they stay occupied until then). */
  cooling: Map<number, number>;
  ledger: Ledger;
  desired: Map<number, { role: RoleCode; offboard: boolean }>;
  violations: string[];
}

function rosterOf(w: World): Roster {
  let line = 1;
  return {
    file: 'members.yaml',
    organization: 1,
    defaultRole: 'AN',
    members: [...w.desired].map(([id, d]) => ({
      email: null,
      id,
      role: d.role,
      // The roster only lets offboard sit on a non-seat role.
      offboard: d.offboard && !isSeatRole(d.role),
      line: ++line,
      column: 5,
    })),
    ignore: [{ email: null, id: SELF, line: 99, column: 5 }],
  };
}

function liveMembers(w: World): LiveMember[] {
  return [
    { userId: SELF, email: 'admin@example.com', role: 'AD', roleSource: 'manual', userType: 'standard' },
    ...[...w.live].map(([userId, role]) => ({
      userId,
      email: `u${userId}@example.com`,
      role,
      roleSource: 'manual',
      userType: 'standard',
    })),
  ];
}

function occupied(w: World): number {
  let n = 1; // the token user's own seat
  for (const role of w.live.values()) if (isSeatRole(role)) n++;
  for (const [, end] of w.cooling) if (end > w.now) n++;
  return n;
}

async function runOnce(w: World, cmd: Extract<Command, { kind: 'run' }>, seatLimit: number | null) {
  // Seats older than the tool: their real start is unknown, so tenure counts from the first run that sees them.
  for (const [u, role] of w.live) if (isSeatRole(role) && !w.seatStart.has(u)) w.seatStart.set(u, w.now);
  const roster = rosterOf(w);
  const plan = buildPlan({
    organization: 1,
    roster,
    ledger: w.ledger.events,
    live: liveMembers(w),
    selfUserId: SELF,
    now: new Date(w.now),
    settings: { minSeatDays: MIN_DAYS, seatLimit, unmanaged: 'warn', maxChanges: { kind: 'count', value: 1000 } },
  });
  let writes = 0;
  const writer = {
    setRole: async (userId: number, role: RoleCode) => {
      if (cmd.crashAfter !== null && writes >= cmd.crashAfter) throw new Error('process killed');
      if (cmd.failing.includes(userId)) throw new Error('503 after retries');
      writes++;
      const from = w.live.get(userId)!;
      if (isSeatRole(from) && !isSeatRole(role)) {
        const start = w.seatStart.get(userId)!;
        const offboard = rosterOf(w).members.find((m) => m.id === userId)?.offboard ?? false;
        if (w.now - start < MIN_DAYS * DAY) {
          if (!offboard) w.violations.push(`user ${userId} released after ${(w.now - start) / DAY} days`);
          w.cooling.set(userId, start + MIN_DAYS * DAY);
        }
        w.seatStart.delete(userId);
      }
      if (!isSeatRole(from) && isSeatRole(role)) {
        w.seatStart.set(userId, w.now);
        w.cooling.delete(userId);
      }
      w.live.set(userId, role);
      if (seatLimit !== null && occupied(w) > seatLimit) w.violations.push(`seat-limit passed: ${occupied(w)} > ${seatLimit}`);
      // The server applied it, but the answer was lost: the client reports a failure.
      if (cmd.ghost.includes(userId)) throw new Error('socket reset after the write');
    },
  };
  const outcome = await applyPlan(plan, writer, { seatLimit, clock: () => new Date(w.now) });
  if (cmd.crashAfter !== null || cmd.loseCommit) return; // nothing recorded, or the commit was lost
  const drafts = ledgerDrafts(plan.observed, outcome.applied, { observedAt: new Date(w.now), runUrl: null });
  w.ledger = appendEvents(w.ledger, drafts);
}

async function simulate(initial: RoleCode[], commands: Command[], seatLimit: number | null): Promise<World> {
  const w: World = {
    now: Date.UTC(2026, 10, 1),
    live: new Map(USERS.map((u, i) => [u, initial[i]!])),
    seatStart: new Map(),
    cooling: new Map(),
    ledger: emptyLedger('seat-ledger.jsonl'),
    desired: new Map(USERS.map((u, i) => [u, { role: initial[i]!, offboard: false }])),
    violations: [],
  };
  for (const cmd of commands) {
    if (cmd.kind === 'edit') w.desired.set(cmd.user, { role: cmd.role, offboard: cmd.offboard });
    else if (cmd.kind === 'advance') w.now += cmd.hours * 3_600_000;
    else await runOnce(w, cmd, seatLimit);
  }
  return w;
}

const initialRoles = fc.array(fc.constantFrom(...ROLES), { minLength: USERS.length, maxLength: USERS.length });

describe('seat rule over random histories', () => {
  it('never releases a seat before min-seat-days of real tenure, except by offboarding', async () => {
    await fc.assert(
      fc.asyncProperty(initialRoles, fc.array(command, { maxLength: 40 }), async (initial, commands) => {
        const w = await simulate(initial, commands, null);
        expect(w.violations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with seat-limit, never has more seats in use or cooling than the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        initialRoles,
        fc.array(command, { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        async (initial, commands, extra) => {
          const seats = 1 + initial.filter(isSeatRole).length;
          const w = await simulate(initial, commands, seats + extra - 1);
          expect(w.violations).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('converges: with no faults, repeated runs after the period leave the organization as the roster says', async () => {
    await fc.assert(
      fc.asyncProperty(initialRoles, fc.array(command, { maxLength: 30 }), async (initial, commands) => {
        const clean = { kind: 'run' as const, failing: [], ghost: [], crashAfter: null, loseCommit: false };
        const settle: Command[] = [clean, { kind: 'advance', hours: 24 * 8 }, clean, { kind: 'advance', hours: 24 * 8 }, clean];
        const w = await simulate(initial, [...commands, ...settle], null);
        for (const [u, d] of w.desired) expect(w.live.get(u)).toBe(d.role);
      }),
      { numRuns: 200 },
    );
  });
});
