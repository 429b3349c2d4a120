// Crash and rerun, end to end: the bundled action is killed with SIGKILL at every point of an apply
// (before its write-ahead commit, after the k-th PATCH for every k, during its outcome commit),
// then run again from a fresh checkout of the branch (its ledger as the branch holds it, or an
// older one). The write-ahead rule (docs/seat-rule.md) makes every write the crash may have made known to the
// rerun as an intent; the rerun resolves each the worst way. Judged against the fake Label
// Studio's own timeline of seats (ground truth), not the ledger: no seat is released early by the
// tool, and no activation by the tool passes seat-limit counting cooling seats.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger, type EventDraft } from '../../src/files/ledger.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import type { RoleCode } from '../../src/core/roles.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft, byTime } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { seatRuleViolations } from '../kit/seat-truth.ts';
import { DAY, LEDGER, ORG, REPO } from '../kit/e2e.ts';

const MIN_SEAT_DAYS = 7;
const SEAT_LIMIT = 8;
const GITHUB_TOKEN = 'ghs_crashCrashCrashCrashCrash000001';

type Kind = 'release' | 'offboard' | 'assign' | 'role-change' | 'young' | 'noop';
interface User {
  userId: number;
  email: string;
  kind: Kind;
  live: RoleCode;
  roster: RoleCode;
  /** Days since the ledger's `assigned` (and the fake's ground truth), or null when the user holds no seat. */
  seatDays: number | null;
}

// Releases of seats held for a month (eligible), an offboarding of a 2-day seat (released at once,
// cooling), a release of a 2-day seat (deferred in every run), a role change between seats, and
// activations. Eight seats are in use and seat-limit is 8: the two activations fit exactly once
// the two eligible releases are done, because the offboarded seat keeps cooling.
const USERS: User[] = [
  { userId: 10, email: 'rel-a@example.com', kind: 'release', live: 'AN', roster: 'DI', seatDays: 30 },
  { userId: 11, email: 'rel-b@example.com', kind: 'release', live: 'RE', roster: 'NO', seatDays: 30 },
  { userId: 13, email: 'off@example.com', kind: 'offboard', live: 'AN', roster: 'DI', seatDays: 2 },
  { userId: 30, email: 'chg-a@example.com', kind: 'role-change', live: 'AN', roster: 'MA', seatDays: 30 },
  { userId: 20, email: 'act-a@example.com', kind: 'assign', live: 'DI', roster: 'AN', seatDays: null },
  { userId: 21, email: 'act-b@example.com', kind: 'assign', live: 'NO', roster: 'RE', seatDays: null },
  { userId: 40, email: 'young@example.com', kind: 'young', live: 'AN', roster: 'DI', seatDays: 2 },
  { userId: 50, email: 'same@example.com', kind: 'noop', live: 'AN', roster: 'AN', seatDays: 30 },
];
const WRITES = USERS.filter((u) => u.kind !== 'young' && u.kind !== 'noop');
/**
 * The writes announced by the first (write-ahead) commit, and the activations, which need the seats
 * the releases free: announced in a second commit, with the releases' outcomes, before their PATCHes.
 */
const FIRST = WRITES.filter((u) => u.kind !== 'assign');
const LATER = WRITES.filter((u) => u.kind === 'assign');
const RELEASES = new Set(USERS.filter((u) => u.kind === 'release' || u.kind === 'offboard').map((u) => u.userId));
/** Not in the roster (unmanaged: warn). An administrator activates them by hand between the runs. */
const OUTSIDER = 60;

