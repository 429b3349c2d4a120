// Five stories of seats released early, end to end through the bundle, each a named case. Every story is judged
// against the fake Label Studio's own seat timeline (ground truth, test/kit/seat-truth.ts), not
// against the ledger the tool wrote. `min-seat-days` is 7; "day n" is n days before the test.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, hashLine, parseLedger, serializeLedger, type EventDraft } from '../../src/files/ledger.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import type { RoleCode } from '../../src/core/roles.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft, byTime, releasedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { seatRuleViolations } from '../kit/seat-truth.ts';
import { DAY, iso, LEDGER, ORG, REPO, ROSTER } from '../kit/e2e.ts';

const GITHUB_TOKEN = 'ghs_storiesStoriesStoriesStories0001';

const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW' };
const ADMIN: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD' };
const u = (id: number, role: RoleCode): FakeMember => ({ userId: id, email: `u${id}@example.com`, role });
const ref = (id: number) => ({ id, email: `u${id}@example.com` });

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

interface World {
  ls: FakeLabelStudio;
  gh: FakeGitHub;
  ledger: string;
  baseSha: string;
  /** Runs the bundle on a fresh checkout: `roster`, and the branch's ledger unless `checkout` is given. */
  run(opts: { roster: string; mode?: string; checkout?: string; onSpawn?: (c: ChildProcess) => void; pullRequest?: boolean }): Promise<ActionRun>;
}

async function world(opts: { members: FakeMember[]; seatSince: Record<number, number>; drafts: EventDraft[]; seatLimit?: number }): Promise<World> {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({
    organizationId: ORG,
    members: opts.members,
    selfUserId: ADMIN.userId,
    legacyTokens: [token],
    latencyMs: 2,
    seatSince: opts.seatSince,
  });
  open.push(ls);
  const gh = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
  open.push(gh);
  const ledger = serializeLedger(appendEvents(emptyLedger(LEDGER), byTime(opts.drafts)));
  const baseSha = gh.setFile(REPO, 'main', LEDGER, ledger);
  return {
    ls,
    gh,
    ledger,
    baseSha,
    run: ({ roster, mode = 'apply', checkout, onSpawn, pullRequest = false }) => {
      // An apply runs on the branch's head: the roster it applies is the one merged there.
      if (!pullRequest && mode === 'apply' && gh.getFile(REPO, 'main', ROSTER) !== roster) gh.setFile(REPO, 'main', ROSTER, roster, 'Roster change');
      return runAction({
        inputs: {
          'label-studio-url': ls.url,
          'label-studio-token': token,
          'github-token': GITHUB_TOKEN,
          mode,
          concurrency: '1',
          'delay-ms': '0',
          'min-seat-days': '7',
          ...(opts.seatLimit !== undefined ? { 'seat-limit': String(opts.seatLimit) } : {}),
        },
        workspace: makeWorkspace({ [ROSTER]: roster, [LEDGER]: checkout ?? gh.getFile(REPO, 'main', LEDGER) ?? '' }),
        eventName: pullRequest ? 'pull_request' : 'push',
        ...(pullRequest ? { event: { pull_request: { number: 8, base: { sha: baseSha } } } } : {}),
        env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: pullRequest ? 'refs/pull/8/merge' : 'refs/heads/main' },
        ...(onSpawn ? { onSpawn } : {}),
      });
    },
  };
}

function roster(entries: Array<{ id: number; role: string; offboard?: boolean }>): string {
  return [
    'version: 1',
    `organization: ${ORG}`,
    'members:',
    ...entries.flatMap((e) => [`  - email: u${e.id}@example.com`, `    role: ${e.role}`, ...(e.offboard ? ['    offboard: true'] : [])]),
    'ignore:',
    '  - email: owner@example.com',
    '  - email: admin@example.com',
    '',
  ].join('\n');
}

