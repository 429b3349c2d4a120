// End to end: the seat ledger and the rotation rule (docs/seat-rule.md), through the bundled action
// on Node 24 against FakeLabelStudio and FakeGitHub. Every expected time is computed from the
// ledger the test wrote, never copied from the action's own output.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  appendEvents,
  emptyLedger,
  hashLine,
  parseLedger,
  serializeLedger,
  type EventDraft,
  type Ledger,
} from '../../src/files/ledger.ts';
import { ValidationError } from '../../src/core/problems.ts';
import { humanDate } from '../../src/report/dates.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import { blobSha, FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft, byTime, releasedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { DAY, iso, LEDGER, ORG, REPO, ROSTER, rosterText } from '../kit/e2e.ts';

/** What the harness's GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID make of the run. */
const RUN_URL = 'https://github.com/acme/labeling/actions/runs/4242';
const GITHUB_TOKEN = 'ghs_seatLedgerE2eSeatLedgerE2e0000';
const CONTENTS_PATH = `/repos/${REPO}/contents/${LEDGER}`;

const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW' };
const ADMIN: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD' };
const SELF = ADMIN.userId;

const plus7 = (at: string) => iso(Date.parse(at) + 7 * DAY);

const seat = (member: FakeMember, at: string): EventDraft =>
  assignedDraft({ id: member.userId, email: member.email }, at, member.role as EventDraft['to']);

/** A seat the ledger saw released long ago: the member is known, and not cooling. */
function releasedLongAgo(member: FakeMember): EventDraft[] {
  const user = { id: member.userId, email: member.email };
  return [assignedDraft(user, iso(Date.now() - 100 * DAY)), releasedDraft(user, iso(Date.now() - 90 * DAY))];
}

/** Fixture drafts in time order: a ledger's times never go backwards (docs/seat-rule.md). */
const ledgerOf = (drafts: EventDraft[]): Ledger => appendEvents(emptyLedger(LEDGER), byTime(drafts));

let labelStudio: FakeLabelStudio | null = null;
let github: FakeGitHub | null = null;
let proxy: Server | null = null;
afterEach(async () => {
  await labelStudio?.close();
  await github?.close();
  if (proxy) {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy!.close(() => resolve()));
  }
  labelStudio = github = proxy = null;
});

interface Setup {
  ls: FakeLabelStudio;
  gh: FakeGitHub;
  workspace: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  /** Commit on `main` holding the roster and the ledger: a pull request's base. */
  baseSha: string;
}

/**
 * Both fakes, and the same roster and ledger in the workspace and on `main`, so the branch the
 * action commits to and the workspace it read agree, as after a checkout.
 */
async function setup(opts: { members: FakeMember[]; roster: string; ledger: string | null; inputs?: Record<string, string> }): Promise<Setup> {
  const token = makeLegacyToken();
  const ls = (labelStudio = await FakeLabelStudio.start({
    organizationId: ORG,
    members: opts.members,
    selfUserId: SELF,
    legacyTokens: [token],
  }));
  const gh = (github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true }));
  let baseSha = gh.setFile(REPO, 'main', ROSTER, opts.roster);
  if (opts.ledger !== null) baseSha = gh.setFile(REPO, 'main', LEDGER, opts.ledger);
  const files: Record<string, string> = { [ROSTER]: opts.roster };
  if (opts.ledger !== null) files[LEDGER] = opts.ledger;
  return {
    ls,
    gh,
    workspace: makeWorkspace(files),
    inputs: {
      'label-studio-url': ls.url,
      'label-studio-token': token,
      'github-token': GITHUB_TOKEN,
      'delay-ms': '0',
      ...opts.inputs,
    },
    env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
    baseSha,
  };
}