function fixture(now: number) {
  const seated: Array<{ userId: number; email: string; role: RoleCode; days: number }> = [
    { userId: 1, email: 'owner@example.com', role: 'OW', days: 400 },
    { userId: 2, email: 'admin@example.com', role: 'AD', days: 300 },
    ...USERS.filter((u) => u.seatDays !== null).map((u) => ({ userId: u.userId, email: u.email, role: u.live, days: u.seatDays! })),
  ];
  const members: FakeMember[] = [
    { userId: 1, email: 'owner@example.com', role: 'OW' },
    { userId: 2, email: 'admin@example.com', role: 'AD' },
    ...USERS.map((u) => ({ userId: u.userId, email: u.email, role: u.live })),
    { userId: OUTSIDER, email: 'outsider@example.com', role: 'DI' },
  ];
  const seatSince = Object.fromEntries(seated.map((s) => [s.userId, now - s.days * DAY]));
  const drafts: EventDraft[] = byTime(
    seated.map((s) => assignedDraft({ id: s.userId, email: s.email }, new Date(seatSince[s.userId]!).toISOString(), s.role)),
  );
  const roster = [
    'version: 1',
    `organization: ${ORG}`,
    'members:',
    ...USERS.flatMap((u) => [`  - email: ${u.email}`, `    role: ${u.roster}`, ...(u.kind === 'offboard' ? ['    offboard: true'] : [])]),
    'ignore:',
    '  - email: owner@example.com',
    '  - email: admin@example.com',
    '',
  ].join('\n');
  return { members, seatSince, roster, ledger: serializeLedger(appendEvents(emptyLedger(LEDGER), drafts)) };
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function describeRun(run: ActionRun): string {
  return `exit ${run.exitCode} signal ${run.signal}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
}

const planOf = (run: ActionRun) => JSON.parse(readFileSync(run.outputs['plan-file']!, 'utf8')) as PlanFile;
const userIdOf = (body: unknown) => (body as { user_id: number }).user_id;

type KillPoint =
  | { at: 'before-write-ahead' }
  | { at: 'after-patch'; k: number }
  | { at: 'outcome-commit'; lands: boolean };

const points: Array<[string, KillPoint]> = [
  ['before its write-ahead commit lands', { at: 'before-write-ahead' }],
  ...Array.from({ length: WRITES.length }, (_, k): [string, KillPoint] => [
    `after PATCH ${k} of ${WRITES.length} (the next one never lands)`,
    { at: 'after-patch', k },
  ]),
  [`after all ${WRITES.length} PATCHes, during the outcome commit (lost)`, { at: 'outcome-commit', lands: false }],
  ['during the outcome commit (it lands, the answer is lost)', { at: 'outcome-commit', lands: true }],
];

describe('crash at every point of an apply, then a rerun from a fresh checkout', () => {
  it.each(points.map(([label, point], i) => [label, point, i] as const))(
    'killed %s: no early release, no activation past seat-limit, every intent resolved',
    async (_label, point, index) => {
      const now = Date.now();
      const { members, seatSince, roster, ledger } = fixture(now);
      const token = makeLegacyToken();
      const fake = await FakeLabelStudio.start({ organizationId: ORG, members, selfUserId: 2, legacyTokens: [token], latencyMs: 2, seatSince });
      open.push(fake);
      const github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
      open.push(github);
      github.setFile(REPO, 'main', 'members.yaml', roster);
      github.setFile(REPO, 'main', LEDGER, ledger);
      const run = (workspace: string) =>
        runAction({
          inputs: {
            'label-studio-url': fake.url,
            'label-studio-token': token,
            'github-token': GITHUB_TOKEN,
            concurrency: '1',
            'delay-ms': '0',
            'min-seat-days': String(MIN_SEAT_DAYS),
            'seat-limit': String(SEAT_LIMIT),
          },
          workspace,
          eventName: 'push',
          env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
          onSpawn: (c) => (child = c),
        });

      // The crash, at an exact point: the fakes kill the action as the request arrives.
      let child: ChildProcess | undefined;
      const kill = () => child!.kill('SIGKILL');
      if (point.at === 'after-patch') {
        fake.patchGate = ({ n }) => {
          if (n <= point.k) return 'proceed';
          kill();
          return 'drop';
        };
      } else {
        // Puts: 1 the write-ahead, 2 the releases' outcomes with the activations' intents, 3 the outcomes.
        const killAtPut = point.at === 'before-write-ahead' ? 1 : 3;
        github.onBeforePut = () => {
          if (github.puts.length !== killAtPut) return;
          kill();
          if (point.at === 'before-write-ahead' || !point.lands) throw new Error('the action was killed before this commit landed');
        };
      }
      const crashed = await run(makeWorkspace({ 'members.yaml': roster, [LEDGER]: ledger }));
      fake.patchGate = null;
      github.onBeforePut = null;
      const afterCrash = Date.now();
      expect(crashed.signal, describeRun(crashed)).toBe('SIGKILL');

      // What the crash did, by the fakes' records.
      const landedPatches = fake.patches().length;
      const expectedLanded = point.at === 'after-patch' ? point.k : point.at === 'before-write-ahead' ? 0 : WRITES.length;
      expect(landedPatches).toBe(expectedLanded);
      const [ahead] = github.puts;
      if (point.at === 'before-write-ahead') {
        expect(fake.patchAttempts()).toEqual([]);
        expect(github.getFile(REPO, 'main', LEDGER)).toBe(ledger);
      } else {
        // The intents were on the branch before the first PATCH left.
        expect(ahead!.landed).toBe(true);
        for (const p of fake.patchAttempts()) expect(p.startedAt).toBeGreaterThan(ahead!.endedAt);
        const branch = parseLedger(github.getFile(REPO, 'main', LEDGER)!, LEDGER);
        const added = branch.events.slice(parseLedger(ledger, LEDGER).events.length);
        const second = github.puts[1];
        const secondLanded = second?.landed === true;
        expect(added.slice(0, FIRST.length).map((e) => e.event)).toEqual(FIRST.map(() => 'intent'));
        const intents = added.filter((e) => e.event === 'intent').map((e) => e.user.id);
        expect(intents.sort()).toEqual([...FIRST, ...(secondLanded ? LATER : [])].map((u) => u.userId).sort());
        for (const p of fake.patchAttempts()) {
          if (LATER.some((u) => u.userId === userIdOf(p.body))) expect(p.startedAt).toBeGreaterThan(second!.endedAt);
        }
        const outcomes = point.at === 'outcome-commit' && point.lands ? WRITES.length : secondLanded ? FIRST.length : 0;
        expect(added.filter((e) => e.event !== 'intent')).toHaveLength(outcomes);
      }
      const landedUsers = new Set(fake.patches().map((r) => userIdOf(r.body)));
      const intentsCommitted = point.at !== 'before-write-ahead';
      const outcomesCommitted = point.at === 'outcome-commit' && point.lands;

      // An administrator activates someone by hand; then the rerun, from a fresh checkout: of the
      // branch's ledger, or (every other point) of the older ledger the crashed run started from.
      fake.updateMember(OUTSIDER, { role: 'AN' });
      const checkout = index % 2 === 0 ? github.getFile(REPO, 'main', LEDGER)! : ledger;
      const putsBefore = github.puts.length;
      const rerun = await run(makeWorkspace({ 'members.yaml': roster, [LEDGER]: checkout }));
      expect(rerun.exitCode, describeRun(rerun)).toBe(0);
      expect(rerun.outputs.failed).toBe('0');

      // Ground truth: the fake's timeline over both runs.
      expect(seatRuleViolations(fake.seatTimeline, { minSeatDays: MIN_SEAT_DAYS, seatLimit: SEAT_LIMIT, offboard: new Set([13]) })).toEqual([]);

      // No write was repeated: the rerun wrote only what the crash had not.
      for (const u of WRITES) {
        const mine = fake.patches().filter((r) => userIdOf(r.body) === u.userId);
        expect(mine.length, u.email).toBeLessThanOrEqual(1);
        if (landedUsers.has(u.userId)) expect(mine, u.email).toHaveLength(1);
      }
      // The rerun's own writes came after its own write-ahead commit.
      const rerunPatches = fake.patchAttempts().filter((p) => p.startedWall >= afterCrash);
      if (rerunPatches.length > 0) {
        const rerunAhead = github.puts[putsBefore]!;
        expect(rerunAhead.landed).toBe(true);
        for (const p of rerunPatches) expect(p.startedAt).toBeGreaterThan(rerunAhead.endedAt);
      }

      // The branch's ledger: one valid chain from the fixture on, every intent resolved by a later line.
      const text = github.getFile(REPO, 'main', LEDGER)!;
      expect(text.startsWith(ledger)).toBe(true);
      const final = parseLedger(text, LEDGER);
      final.events.forEach((e, i) => {
        if (e.event !== 'intent') return;
        expect(final.events.slice(i + 1).some((later) => later.user.id === e.user.id), `intent on line ${e.seq} resolved`).toBe(true);
      });

      // The worst case, user by user (docs/seat-rule.md).
      const plan = planOf(rerun);
      const change = (id: number) => plan.changes.find((c) => c.user.id === id);
      for (const u of USERS) {
        const role = fake.member(u.userId)!.role;
        if (u.kind === 'young') {
          expect(role, u.email).toBe(u.live);
          expect(change(u.userId)).toMatchObject({ status: 'deferred', eligibleAt: new Date(seatSince[u.userId]! + MIN_SEAT_DAYS * DAY).toISOString() });
          continue;
        }
        if (u.kind === 'noop') continue;
        if (landedUsers.has(u.userId)) {
          expect(role, u.email).toBe(u.roster);
          continue;
        }
        if (!intentsCommitted) {
          // Nothing was announced, so nothing was sent: the rerun is a clean first apply (whose
          // activations meet the seat the administrator took by hand: seat-limit decides them).
          if (u.kind === 'assign') expect([u.live, u.roster], u.email).toContain(role);
          else expect(role, u.email).toBe(u.roster);
          continue;
        }
        if (u.kind === 'release') {
          // Announced, never sent: the seat may have been released and taken back by hand since,
          // so its clock restarts at the rerun and the release waits the full period again.
          expect(role, u.email).toBe(u.live);
          const c = change(u.userId)!;
          expect(c.status, u.email).toBe('deferred');
          expect(Date.parse(c.eligibleAt!), u.email).toBeGreaterThanOrEqual(afterCrash + MIN_SEAT_DAYS * DAY);
        } else if (u.kind === 'offboard' || u.kind === 'role-change') {
          expect(role, u.email).toBe(u.roster);
        } else {
          // An activation announced and never sent counts as a seat that may be cooling: it
          // applies only if seat-limit allows it without that seat.
          expect([u.live, u.roster], u.email).toContain(role);
        }
      }
      if (outcomesCommitted) {
        expect(rerun.outputs.applied).toBe('0');
        expect(final.events.filter((e) => e.run !== null && e.event !== 'intent' && e.by === 'sync' && RELEASES.has(e.user.id))).toHaveLength(
          RELEASES.size,
        );
      }
      const outsider = final.events.filter((e) => e.user.id === OUTSIDER);
      expect(outsider.map((e) => [e.event, e.by, e.to])).toEqual([['assigned', 'observed', 'AN']]);
      expect(Date.parse(outsider[0]!.at)).toBeGreaterThanOrEqual(afterCrash);
    },
  );
});