const describeRun = (run: ActionRun) => `exit ${run.exitCode} signal ${run.signal}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-1500)}`;
const planOf = (run: ActionRun) => JSON.parse(readFileSync(run.outputs['plan-file']!, 'utf8')) as PlanFile;
const changeOf = (run: ActionRun, id: number) => planOf(run).changes.find((c) => c.user.id === id);
const errorsOf = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error');

describe('five seat stories', () => {
  it('story 1: a crash after a release landed, then a hand re-activation: the next run does not release the seat, nor hand it on', async () => {
    const now = Date.now();
    const w = await world({
      members: [OWNER, ADMIN, u(108, 'AN'), u(104, 'DI')],
      seatSince: { 1: now - 400 * DAY, 2: now - 300 * DAY, 108: now - 9 * DAY },
      drafts: [assignedDraft(ref(1), iso(now - 400 * DAY), 'OW'), assignedDraft(ref(2), iso(now - 300 * DAY), 'AD'), assignedDraft(ref(108), iso(now - 9 * DAY))],
      seatLimit: 3,
    });
    const wanted = roster([
      { id: 108, role: 'DI' },
      { id: 104, role: 'AN' },
    ]);
    // Day 9: u108's release lands (PATCH 1); the action dies as u104's activation arrives.
    let child: ChildProcess | undefined;
    w.ls.patchGate = ({ n }) => {
      if (n === 1) return 'proceed';
      child!.kill('SIGKILL');
      return 'drop';
    };
    const crashed = await w.run({ roster: wanted, onSpawn: (c) => (child = c) });
    w.ls.patchGate = null;
    expect(crashed.signal, describeRun(crashed)).toBe('SIGKILL');
    expect(w.ls.patches().map((r) => r.body)).toEqual([{ user_id: 108, role: 'DI' }]);
    expect(w.ls.injected.map((f) => f.kind)).toEqual(['dropped']);

    // An administrator gives u108 the seat back by hand.
    w.ls.updateMember(108, { role: 'AN' });
    const handAt = Date.now();
    // The next run, from a checkout of the ledger as it was before the crash.
    const next = await w.run({ roster: wanted, checkout: w.ledger });
    expect(next.exitCode, describeRun(next)).toBe(0);
    expect(w.ls.member(108)!.role).toBe('AN');
    expect(w.ls.member(104)!.role).toBe('DI');
    const release = changeOf(next, 108)!;
    expect(release.status).toBe('deferred');
    expect(Date.parse(release.eligibleAt!)).toBeGreaterThanOrEqual(handAt + 7 * DAY);
    expect(changeOf(next, 104)!.status).not.toBe('applied');
    expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: 3 })).toEqual([]);
  });

  it('story 2: seat-limit 3, one lost outcome commit after a hand change: the offboarded seat keeps cooling', async () => {
    const now = Date.now();
    // u101 was released normally (committed); an admin has re-activated u101 by hand since.
    const w = await world({
      members: [OWNER, ADMIN, u(101, 'AN'), u(102, 'DI')],
      seatSince: { 1: now - 400 * DAY, 2: now - 300 * DAY },
      drafts: [
        assignedDraft(ref(1), iso(now - 400 * DAY), 'OW'),
        assignedDraft(ref(2), iso(now - 300 * DAY), 'AD'),
        assignedDraft(ref(101), iso(now - 30 * DAY)),
        releasedDraft(ref(101), iso(now - 20 * DAY)),
      ],
      seatLimit: 3,
    });
    // The run that offboards u101 loses the commit of its outcome (PUT 2).
    w.gh.failPut(2, 500);
    const offboarding = await w.run({ roster: roster([{ id: 101, role: 'DI', offboard: true }, { id: 102, role: 'DI' }]) });
    expect(offboarding.exitCode).toBe(1);
    expect(w.ls.patches().map((r) => r.body)).toEqual([{ user_id: 101, role: 'DI' }]);
    expect(w.gh.puts.map((p) => [p.n, p.landed, p.injected?.status ?? null])).toEqual([
      [1, true, null],
      [2, false, 500],
    ]);

    // The run after that asks for u102: 2 in use + u101 cooling = 3, so it must wait.
    const activating = await w.run({ roster: roster([{ id: 101, role: 'DI', offboard: true }, { id: 102, role: 'AN' }]) });
    expect(activating.exitCode, describeRun(activating)).toBe(0);
    expect(w.ls.member(102)!.role).toBe('DI');
    const activation = changeOf(activating, 102)!;
    expect(activation.status).toBe('deferred');
    expect(Date.parse(activation.eligibleAt!)).toBeGreaterThanOrEqual(w.gh.puts[0]!.startedWall + 7 * DAY);
    expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: 3, offboard: new Set([101]) })).toEqual([]);
  });

  it('story 3: two lost commits, no hand change: the seat re-assigned by the tool is not released a moment later', async () => {
    const now = Date.now();
    const w = await world({
      members: [OWNER, ADMIN, u(101, 'AN')],
      seatSince: { 1: now - 400 * DAY, 2: now - 300 * DAY, 101: now - 30 * DAY },
      drafts: [assignedDraft(ref(1), iso(now - 400 * DAY), 'OW'), assignedDraft(ref(2), iso(now - 300 * DAY), 'AD'), assignedDraft(ref(101), iso(now - 30 * DAY))],
    });
    const release = roster([{ id: 101, role: 'DI' }]);
    // Release (outcome commit lost), re-activation (outcome commit lost): PUTs 2 and 4.
    w.gh.failPut(2, 500);
    w.gh.failPut(4, 500);
    expect((await w.run({ roster: release })).exitCode).toBe(1);
    expect(w.ls.member(101)!.role).toBe('DI');
    const reactivated = await w.run({ roster: roster([{ id: 101, role: 'AN' }]) });
    expect(reactivated.exitCode, describeRun(reactivated)).toBe(1);
    expect(w.ls.member(101)!.role).toBe('AN');
    const givenAt = w.ls.seatEventsOf(101).at(-1)!.at;
    expect(w.gh.puts.map((p) => [p.landed, p.injected?.status ?? null])).toEqual([
      [true, null],
      [false, 500],
      [true, null],
      [false, 500],
    ]);

    // The next run, even from a checkout of the first ledger, holds the seat for the full period.
    const again = await w.run({ roster: release, checkout: w.ledger });
    expect(again.exitCode, describeRun(again)).toBe(0);
    expect(w.ls.member(101)!.role).toBe('AN');
    const c = changeOf(again, 101)!;
    expect(c.status).toBe('deferred');
    expect(Date.parse(c.eligibleAt!)).toBeGreaterThanOrEqual(givenAt + 7 * DAY);
    expect(w.ls.patches()).toHaveLength(2);
    expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: null })).toEqual([]);
  });

  describe('story 4: a back-dated, chain-valid line', () => {
    const now = Date.now();
    const drafts = [assignedDraft(ref(1), iso(now - 400 * DAY), 'OW'), assignedDraft(ref(2), iso(now - 300 * DAY), 'AD'), assignedDraft(ref(101), iso(now - 2 * DAY))];
    const clean = serializeLedger(appendEvents(emptyLedger(LEDGER), drafts));
    const last = clean.trimEnd().split('\n').at(-1)!;
    // The forger's line: chained to the line above, dated 60 days before it, making a 2-day seat look old.
    const forged = `${clean}${JSON.stringify({
      seq: 4,
      at: iso(now - 62 * DAY),
      event: 'assigned',
      by: 'sync',
      user: ref(101),
      from: 'DI',
      to: 'AN',
      run: null,
      prev: hashLine(last),
    })}\n`;
    const wanted = roster([{ id: 101, role: 'DI' }]);
    const members = [OWNER, ADMIN, u(101, 'AN')];
    const seatSince = { 1: now - 400 * DAY, 2: now - 300 * DAY, 101: now - 2 * DAY };

    const refusedOnLine4 = (run: ActionRun) => {
      expect(run.exitCode, describeRun(run)).toBe(1);
      const onLine4 = errorsOf(run).filter((a) => a.properties.file === LEDGER && a.properties.line === '4');
      expect(onLine4.length, describeRun(run)).toBeGreaterThan(0);
      return onLine4.map((a) => a.message).join('\n');
    };

    it('is refused by an apply, in the workspace or on the branch, before any write', async () => {
      const w = await world({ members, seatSince, drafts });
      w.gh.setFile(REPO, 'main', LEDGER, forged);
      const fromWorkspace = await w.run({ roster: wanted, checkout: forged });
      expect(refusedOnLine4(fromWorkspace)).toMatch(/never go backwards/);
      // A clean checkout, but the branch the apply plans from holds the forged line.
      const fromBranch = await w.run({ roster: wanted, checkout: clean });
      expect(fromBranch.exitCode, describeRun(fromBranch)).toBe(1);
      expect(fromBranch.stdout).toMatch(/never go backwards/);
      expect(w.ls.patchAttempts()).toEqual([]);
      expect(w.gh.puts).toEqual([]);
      expect(w.ls.member(101)!.role).toBe('AN');
      expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: null })).toEqual([]);
    });

    it('is refused by validate', async () => {
      const w = await world({ members, seatSince, drafts });
      const run = await w.run({ roster: wanted, mode: 'validate', checkout: forged });
      expect(refusedOnLine4(run)).toMatch(/never go backwards/);
      expect(w.ls.log).toEqual([]);
    });

    it('is refused by the pull-request guard, naming the line', async () => {
      const w = await world({ members, seatSince, drafts });
      const run = await w.run({ roster: wanted, mode: 'plan', checkout: forged, pullRequest: true });
      refusedOnLine4(run);
      expect(w.ls.patchAttempts()).toEqual([]);
      expect(w.gh.puts).toEqual([]);
    });
  });

  it('story 5: seat-limit 4, own seat back: a user offboarded and re-activated takes their cooling seat back at once', async () => {
    const now = Date.now();
    const w = await world({
      members: [OWNER, ADMIN, u(103, 'AN'), u(102, 'AN'), u(105, 'DI')],
      seatSince: { 1: now - 400 * DAY, 2: now - 300 * DAY, 103: now - 30 * DAY, 102: now - 2 * DAY },
      drafts: [
        assignedDraft(ref(1), iso(now - 400 * DAY), 'OW'),
        assignedDraft(ref(2), iso(now - 300 * DAY), 'AD'),
        assignedDraft(ref(103), iso(now - 30 * DAY)),
        releasedDraft(ref(105), iso(now - 29 * DAY)),
        assignedDraft(ref(102), iso(now - 2 * DAY)),
      ],
      seatLimit: 4,
    });
    // Offboarded on day 9 (a 2-day seat: cooling until day 15)…
    const off = await w.run({ roster: roster([{ id: 102, role: 'DI', offboard: true }, { id: 103, role: 'AN' }, { id: 105, role: 'DI' }]) });
    expect(off.exitCode, describeRun(off)).toBe(0);
    expect(w.ls.member(102)!.role).toBe('DI');
    // …and re-activated on day 10, with someone else asking for a seat too.
    const back = await w.run({ roster: roster([{ id: 102, role: 'AN' }, { id: 103, role: 'AN' }, { id: 105, role: 'AN' }]) });
    expect(changeOf(back, 102)).toMatchObject({ status: 'applied' });
    expect(w.ls.member(102)!.role).toBe('AN');
    // Giving u102 their own seat back freed nothing for anyone else: 4 in use, limit 4.
    expect(['deferred', 'refused']).toContain(changeOf(back, 105)!.status);
    expect(w.ls.member(105)!.role).toBe('DI');
    expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: 4, offboard: new Set([102]) })).toEqual([]);
    const ledger = parseLedger(w.gh.getFile(REPO, 'main', LEDGER)!, LEDGER);
    expect(ledger.events.filter((e) => e.user.id === 102 && e.by === 'sync').map((e) => e.event)).toEqual([
      'assigned',
      'intent',
      'released',
      'intent',
      'assigned',
    ]);
  });
});