const push = (s: Setup, inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runAction({ inputs: { ...s.inputs, ...inputs }, workspace: s.workspace, eventName: 'push', env: { ...s.env, ...env } });

const pullRequest = (s: Setup, inputs: Record<string, string> = {}) =>
  runAction({
    inputs: { ...s.inputs, ...inputs },
    workspace: s.workspace,
    eventName: 'pull_request',
    event: { pull_request: { number: 5, base: { sha: s.baseSha } } },
    env: { ...s.env, GITHUB_REF: 'refs/pull/5/merge' },
  });

function planFile(run: ActionRun): PlanFile {
  expect(run.outputs['plan-file'], run.stdout).toBeTruthy();
  return JSON.parse(readFileSync(run.outputs['plan-file']!, 'utf8')) as PlanFile;
}

function changeFor(plan: PlanFile, userId: number) {
  const found = plan.changes.filter((c) => c.user.id === userId);
  expect(found, `one change for user ${userId}`).toHaveLength(1);
  return found[0]!;
}

const workspaceLedger = (s: Setup) => readFileSync(path.join(s.workspace, LEDGER), 'utf8');
const branchLedger = (s: Setup) => s.gh.getFile(REPO, 'main', LEDGER);
const patchBodies = (s: Setup) => s.ls.patches().map((r) => r.body);
const contentsPuts = (s: Setup) => s.gh.log.filter((r) => r.method === 'PUT');

/**
 * Write-ahead (docs/seat-rule.md), judged on the fakes' own clocks (one process, one performance.now()): the
 * commit of the intent lines was answered before the first PATCH reached Label Studio, and the
 * commit of the outcomes reached GitHub after the last PATCH was answered.
 */
function expectWriteAhead(s: Setup, putsBefore = 0) {
  const puts = s.gh.puts.slice(putsBefore);
  const patches = s.ls.patchAttempts();
  expect(puts.length).toBeGreaterThanOrEqual(2);
  expect(patches.length).toBeGreaterThan(0);
  const [ahead, outcome] = [puts[0]!, puts[puts.length - 1]!];
  expect(ahead.landed).toBe(true);
  for (const p of patches) {
    expect(p.startedAt, 'the intent commit landed before this PATCH was sent').toBeGreaterThan(ahead.endedAt);
    expect(outcome.startedAt, 'the outcome commit came after this PATCH was answered').toBeGreaterThan(p.endedAt);
  }
}
const errors = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error');

// ---- Fixture of cases 1, 5, 6 and 7: Alice's seat is 3 days old, Bob's 8; both leave. ----

function twoReleases() {
  const alice: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
  const bob: FakeMember = { userId: 11, email: 'bob@example.com', role: 'AN' };
  const now = Date.now();
  const aliceSince = iso(now - 3 * DAY);
  const bobSince = iso(now - 8 * DAY);
  const ledger = serializeLedger(
    ledgerOf([seat(OWNER, iso(now - 400 * DAY)), seat(ADMIN, iso(now - 300 * DAY)), seat(alice, aliceSince), seat(bob, bobSince)]),
  );
  const roster = rosterText(
    [
      { email: 'alice@example.com', role: 'deactivated' },
      { email: 'bob@example.com', role: 'deactivated' },
    ],
    ['owner@example.com', 'admin@example.com'],
  );
  return { members: [OWNER, ADMIN, alice, bob], alice, bob, aliceSince, bobSince, ledger, roster };
}

describe('seat ledger and rotation rule, end to end', () => {
  it('defers a release 3 days into a seat to the exact millisecond, and applies and records one 8 days in', async () => {
    const f = twoReleases();
    const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
    const before = Date.now();
    const run = await push(s, { mode: 'apply' });
    const after = Date.now();
    expect(run.exitCode, run.stdout).toBe(0);

    const plan = planFile(run);
    const alice = changeFor(plan, f.alice.userId);
    expect(alice.status).toBe('deferred');
    expect(alice.eligibleAt).toBe(plus7(f.aliceSince));
    expect(alice.reason).toContain(f.aliceSince);
    expect(run.outputs['next-eligible-at']).toBe(plus7(f.aliceSince));
    expect(changeFor(plan, f.bob.userId).status).toBe('applied');
    expect(run.outputs).toMatchObject({ applied: '1', deferred: '1', 'ledger-changed': 'true' });

    // One write, Bob's; Alice keeps her seat.
    expect(patchBodies(s)).toEqual([{ user_id: f.bob.userId, role: 'DI' }]);
    expect(s.ls.member(f.bob.userId)!.role).toBe('DI');
    expect(s.ls.member(f.alice.userId)!.role).toBe('AN');

    const committed = parseLedger(branchLedger(s)!, LEDGER);
    expect(committed.events).toHaveLength(6);
    // The intent, committed before the PATCH, then the outcome, committed after it.
    expect(committed.events[4]).toMatchObject({
      seq: 5,
      event: 'intent',
      by: 'sync',
      user: { id: f.bob.userId, email: f.bob.email },
      from: 'AN',
      to: 'DI',
      run: RUN_URL,
    });
    expectWriteAhead(s);
    const [aheadCommit] = s.gh.history(REPO, 'main').slice(1, 2);
    expect(new TextDecoder().decode(aheadCommit!.files.get(LEDGER))).toBe(serializeLedger({ ...committed, lines: committed.lines.slice(0, 5) }));
    const released = committed.events[5]!;
    expect(Date.parse(released.at)).toBeGreaterThanOrEqual(Date.parse(committed.events[4]!.at));
    expect(released).toMatchObject({
      seq: 6,
      event: 'released',
      by: 'sync',
      user: { id: f.bob.userId, email: f.bob.email },
      from: 'AN',
      to: 'DI',
      run: RUN_URL,
    });
    expect(released.reason).toBeUndefined();
    expect(Date.parse(released.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(released.at)).toBeLessThanOrEqual(after);
    // Nothing recorded for the deferred release: the ledger holds only what was sent and written.
    expect(committed.events.filter((e) => e.user.id === f.alice.userId)).toHaveLength(1);
    expect(workspaceLedger(s)).toBe(branchLedger(s));

    // The next run (as the nightly one) holds Alice to the same millisecond and records nothing new.
    const ledgerAfterFirst = branchLedger(s);
    const next = await push(s, { mode: 'apply' });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(changeFor(planFile(next), f.alice.userId)).toMatchObject({ status: 'deferred', eligibleAt: plus7(f.aliceSince) });
    expect(next.outputs).toMatchObject({ applied: '0', deferred: '1', 'ledger-changed': 'false' });
    expect(s.ls.patches()).toHaveLength(1);
    // Two commits by the first run (intents, outcomes); none by the second, which sent nothing.
    expect(contentsPuts(s)).toHaveLength(2);
    expect(branchLedger(s)).toBe(ledgerAfterFirst);
  });

  it('offboards at once with a full seat-limit and defers the next activation to the end of the cooling seat', async () => {
    const alice: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
    const frank: FakeMember = { userId: 15, email: 'frank@example.com', role: 'DI' };
    const aliceSince = iso(Date.now() - 3 * DAY);
    const ledger = serializeLedger(
      ledgerOf([
        seat(OWNER, iso(Date.now() - 400 * DAY)),
        seat(ADMIN, iso(Date.now() - 300 * DAY)),
        ...releasedLongAgo(frank),
        seat(alice, aliceSince),
      ]),
    );
    const roster = rosterText([{ email: 'alice@example.com', role: 'deactivated', offboard: true }, { email: 'frank@example.com', role: 'annotator' }], ['owner@example.com', 'admin@example.com']);
    // Owner, admin and Alice hold the 3 licensed seats.
    const s = await setup({ members: [OWNER, ADMIN, alice, frank], roster, ledger, inputs: { 'seat-limit': '3' } });
    const run = await push(s, { mode: 'apply' });
    expect(run.exitCode, run.stdout).toBe(0);

    expect(patchBodies(s)).toEqual([{ user_id: alice.userId, role: 'DI' }]);
    expect(s.ls.member(frank.userId)!.role).toBe('DI');

    const plan = planFile(run);
    expect(changeFor(plan, alice.userId)).toMatchObject({ status: 'applied', eligibleAt: null });
    const activation = changeFor(plan, frank.userId);
    expect(activation.status).toBe('deferred');
    expect(activation.eligibleAt).toBe(plus7(aliceSince));
    expect(activation.reason).toContain('seat-limit 3');
    expect(run.outputs['next-eligible-at']).toBe(plus7(aliceSince));

    const committed = parseLedger(branchLedger(s)!, LEDGER);
    expectWriteAhead(s);
    // The intent, then its outcome: the same offboarding release of Alice's seat.
    const offboarding = { by: 'sync', user: { id: alice.userId, email: alice.email }, from: 'AN', to: 'DI', run: RUN_URL, reason: 'offboard' };
    expect(committed.events.slice(5)).toEqual([
      expect.objectContaining({ seq: 6, event: 'intent', ...offboarding }),
      expect.objectContaining({ seq: 7, event: 'released', ...offboarding }),
    ]);

    // The cooling seat lives in the committed ledger: the next run still holds Frank back to the
    // same millisecond, and a what-if just past it lets him in.
    const next = await push(s, { mode: 'apply' });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(changeFor(planFile(next), frank.userId)).toMatchObject({ status: 'deferred', eligibleAt: plus7(aliceSince) });
    expect(s.ls.patches()).toHaveLength(1);
    const whatIf = await push(s, { mode: 'plan', 'as-of': iso(Date.parse(plus7(aliceSince)) + 1) });
    expect(whatIf.exitCode, whatIf.stdout).toBe(0);
    expect(changeFor(planFile(whatIf), frank.userId)).toMatchObject({ status: 'planned', eligibleAt: null });
    const atTheEdge = await push(s, { mode: 'plan', 'as-of': iso(Date.parse(plus7(aliceSince)) - 1) });
    expect(changeFor(planFile(atTheEdge), frank.userId)).toMatchObject({ status: 'deferred', eligibleAt: plus7(aliceSince) });
  });

  it('keeps an offboarded seat cooling when the ledger commit of its release was lost', async () => {
    // Alice's seat predates the ledger. The run that offboards her commits its intent, writes, and
    // then loses the commit of the outcome; the next run starts from a fresh checkout of the
    // ledger as it was before either (older than the branch's).
    const alice: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
    const frank: FakeMember = { userId: 15, email: 'frank@example.com', role: 'DI' };
    const ledger = serializeLedger(
      ledgerOf([seat(OWNER, iso(Date.now() - 400 * DAY)), seat(ADMIN, iso(Date.now() - 300 * DAY)), ...releasedLongAgo(frank)]),
    );
    const roster = (offboard: boolean) =>
      rosterText([{ email: 'alice@example.com', role: 'deactivated', offboard: offboard }, { email: 'frank@example.com', role: 'annotator' }], ['owner@example.com', 'admin@example.com']);
    const s = await setup({ members: [OWNER, ADMIN, alice, frank], roster: roster(true), ledger, inputs: { 'seat-limit': '3' } });
    const startedAt = Date.now();
    s.gh.failPut(2, 403);
    const lost = await push(s, { mode: 'apply' });
    expect(lost.exitCode, lost.stdout).toBe(1);
    expect(patchBodies(s)).toEqual([{ user_id: alice.userId, role: 'DI' }]);
    expect(s.gh.puts.map((p) => [p.n, p.landed, p.injected?.status ?? null])).toEqual([
      [1, true, null],
      [2, false, 403],
    ]);
    // On the branch: the write-ahead lines (Alice's seat as found, then the intent), no outcome.
    const ahead = parseLedger(branchLedger(s)!, LEDGER).events.slice(parseLedger(ledger, LEDGER).events.length);
    expect(ahead.map((e) => [e.user.id, e.event, e.by])).toEqual([
      [alice.userId, 'assigned', 'observed'],
      [alice.userId, 'intent', 'sync'],
    ]);

    // A fresh checkout of the branch; the offboarding hint is even gone from the roster (merged on main).
    s.gh.setFile(REPO, 'main', ROSTER, roster(false));
    const fresh: Setup = { ...s, workspace: makeWorkspace({ [ROSTER]: roster(false), [LEDGER]: ledger }) };
    const next = await push(fresh, { mode: 'apply' });
    expect(next.exitCode, next.stdout).toBe(0);
    const activation = changeFor(planFile(next), frank.userId);
    expect(activation.status).toBe('deferred');
    // Never before the real end of Alice's seat, which began no earlier than the first run.
    expect(Date.parse(activation.eligibleAt!)).toBeGreaterThanOrEqual(startedAt + 7 * DAY);
    expect(s.ls.member(frank.userId)!.role).toBe('DI');
    const recorded = parseLedger(branchLedger(s)!, LEDGER).events.filter((e) => e.user.id === alice.userId);
    expect(recorded.map((e) => [e.event, e.by])).toEqual([
      ['assigned', 'observed'],
      ['intent', 'sync'],
      ['released', 'observed'],
    ]);
    expect(recorded[2]).toMatchObject({ from: null, to: 'DI' });
    // The summary says which write was interrupted and how long the worst case holds its seat.
    const cooling = plus7(recorded[2]!.at);
    // (Wording is the report's; the facts are checked: a section or notice on the interruption, and
    // one line naming Alice with the end of her worst-case cooling.)
    expect(next.summary).toMatch(/interrupted/i);
    // People read dates in the summary (the plan file keeps ISO): the run's time is the ledger line's.
    const coolingForPeople = humanDate(new Date(cooling), new Date(recorded[2]!.at));
    expect(next.summary.split('\n').some((l) => l.includes(alice.email!) && l.includes(coolingForPeople))).toBe(true);
  });

  // Editing line 2 leaves line 2 well formed but breaks line 3's `prev`; an edit that makes line 2
  // itself wrong (its seq) is reported there too.
  it.each([
    {
      edit: 'a millisecond of its time (backdating the seat)',
      change: (line: string) => {
        const i = line.indexOf('.', line.indexOf('"at":"')) + 1;
        return line.slice(0, i) + String((Number(line[i]) + 1) % 10) + line.slice(i + 1);
      },
      lines: ['3'],
    },
    {
      edit: 'its seq',
      change: (line: string) => line.replace('"seq":2', '"seq":3'),
      lines: ['2', '3'],
    },
  ])('fails on a ledger whose line 2 was edited ($edit) before any write', async ({ change, lines }) => {
    const f = twoReleases();
    const original = f.ledger.split('\n');
    const edited = original.map((line, i) => (i === 1 ? change(line) : line)).join('\n');
    // Exactly one character differs.
    expect([...edited].filter((ch, i) => ch !== f.ledger[i])).toHaveLength(1);
    expect(edited).toHaveLength(f.ledger.length);

    const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
    const tampered = makeWorkspace({ [ROSTER]: f.roster, [LEDGER]: edited });
    const run = await push({ ...s, workspace: tampered }, { mode: 'apply' });
    expect(run.exitCode).toBe(1);

    // What the parser itself reports, and what the run annotates, agree.
    let expected: string[] = [];
    try {
      parseLedger(edited, LEDGER);
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expected = (err as ValidationError).problems.map((p) => String(p.line));
    }
    expect(expected).toEqual(lines);
    const fileErrors = errors(run).filter((a) => a.properties.file === LEDGER);
    expect(fileErrors.map((a) => a.properties.line)).toEqual(lines);
    const chainBreak = fileErrors.find((a) => a.properties.line === '3')!;
    expect(chainBreak.message).toContain('prev does not match the SHA-256 of line 2');

    expect(s.ls.beyondReadAhead()).toEqual([]);
    expect(s.gh.log).toHaveLength(0);
    expect(readFileSync(path.join(tampered, LEDGER), 'utf8')).toBe(edited);
    expect(branchLedger(s)).toBe(f.ledger);
  });

  describe('first run without a ledger', () => {
    const alice: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
    const bob: FakeMember = { userId: 11, email: 'bob@example.com', role: 'RE' };
    const roster = rosterText([{ email: 'alice@example.com' }, { email: 'bob@example.com', role: 'deactivated' }], ['owner@example.com', 'admin@example.com']);
    const members = [OWNER, ADMIN, alice, bob];

    it('apply: records every seat as observed and defers a release by the full 7 days from now', async () => {
      const s = await setup({ members, roster, ledger: null });
      const before = Date.now();
      const run = await push(s, { mode: 'apply' });
      const after = Date.now();
      expect(run.exitCode, run.stdout).toBe(0);
      expect(patchBodies(s)).toEqual([]);

      const committed = parseLedger(branchLedger(s)!, LEDGER);
      expect(committed.events.map((e) => [e.user.id, e.event, e.by, e.from, e.to, e.run])).toEqual(
        members.map((m) => [m.userId, 'assigned', 'observed', null, m.role, RUN_URL]),
      );
      const observedAt = committed.events[0]!.at;
      expect(new Set(committed.events.map((e) => e.at))).toEqual(new Set([observedAt]));
      expect(Date.parse(observedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(observedAt)).toBeLessThanOrEqual(after);
      expect(workspaceLedger(s)).toBe(branchLedger(s));

      const release = changeFor(planFile(run), bob.userId);
      expect(release.status).toBe('deferred');
      expect(release.eligibleAt).toBe(plus7(observedAt));
      expect(run.outputs).toMatchObject({ deferred: '1', 'ledger-changed': 'true', 'next-eligible-at': plus7(observedAt) });

      const notices = run.annotations.filter((a) => a.level === 'notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.message).toContain(`${members.length} seats found with no open ledger record were recorded as assigned now`);
      expect(notices[0]!.message).toContain(`Their clock starts at ${observedAt}`);
      expect(notices[0]!.message).toContain('waits the full 7 days');
      // In the summary the same fact is a warning near the top, with a date for people.
      expect(run.summary).toContain('> [!WARNING]');
      expect(run.summary).toContain(`Their clock starts at ${humanDate(new Date(observedAt), new Date(observedAt))}`);
    });

    it('plan on a pull request: writes nothing, defers the same', async () => {
      const s = await setup({ members, roster, ledger: null });
      const run = await pullRequest(s);
      expect(run.exitCode, run.stdout).toBe(0);

      const plan = planFile(run);
      expect(plan.mode).toBe('plan');
      const release = changeFor(plan, bob.userId);
      expect(release.status).toBe('deferred');
      expect(release.eligibleAt).toBe(plus7(plan.asOf));
      expect(run.outputs['ledger-changed']).toBe('false');
      expect(run.annotations.find((a) => a.level === 'notice')?.message).toContain(
        `were taken as assigned now (by: observed). Their clock starts at ${plan.asOf}`,
      );

      expect(existsSync(path.join(s.workspace, LEDGER))).toBe(false);
      expect(branchLedger(s)).toBeNull();
      expect(contentsPuts(s)).toEqual([]);
      expect(s.ls.patchAttempts()).toEqual([]);
    });
  });

  it('as-of 10 days ahead turns the deferral into planned and writes nothing; as-of with mode apply is an input error', async () => {
    const f = twoReleases();
    const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
    const asOf = iso(Date.now() + 10 * DAY);
    const run = await push(s, { mode: 'plan', 'as-of': asOf });
    expect(run.exitCode, run.stdout).toBe(0);

    const plan = planFile(run);
    expect(plan.asOf).toBe(asOf);
    expect(changeFor(plan, f.alice.userId)).toMatchObject({ status: 'planned', eligibleAt: null });
    expect(changeFor(plan, f.bob.userId)).toMatchObject({ status: 'planned', eligibleAt: null });
    expect(plan.counts).toMatchObject({ planned: 2, deferred: 0, applied: 0 });
    expect(run.outputs).toMatchObject({ deferred: '0', applied: '0', 'next-eligible-at': '', 'ledger-changed': 'false' });
    expect(s.ls.patchAttempts()).toEqual([]);
    expect(s.ls.log.length).toBeGreaterThan(0);
    expect(contentsPuts(s)).toEqual([]);
    expect(workspaceLedger(s)).toBe(f.ledger);
    expect(branchLedger(s)).toBe(f.ledger);

    const requestsBefore = s.ls.log.length;
    const githubBefore = s.gh.log.length;
    const refused = await push(s, { mode: 'apply', 'as-of': asOf });
    expect(refused.exitCode).toBe(1);
    const inputError = errors(refused).find((a) => a.properties.title === 'Invalid input as-of');
    expect(inputError?.message, refused.stdout).toContain('only accepted in plan mode');
    expect(s.ls.log.length).toBe(requestsBefore);
    expect(s.gh.log.length).toBe(githubBefore);
    expect(workspaceLedger(s)).toBe(f.ledger);
  });

  describe('ledger commit', () => {
    it('PUTs the new content in base64 with the previous blob sha, and the branch then equals the workspace', async () => {
      const f = twoReleases();
      const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
      // The fake logs no bodies: a recording proxy in front of it shows what the action sent.
      const recorded: { method: string; path: string; body: string }[] = [];
      const proxyUrl = await recordingProxy(s.gh.url, recorded);
      const run = await push(s, { mode: 'apply' }, { GITHUB_API_URL: proxyUrl });
      expect(run.exitCode, run.stdout).toBe(0);

      // Two PUTs: the intent lines first (on the fixture's blob), then the outcome (on the first PUT's blob).
      const puts = recorded.filter((r) => r.method === 'PUT');
      expect(puts).toHaveLength(2);
      const bodies = puts.map((p) => {
        expect(p.path).toBe(CONTENTS_PATH);
        const body = JSON.parse(p.body) as Record<string, unknown>;
        expect(body.branch).toBe('main');
        expect(typeof body.message).toBe('string');
        return { sha: body.sha, sent: Buffer.from(body.content as string, 'base64').toString('utf8') };
      });
      expect(bodies[0]!.sha).toBe(blobSha(new TextEncoder().encode(f.ledger)));
      expect(bodies[1]!.sha).toBe(blobSha(new TextEncoder().encode(bodies[0]!.sent)));
      // The PATCH went out between the two PUTs.
      const order = recorded.map((r) => r.method).filter((m) => m === 'PUT');
      expect(order).toEqual(['PUT', 'PUT']);
      expectWriteAhead(s);

      const branch = branchLedger(s)!;
      expect(bodies[1]!.sent).toBe(branch);
      expect(branch).toBe(workspaceLedger(s));
      expect(bodies[0]!.sent.startsWith(f.ledger)).toBe(true);
      expect(branch.startsWith(bodies[0]!.sent)).toBe(true);
      const committed = parseLedger(branch, LEDGER);
      expect(committed.events.map((e) => e.event)).toEqual(['assigned', 'assigned', 'assigned', 'assigned', 'intent', 'released']);
      expect(committed.events[4]!.prev).toBe(hashLine(f.ledger.split('\n')[3]!));
      expect(committed.events[5]!.prev).toBe(hashLine(committed.lines[4]!));
      expect(s.gh.history(REPO, 'main')[0]!.message).toContain(RUN_URL);
      expect(s.gh.history(REPO, 'main')[1]!.message).toContain('before writing');
      expect(run.outputs['ledger-changed']).toBe('true');
    });

    it('survives another writer appending before its outcome commit: re-appends after theirs, renumbered and re-chained', async () => {
      const f = twoReleases();
      const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
      const theirs: EventDraft = {
        at: iso(Date.now()),
        event: 'assigned',
        by: 'sync',
        user: { id: 30, email: 'zoe@example.com' },
        from: 'DI',
        to: 'AN',
        run: 'https://github.com/acme/labeling/actions/runs/9999',
      };
      let theirLine = '';
      s.gh.onBeforePut = (put) => {
        // The write-ahead commit lands as is; the other run commits just before our outcome commit.
        if (s.gh.puts.length < 2) return;
        s.gh.onBeforePut = null;
        const current = parseLedger(s.gh.getFile(put.repo, put.branch, put.path)!, LEDGER);
        const grown = appendEvents(current, [theirs]);
        theirLine = grown.lines[grown.lines.length - 1]!;
        s.gh.setFile(put.repo, put.branch, put.path, serializeLedger(grown), 'Seat ledger: another run');
      };

      const run = await push(s, { mode: 'apply' });
      expect(run.exitCode, run.stdout).toBe(0);
      expect(contentsPuts(s).map((r) => r.status)).toEqual([200, 409, 200]);
      expect(s.ls.patches()).toHaveLength(1);

      const branch = branchLedger(s)!;
      const committed = parseLedger(branch, LEDGER);
      const base = f.ledger.split('\n').slice(0, 4);
      expect(committed.lines.slice(0, 4)).toEqual(base);
      expect(committed.events[4]).toMatchObject({ seq: 5, event: 'intent', user: { id: f.bob.userId } });
      expect(committed.lines[5]).toBe(theirLine);
      expect(committed.events).toHaveLength(7);
      expect(committed.events[6]).toMatchObject({
        seq: 7,
        prev: hashLine(theirLine),
        event: 'released',
        by: 'sync',
        user: { id: f.bob.userId, email: f.bob.email },
        run: RUN_URL,
      });
      expect(workspaceLedger(s)).toBe(branch);
      expect(run.outputs['ledger-changed']).toBe('true');
      // The summary shows the outcome as committed (seq 7), not as first drafted (seq 6).
      expect(run.summary).toContain(committed.lines[4]);
      expect(run.summary).toContain(committed.lines[6]);
      expect(run.summary).not.toMatch(/"seq":6,[^\n]*"event":"released"/);
      // Our intents, their commit, then our outcome on top of it.
      expect(s.gh.history(REPO, 'main').slice(0, 3).map((c) => c.message.split('\n')[0])).toEqual([
        expect.stringContaining('1 event'),
        'Seat ledger: another run',
        expect.stringContaining('before writing'),
      ]);
    });

    it('sends nothing when another run committed between its read and its write-ahead commit', async () => {
      const f = twoReleases();
      const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
      s.gh.onBeforePut = (put) => {
        s.gh.onBeforePut = null;
        const current = parseLedger(s.gh.getFile(put.repo, put.branch, put.path)!, LEDGER);
        const grown = appendEvents(current, [{ ...assignedDraft({ id: 30, email: 'zoe@example.com' }, iso(Date.now())), run: 'https://github.com/acme/labeling/actions/runs/9999' }]);
        s.gh.setFile(put.repo, put.branch, put.path, serializeLedger(grown), 'Seat ledger: another run');
      };
      const branchBefore = () => s.gh.getFile(REPO, 'main', LEDGER);
      const run = await push(s, { mode: 'apply' });
      expect(run.exitCode, run.stdout).toBe(1);
      expect(s.ls.patchAttempts()).toEqual([]);
      expect(s.gh.puts.every((p) => !p.landed)).toBe(true);
      expect(parseLedger(branchBefore()!, LEDGER).events.filter((e) => e.event === 'intent')).toEqual([]);
      const bob = changeFor(planFile(run), f.bob.userId);
      expect(bob).toMatchObject({ status: 'failed', reason: 'not sent: the write-ahead ledger commit failed' });
      expect(run.summary).toContain('Nothing was sent to Label Studio');
      expect(run.outputs.applied).toBe('0');
    });
    it('sends nothing when the write-ahead commit is refused (403, e.g. a protected branch), and says what to fix', async () => {
      const f = twoReleases();
      const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger });
      s.gh.failPut(1, 403);
      const run = await push(s, { mode: 'apply' });
      expect(run.exitCode, run.stdout).toBe(1);
      expect(s.ls.patchAttempts()).toEqual([]);
      expect(s.gh.puts.map((p) => [p.n, p.landed])).toEqual([[1, false]]);
      expect(branchLedger(s)).toBe(f.ledger);
      // Nothing will be sent, so nothing is recorded in the workspace either.
      expect(workspaceLedger(s)).toBe(f.ledger);
      expect(changeFor(planFile(run), f.bob.userId)).toMatchObject({ status: 'failed', reason: 'not sent: the write-ahead ledger commit failed' });
      expect(run.outputs).toMatchObject({ applied: '0', 'ledger-changed': 'false' });
      expect(run.summary).toContain('Nothing was sent to Label Studio');
      expect(run.summary).toContain('contents: write');
    });
  });

  it('fail-on-deferred fails the step when a change is deferred, after applying what could be applied', async () => {
    const f = twoReleases();
    const s = await setup({ members: f.members, roster: f.roster, ledger: f.ledger, inputs: { 'fail-on-deferred': 'true' } });
    const run = await push(s, { mode: 'apply' });
    expect(run.exitCode).toBe(1);
    expect(errors(run).some((a) => a.message.includes('1 change was deferred by the seat rule (fail-on-deferred)'))).toBe(true);

    expect(patchBodies(s)).toEqual([{ user_id: f.bob.userId, role: 'DI' }]);
    expect(run.outputs).toMatchObject({ applied: '1', deferred: '1', 'next-eligible-at': plus7(f.aliceSince) });
    const committed = parseLedger(branchLedger(s)!, LEDGER);
    expect(committed.events.at(-1)).toMatchObject({ event: 'released', user: { id: f.bob.userId } });
    expect(workspaceLedger(s)).toBe(branchLedger(s));
  });

  describe('pull-request guard', () => {
    const alice: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
    const bob: FakeMember = { userId: 11, email: 'bob@example.com', role: 'AN' };
    const t = Date.now();
    const drafts = [seat(OWNER, iso(t - 400 * DAY)), seat(ADMIN, iso(t - 300 * DAY)), seat(alice, iso(t - 30 * DAY)), seat(bob, iso(t - 20 * DAY))];
    const base = serializeLedger(ledgerOf(drafts));
    const roster = rosterText([{ email: 'alice@example.com' }, { email: 'bob@example.com' }], ['owner@example.com', 'admin@example.com']);

    // Equal to the base's ledger, and nothing else: a prefix means the pull request removed lines.
    // Without the head commit in the event, the checkout is compared with the base branch's head,
    // and the plan uses the ledger there (never the event's base.sha, which a re-run makes stale).
    it.each([{ what: 'equals', head: () => base }])('passes a ledger that $what the base branch’s, and plans from the base branch’s head', async ({ head }) => {
      const s = await setup({ members: [OWNER, ADMIN, alice, bob], roster, ledger: base });
      const run = await pullRequest({ ...s, workspace: makeWorkspace({ [ROSTER]: roster, [LEDGER]: head() }) });
      expect(run.exitCode, run.stdout).toBe(0);
      expect(errors(run)).toEqual([]);
      expect(s.gh.log.some((r) => r.method === 'GET' && r.path === `${CONTENTS_PATH}?ref=main`)).toBe(true);
      expect(s.ls.log.length).toBeGreaterThan(0);
      expect(s.ls.patchAttempts()).toEqual([]);
      expect(planFile(run).mode).toBe('plan');
      // Bob's seat is in the base commit's ledger only when the head drops it: no seat is "found".
      expect(run.annotations.filter((a) => a.level === 'notice' && a.message.includes('found with no open ledger record'))).toEqual([]);
      expect(contentsPuts(s)).toEqual([]);
    });

    // Each head ledger is a valid chain: only the comparison with the base can catch it.
    it.each([
      { what: 'edits line 2', head: () => ledgerOf(drafts.map((d, i) => (i === 1 ? { ...d, at: iso(Date.parse(d.at) + 1) } : d))), line: '2', says: 'line 2 differs' },
      { what: 'drops line 2', head: () => ledgerOf(drafts.filter((_, i) => i !== 1)), line: '2', says: 'line 2 differs' },
      {
        what: 'appends a line to',
        head: () => appendEvents(ledgerOf(drafts), [{ ...seat(alice, iso(t - DAY)), event: 'role-changed', from: 'MA', to: 'AN' }]),
        line: '5',
        says: 'line 5 is not in the ledger at the head of the base branch main',
      },
      // Revision 2 let this pass (a head behind its base); with a merge checkout it is the pull request removing lines.
      { what: 'drops the last line of', head: () => ledgerOf(drafts.slice(0, 3)), line: '3', says: 'line 4 of the ledger at the head of the base branch main is missing' },
    ])('fails a ledger that $what of the base commit’s, before any Label Studio write', async ({ head, line, says }) => {
      const headText = serializeLedger(head());
      expect(parseLedger(headText, LEDGER).events.length).toBeGreaterThan(0);
      const s = await setup({ members: [OWNER, ADMIN, alice, bob], roster, ledger: base });
      const run = await pullRequest({ ...s, workspace: makeWorkspace({ [ROSTER]: roster, [LEDGER]: headText }) });
      expect(run.exitCode).toBe(1);
      const fileErrors = errors(run).filter((a) => a.properties.file === LEDGER);
      expect(fileErrors).toHaveLength(1);
      expect(fileErrors[0]!.properties.line).toBe(line);
      expect(fileErrors[0]!.message).toContain(says);
      expect(fileErrors[0]!.message).toContain('base branch');
      expect(s.ls.beyondReadAhead()).toEqual([]);
      expect(contentsPuts(s)).toEqual([]);
    });
  });

  it("unmanaged 'deactivate' releases an old seat, defers a young one, and never touches the owner or the token user", async () => {
    const alice: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
    const olga: FakeMember = { userId: 20, email: 'olga@example.com', role: 'AN' };
    const yuri: FakeMember = { userId: 21, email: 'yuri@example.com', role: 'MA' };
    const now = Date.now();
    const yuriSince = iso(now - 2 * DAY);
    const ledger = serializeLedger(
      ledgerOf([
        seat(OWNER, iso(now - 400 * DAY)),
        seat(ADMIN, iso(now - 2 * DAY)),
        seat(alice, iso(now - 60 * DAY)),
        seat(olga, iso(now - 10 * DAY)),
        seat(yuri, yuriSince),
      ]),
    );
    const roster = ['version: 1', 'members:', '  - email: alice@example.com', ''].join('\n');
    const s = await setup({ members: [OWNER, ADMIN, alice, olga, yuri], roster, ledger, inputs: { unmanaged: 'deactivate' } });
    const run = await push(s, { mode: 'apply' });
    expect(run.exitCode, run.stdout).toBe(0);

    expect(patchBodies(s)).toEqual([{ user_id: olga.userId, role: 'DI' }]);
    expect(s.ls.member(OWNER.userId)!.role).toBe('OW');
    expect(s.ls.member(ADMIN.userId)!.role).toBe('AD');
    expect(s.ls.member(yuri.userId)!.role).toBe('MA');

    const plan = planFile(run);
    expect(changeFor(plan, olga.userId).status).toBe('applied');
    expect(changeFor(plan, yuri.userId)).toMatchObject({ status: 'deferred', eligibleAt: plus7(yuriSince) });
    expect(plan.changes.map((c) => c.user.id).sort()).toEqual([olga.userId, yuri.userId]);
    expect(plan.unmanaged.map((u) => u.user.id).sort((a, b) => a! - b!)).toEqual([OWNER.userId, ADMIN.userId, olga.userId, yuri.userId]);
    expect(run.outputs).toMatchObject({ unmanaged: '4', applied: '1', deferred: '1' });

    const appended = parseLedger(branchLedger(s)!, LEDGER).events.slice(5);
    expectWriteAhead(s);
    expect(appended).toEqual([
      expect.objectContaining({ event: 'intent', by: 'sync', user: { id: olga.userId, email: olga.email }, from: 'AN', to: 'DI', run: RUN_URL }),
      expect.objectContaining({ event: 'released', by: 'sync', user: { id: olga.userId, email: olga.email }, from: 'AN', to: 'DI', run: RUN_URL }),
    ]);
  });
});

/** A pass-through HTTP proxy that records each request's method, path and body. */
async function recordingProxy(target: string, recorded: { method: string; path: string; body: string }[]): Promise<string> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      recorded.push({ method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') });
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'accept', 'content-type', 'user-agent']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
      const out: Record<string, string> = {};
      for (const name of ['content-type', 'link']) {
        const value = upstream.headers.get(name);
        if (value !== null) out[name] = value;
      }
      res.writeHead(upstream.status, out);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch(() => res.destroy());
  });
  proxy = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
