// Crash and rerun, end to end: the action is killed with SIGKILL in the middle of an apply (or of
// its ledger commit), then run again in the same workspace against the same branch. The rerun
// must finish the job, keep the ledger a valid chain, and never let a seat go early: a write the
// crash made but could not record is found by the rerun and recorded as observed, later.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger, type EventDraft, type LedgerEvent } from '../../src/ledger.ts';
import type { RoleCode } from '../../src/roles.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun } from '../harness/run-action.ts';

const DAY = 86_400_000;
const MIN_SEAT_DAYS = 7;
const ORG = 7;
const REPO = 'acme/labeling';
const LEDGER = 'seat-ledger.jsonl';
const GITHUB_TOKEN = 'ghs_crashCrashCrashCrashCrash000001';
/** Long enough that the poller always kills the action while a PATCH is still being answered. */
const LATENCY_MS = 100;

type Kind = 'release' | 'assign' | 'role-change' | 'young' | 'noop';
interface User {
  userId: number;
  email: string;
  kind: Kind;
  live: RoleCode;
  roster: RoleCode;
  /** Days since the ledger's `assigned`, or null when the ledger does not know the user. */
  seatDays: number | null;
}

// Releases of seats held for a month (eligible), a release of a seat held two days (deferred in
// every run), activations and role changes between seats. Roster order is write order.
const USERS: User[] = [
  { userId: 10, email: 'rel-a@example.com', kind: 'release', live: 'AN', roster: 'DI', seatDays: 30 },
  { userId: 11, email: 'rel-b@example.com', kind: 'release', live: 'RE', roster: 'NO', seatDays: 30 },
  { userId: 12, email: 'rel-c@example.com', kind: 'release', live: 'AN', roster: 'DI', seatDays: 9 },
  { userId: 30, email: 'chg-a@example.com', kind: 'role-change', live: 'AN', roster: 'MA', seatDays: 30 },
  { userId: 31, email: 'chg-b@example.com', kind: 'role-change', live: 'MA', roster: 'RE', seatDays: 30 },
  { userId: 20, email: 'act-a@example.com', kind: 'assign', live: 'DI', roster: 'AN', seatDays: null },
  { userId: 21, email: 'act-b@example.com', kind: 'assign', live: 'NO', roster: 'RE', seatDays: null },
  { userId: 22, email: 'act-c@example.com', kind: 'assign', live: 'DI', roster: 'AN', seatDays: null },
  { userId: 40, email: 'young@example.com', kind: 'young', live: 'AN', roster: 'DI', seatDays: 2 },
  { userId: 50, email: 'same@example.com', kind: 'noop', live: 'AN', roster: 'AN', seatDays: 30 },
];
const WRITES = USERS.filter((u) => u.kind !== 'young' && u.kind !== 'noop');
const OUTSIDER = 60;

function fixture(now: number) {
  const members: FakeMember[] = [
    { userId: 1, email: 'owner@example.com', role: 'OW' },
    { userId: 2, email: 'admin@example.com', role: 'AD' },
    ...USERS.map((u) => ({ userId: u.userId, email: u.email, role: u.live })),
    // Not in the roster (unmanaged: warn). An administrator activates them between the two runs,
    // so the rerun always has something of its own to record and commits the ledger.
    { userId: OUTSIDER, email: 'outsider@example.com', role: 'DI' },
  ];
  const assigned = (userId: number, email: string, to: RoleCode, days: number): EventDraft => ({
    at: new Date(now - days * DAY).toISOString(),
    event: 'assigned',
    by: 'sync',
    user: { id: userId, email },
    from: 'DI',
    to,
    run: null,
  });
  const drafts = [
    assigned(1, 'owner@example.com', 'OW', 400),
    assigned(2, 'admin@example.com', 'AD', 300),
    ...USERS.filter((u) => u.seatDays !== null)
      .sort((a, b) => b.seatDays! - a.seatDays!)
      .map((u) => assigned(u.userId, u.email, u.live, u.seatDays!)),
  ];
  const roster = [
    'version: 1',
    `organization: ${ORG}`,
    'members:',
    ...USERS.flatMap((u) => [`  - email: ${u.email}`, `    role: ${u.roster}`]),
    'ignore:',
    '  - email: owner@example.com',
    '  - email: admin@example.com',
    '',
  ].join('\n');
  return { members, roster, ledger: serializeLedger(appendEvents(emptyLedger(LEDGER), drafts)) };
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function settled(fake: FakeLabelStudio): Promise<void> {
  for (let waited = 0; fake.log.some((r) => r.status === 0); waited += 10) {
    if (waited > 5_000) throw new Error('the fake still has requests in flight after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function describeRun(run: ActionRun): string {
  return `exit ${run.exitCode} signal ${run.signal}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
}

/** Events per user, in order, each with whether a seat was open for them (and since when). */
function expectNoEarlyRelease(events: readonly LedgerEvent[]): number {
  const since = new Map<number, number>();
  let checked = 0;
  for (const e of events) {
    if (e.event === 'assigned') since.set(e.user.id, Date.parse(e.at));
    if (e.event !== 'released') continue;
    const from = since.get(e.user.id);
    since.delete(e.user.id);
    if (e.reason === 'offboard') continue;
    expect(from, `released event seq ${e.seq} has an open assigned before it`).toBeDefined();
    expect(Date.parse(e.at) - from!, `seat of user ${e.user.id} held ${MIN_SEAT_DAYS} days before release (seq ${e.seq})`).toBeGreaterThanOrEqual(
      MIN_SEAT_DAYS * DAY,
    );
    checked++;
  }
  return checked;
}

type KillPoint = { arrived: number } | 'ledger-commit';

describe('crash in the middle of an apply, then a rerun', () => {
  const points: Array<[string, KillPoint]> = [
    ['while the 1st PATCH is answered (0 answered)', { arrived: 1 }],
    ['while the 2nd PATCH is answered (1 answered)', { arrived: 2 }],
    [`while PATCH ${Math.ceil(WRITES.length / 2) + 1} is answered (mid-apply)`, { arrived: Math.ceil(WRITES.length / 2) + 1 }],
    [`while the last PATCH is answered (all but one answered)`, { arrived: WRITES.length }],
    ['during the ledger commit (all applied, none committed)', 'ledger-commit'],
  ];

  it.each(points)('killed %s: the rerun converges, the chain holds, no seat goes early', async (_label, point) => {
    const now = Date.now();
    const { members, roster, ledger } = fixture(now);
    const token = makeLegacyToken();
    const fake = await FakeLabelStudio.start({
      organizationId: ORG,
      members,
      selfUserId: 2,
      legacyTokens: [token],
      latencyMs: LATENCY_MS,
    });
    open.push(fake);
    const github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
    open.push(github);
    github.setFile(REPO, 'main', 'members.yaml', roster);
    github.setFile(REPO, 'main', LEDGER, ledger);
    const workspace = makeWorkspace({ 'members.yaml': roster, [LEDGER]: ledger });
    const options = {
      inputs: {
        'label-studio-url': fake.url,
        'label-studio-token': token,
        'github-token': GITHUB_TOKEN,
        concurrency: '1',
        'delay-ms': '0',
        'min-seat-days': String(MIN_SEAT_DAYS),
      },
      workspace,
      eventName: 'push',
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
    };

    // The crash: SIGKILL as soon as the fake sees the n-th PATCH arrive (it then lands anyway,
    // like a write whose answer is lost), or as the ledger commit reaches GitHub.
    let child: ChildProcess | undefined;
    let poll: NodeJS.Timeout | undefined;
    if (point === 'ledger-commit') {
      github.onBeforePut = () => {
        child?.kill('SIGKILL');
        throw new Error('the action was killed before this commit landed');
      };
    }
    const crashed = await runAction({
      ...options,
      onSpawn: (c) => {
        child = c;
        if (point !== 'ledger-commit') {
          poll = setInterval(() => {
            if (fake.patchAttempts().length >= point.arrived) {
              c.kill('SIGKILL');
              clearInterval(poll);
            }
          }, 2);
        }
      },
    });
    clearInterval(poll);
    github.onBeforePut = null;
    await settled(fake);
    const afterCrash = Date.now();
    expect(crashed.signal, describeRun(crashed)).toBe('SIGKILL');

    const applied = new Set(WRITES.filter((u) => fake.member(u.userId)?.role === u.roster).map((u) => u.userId));
    if (point !== 'ledger-commit') expect(fake.patchAttempts()).toHaveLength(point.arrived);
    expect(applied.size).toBe(point === 'ledger-commit' ? WRITES.length : point.arrived);
    // Whatever the crash wrote to the workspace, the branch's ledger did not move.
    expect(github.getFile(REPO, 'main', LEDGER)).toBe(ledger);
    const recordedByCrash = parseLedger(readFileSync(path.join(workspace, LEDGER)), LEDGER).events.slice(
      parseLedger(ledger, LEDGER).events.length,
    );

    fake.updateMember(OUTSIDER, { role: 'AN' });
    fake.setFaults({ latencyMs: 2 });
    const rerun = await runAction(options);
    expect(rerun.exitCode, describeRun(rerun)).toBe(0);
    expect(rerun.outputs.failed).toBe('0');
    expect(rerun.outputs.deferred).toBe('1');
    expect(rerun.outputs.unmanaged).toBe('1');
    expect(rerun.outputs.applied).toBe(String(WRITES.length - applied.size));

    // The organization is as the roster says, except the seat too young to release.
    for (const u of USERS) {
      expect(fake.member(u.userId)?.role, u.email).toBe(u.kind === 'young' ? u.live : u.roster);
    }
    // Each change was written exactly once over both runs: the rerun did not repeat the crash's writes.
    for (const u of WRITES) {
      expect(fake.patches().filter((r) => (r.body as { user_id: number }).user_id === u.userId), u.email).toHaveLength(1);
    }

    // The branch's ledger: the fixture, then this episode's events, as one valid chain.
    const text = github.getFile(REPO, 'main', LEDGER)!;
    expect(text.startsWith(ledger)).toBe(true);
    const final = parseLedger(text, LEDGER);
    const appended = final.events.slice(parseLedger(ledger, LEDGER).events.length);
    for (const u of WRITES) {
      const mine = appended.filter((e) => e.user.id === u.userId);
      const recorded = recordedByCrash.find((e) => e.user.id === u.userId);
      if (recorded) {
        // The crash recorded it before dying in the commit: the rerun commits that record as is.
        expect(mine, u.email).toEqual([{ ...recorded, seq: mine[0]?.seq, prev: mine[0]?.prev }]);
        continue;
      }
      if (!applied.has(u.userId)) {
        expect(mine.map((e) => [e.event, e.by]), u.email).toEqual([
          [u.kind === 'assign' ? 'assigned' : u.kind === 'release' ? 'released' : 'role-changed', 'sync'],
        ]);
        continue;
      }
      if (u.kind === 'role-change') {
        // Between two seats nothing in live state tells the rerun; the seat clock is untouched.
        expect(mine, u.email).toEqual([]);
        continue;
      }
      // Written by the crash, record lost: the rerun finds it and records it as observed, now.
      expect(mine.map((e) => [e.event, e.by]), u.email).toEqual([[u.kind === 'assign' ? 'assigned' : 'released', 'observed']]);
      expect(Date.parse(mine[0]!.at), `${u.email}: observed no earlier than the crash`).toBeGreaterThanOrEqual(afterCrash);
    }
    expect(appended.filter((e) => e.user.id === 40 || e.user.id === 50)).toEqual([]);
    const outsider = appended.filter((e) => e.user.id === OUTSIDER);
    expect(outsider.map((e) => [e.event, e.by, e.to])).toEqual([['assigned', 'observed', 'AN']]);
    expect(Date.parse(outsider[0]!.at)).toBeGreaterThanOrEqual(afterCrash);
    expect(expectNoEarlyRelease(final.events)).toBe(WRITES.filter((u) => u.kind === 'release').length);

    // The young seat's release is deferred to exactly its assignment plus min-seat-days.
    const plan = JSON.parse(readFileSync(rerun.outputs['plan-file']!, 'utf8')) as {
      changes: Array<{ user: { id: number }; status: string; eligibleAt: string | null }>;
    };
    const young = plan.changes.find((c) => c.user.id === 40)!;
    expect(young.status).toBe('deferred');
    expect(Date.parse(young.eligibleAt!)).toBe(now - 2 * DAY + MIN_SEAT_DAYS * DAY);
  });
});
