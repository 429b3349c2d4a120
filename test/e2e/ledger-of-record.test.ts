// End to end: where the ledger of record is, and the guards around it, through the bundled
// action on Node 24 against FakeLabelStudio and FakeGitHub: a protected default branch with the
// ledger on a branch of its own, branch rules that refuse a push, pull requests and merge groups
// compared with their merge base, a ledger that only grows, only the branch head's roster, and
// applies only where the ledger of record is. Each test judges what the fakes recorded.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger, type EventDraft, type Ledger } from '../../src/files/ledger.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import { BRANCH_RULE_ANSWERS, FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft, byTime, releasedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, node24, REPO_ROOT, runAction, type ActionRun } from '../kit/run-action.ts';
import { DAY, iso, LEDGER, ORG, REPO, ROSTER, rosterText } from '../kit/e2e.ts';

const GITHUB_TOKEN = 'ghs_ledgerOfRecordE2e000000000000';
const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW' };
const ADMIN: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD' };
const ALICE: FakeMember = { userId: 10, email: 'alice@example.com', role: 'AN' };
const BOB: FakeMember = { userId: 11, email: 'bob@example.com', role: 'AN' };
const IGNORE = ['owner@example.com', 'admin@example.com'];
const T = Date.now();

const seat = (m: FakeMember, at: string): EventDraft => assignedDraft({ id: m.userId, email: m.email }, at, m.role as EventDraft['to']);
const ledgerOf = (drafts: EventDraft[]): Ledger => appendEvents(emptyLedger(LEDGER), byTime(drafts));
/** Owner and admin long seated; alice seated 30 days ago, bob 20 days ago: both may be released. */
const DRAFTS = [seat(OWNER, iso(T - 400 * DAY)), seat(ADMIN, iso(T - 300 * DAY)), seat(ALICE, iso(T - 30 * DAY)), seat(BOB, iso(T - 20 * DAY))];
const LEDGER_TEXT = serializeLedger(ledgerOf(DRAFTS));
/** Both stay annotators: nothing to change. */
const KEEP = rosterText([{ email: 'alice@example.com' }, { email: 'bob@example.com' }], IGNORE);
/** Bob is released. */
const RELEASE_BOB = rosterText([{ email: 'alice@example.com' }, { email: 'bob@example.com', role: 'deactivated' }], IGNORE);

let labelStudio: FakeLabelStudio | null = null;
let github: FakeGitHub | null = null;
afterEach(async () => {
  await labelStudio?.close();
  await github?.close();
  labelStudio = github = null;
});

interface World {
  ls: FakeLabelStudio;
  gh: FakeGitHub;
  inputs: Record<string, string>;
  env: Record<string, string>;
}

/** The fakes, with `main` holding `roster` and (unless null) `ledger`. */
async function world(roster: string, ledger: string | null = LEDGER_TEXT): Promise<World> {
  const token = makeLegacyToken();
  const ls = (labelStudio = await FakeLabelStudio.start({ organizationId: ORG, members: [OWNER, ADMIN, ALICE, BOB], selfUserId: ADMIN.userId, legacyTokens: [token] }));
  const gh = (github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true }));
  gh.setFile(REPO, 'main', ROSTER, roster);
  if (ledger !== null) gh.setFile(REPO, 'main', LEDGER, ledger);
  return {
    ls,
    gh,
    inputs: { 'label-studio-url': ls.url, 'label-studio-token': token, 'github-token': GITHUB_TOKEN, 'delay-ms': '0' },
    env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
  };
}

/** A checkout of `ref` as the runner makes it: the roster and ledger of that commit. */
function checkout(w: World, ref: string): string {
  const files: Record<string, string> = {};
  for (const name of [ROSTER, LEDGER]) {
    const text = w.gh.getFile(REPO, ref, name);
    if (text !== null) files[name] = text;
  }
  return makeWorkspace(files);
}

const apply = (w: World, opts: { workspace?: string; inputs?: Record<string, string>; env?: Record<string, string>; event?: unknown } = {}) =>
  runAction({
    inputs: { ...w.inputs, mode: 'apply', ...opts.inputs },
    workspace: opts.workspace ?? checkout(w, 'main'),
    eventName: 'push',
    event: opts.event ?? { repository: { default_branch: 'main' } },
    env: { ...w.env, ...opts.env },
  });

const errors = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error');
const failureText = (run: ActionRun) => errors(run).map((a) => a.message).join('\n');
const puts = (w: World) => w.gh.log.filter((r) => r.method === 'PUT');
const planFile = (run: ActionRun): PlanFile => JSON.parse(readFileSync(run.outputs['plan-file']!, 'utf8')) as PlanFile;

/** Nothing written anywhere: no role change sent, no ledger commit. */
function expectNoWrite(w: World) {
  expect(w.ls.patchAttempts()).toEqual([]);
  expect(puts(w)).toEqual([]);
}

describe('a protected default branch, with the ledger on a branch of its own', () => {
  it('creates the missing ledger branch from main before any write, commits there with the trailer, and never pushes to main', async () => {
    const w = await world(RELEASE_BOB);
    w.gh.refusePushes(REPO, 'main');
    const mainBefore = w.gh.headSha(REPO, 'main');
    const run = await apply(w, { inputs: { 'ledger-branch': 'seat-ledger' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);

    // The branch was made from main's head, before the first PATCH.
    const create = w.gh.log.findIndex((r) => r.method === 'POST' && r.path === `/repos/${REPO}/git/refs`);
    expect(create).toBeGreaterThanOrEqual(0);
    expect(w.gh.history(REPO, 'seat-ledger').some((c) => c.sha === mainBefore)).toBe(true);
    expect(w.ls.patches().map((r) => r.body)).toEqual([{ user_id: BOB.userId, role: 'DI' }]);
    // Both commits (intent, then outcome) on the ledger branch, none on main.
    expect(w.gh.puts.map((p) => [p.branch, p.status])).toEqual([
      ['seat-ledger', 200],
      ['seat-ledger', 200],
    ]);
    expect(w.gh.headSha(REPO, 'main')).toBe(mainBefore);
    const onBranch = parseLedger(w.gh.getFile(REPO, 'seat-ledger', LEDGER)!, LEDGER);
    expect(onBranch.events.slice(-2).map((e) => e.event)).toEqual(['intent', 'released']);
    expect(w.gh.history(REPO, 'seat-ledger')[0]!.message).toMatch(/\n\nSeat-Ledger-Sync: https:\/\/github\.com\/acme\/labeling\/actions\/runs\/4242$/);

    // A second apply reads the ledger there (the workspace's copy is stale and ignored) and has nothing to do.
    const again = await apply(w, { inputs: { 'ledger-branch': 'seat-ledger' } });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(w.ls.patchAttempts()).toHaveLength(1);
    expect(planFile(again).changes).toEqual([]);
  });

  it('a branch rule refusing the ledger commit is not a conflict: one try, nothing sent, and the fix named', async () => {
    for (const answer of [BRANCH_RULE_ANSWERS.ruleset, BRANCH_RULE_ANSWERS.classic, BRANCH_RULE_ANSWERS.protected]) {
      const w = await world(RELEASE_BOB);
      w.gh.refusePushes(REPO, 'main', answer);
      const run = await apply(w);
      expect(run.exitCode).toBe(1);
      expect(w.gh.puts.map((p) => p.status)).toEqual([answer.status]);
      expect(w.ls.patchAttempts()).toEqual([]);
      expect(run.summary).toContain('ledger-branch');
      expect(run.summary).toContain('trying again cannot help');
      await labelStudio?.close();
      await github?.close();
      labelStudio = github = null;
    }
  });

  it('a pull request into the ledger branch fails its plan', async () => {
    const w = await world(KEEP);
    w.gh.createBranch(REPO, 'seat-ledger');
    const run = await runAction({
      inputs: { ...w.inputs, 'ledger-branch': 'seat-ledger' },
      workspace: checkout(w, 'main'),
      eventName: 'pull_request',
      event: { pull_request: { number: 9, base: { ref: 'seat-ledger', sha: w.gh.headSha(REPO, 'seat-ledger') }, head: { sha: w.gh.headSha(REPO, 'main') } } },
      env: { ...w.env, GITHUB_REF: 'refs/pull/9/merge' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('merges into seat-ledger, the ledger branch');
    expectNoWrite(w);
  });

  it('validate with ledger-branch checks the roster alone and says so (a broken workspace ledger is not read)', async () => {
    const run = await runAction({
      inputs: { mode: 'validate', 'ledger-branch': 'seat-ledger' },
      workspace: makeWorkspace({ [ROSTER]: KEEP, [LEDGER]: 'not a ledger\n' }),
      eventName: 'push',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.summary).toContain('The roster alone was checked');
    expect(run.stdout).toContain('only the roster was checked');
  });

  it('ledger-branch with commit-ledger: false is an input error', async () => {
    const run = await runAction({
      inputs: { mode: 'validate', 'ledger-branch': 'seat-ledger', 'commit-ledger': 'false' },
      workspace: makeWorkspace({ [ROSTER]: KEEP }),
      eventName: 'push',
    });
    expect(run.exitCode).toBe(1);
    expect(errors(run).some((a) => a.properties.title === 'Invalid input ledger-branch')).toBe(true);
  });
});

describe('a pull request never changes the ledger, compared with its merge base', () => {
  /** A pull request branch from main whose ledger is `head`, and its merge checkout. */
  function proposal(w: World, head: string | null) {
    const baseSha = w.gh.headSha(REPO, 'main');
    w.gh.createBranch(REPO, 'feature');
    w.gh.setFile(REPO, 'feature', ROSTER, RELEASE_BOB);
    if (head === null) w.gh.deleteFile(REPO, 'feature', LEDGER);
    else w.gh.setFile(REPO, 'feature', LEDGER, head);
    const headSha = w.gh.headSha(REPO, 'feature');
    return { baseSha, headSha, workspace: checkout(w, 'feature') };
  }

  it('fails a pull request that deletes the ledger’s last line (a prefix of the base’s), before any write', async () => {
    const w = await world(KEEP);
    const p = proposal(w, serializeLedger(ledgerOf(DRAFTS.slice(0, 3))));
    const run = await runAction({
      inputs: w.inputs,
      workspace: p.workspace,
      eventName: 'pull_request',
      event: { pull_request: { number: 5, base: { ref: 'main', sha: p.baseSha }, head: { sha: p.headSha } } },
      env: { ...w.env, GITHUB_REF: 'refs/pull/5/merge' },
    });
    expect(run.exitCode).toBe(1);
    const onLedger = errors(run).filter((a) => a.properties.file === LEDGER);
    expect(onLedger).toHaveLength(1);
    expect(onLedger[0]!.message).toContain('line 4 of the ledger at the merge base with the base branch');
    expect(onLedger[0]!.message).toContain('removed by this pull request');
    expect(w.gh.log.some((r) => r.path.startsWith(`/repos/${REPO}/compare/${p.baseSha}...${p.headSha}`))).toBe(true);
    expectNoWrite(w);
  });

  it('validate (a fork’s only check) fails a re-hashed, back-dated ledger through the GitHub API', async () => {
    const w = await world(KEEP);
    // Bob's seat moved 20 days back, and the chain re-hashed: a valid ledger on its own.
    const forged = serializeLedger(ledgerOf(DRAFTS.map((d, i) => (i === 3 ? { ...d, at: iso(T - 40 * DAY) } : d))));
    const p = proposal(w, forged);
    const run = await runAction({
      inputs: { mode: 'validate', 'github-token': GITHUB_TOKEN },
      workspace: p.workspace,
      eventName: 'pull_request_target',
      event: { pull_request: { number: 6, base: { ref: 'main', sha: p.baseSha }, head: { sha: p.headSha } } },
      env: { ...w.env, GITHUB_REF: 'refs/heads/main' },
    });
    expect(run.exitCode).toBe(1);
    expect(failureText(run)).toContain('differs from the ledger at the merge base');
    expectNoWrite(w);
  });

  it('a merge group gets the same guard, between head_sha and base_sha', async () => {
    const w = await world(KEEP);
    const p = proposal(w, null);
    const run = await runAction({
      inputs: w.inputs,
      workspace: p.workspace,
      eventName: 'merge_group',
      event: { merge_group: { head_sha: p.headSha, base_sha: p.baseSha, base_ref: 'refs/heads/main', head_ref: 'refs/heads/gh-readonly-queue/main/pr-5' } },
      env: { ...w.env, GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-5' },
    });
    expect(run.exitCode).toBe(1);
    expect(failureText(run)).toContain('removed by this pull request');
    expectNoWrite(w);
  });

  it('plans from the ledger at the base branch’s current head, never the event’s (stale) base.sha', async () => {
    const w = await world(KEEP);
    const p = proposal(w, LEDGER_TEXT);
    // After the event: bob was released and took a seat again yesterday (appended on main).
    const later = appendEvents(parseLedger(LEDGER_TEXT, LEDGER), [
      releasedDraft({ id: BOB.userId, email: BOB.email }, iso(T - 2 * DAY)),
      assignedDraft({ id: BOB.userId, email: BOB.email }, iso(T - DAY)),
    ]);
    w.gh.setFile(REPO, 'main', LEDGER, serializeLedger(later));
    const run = await runAction({
      inputs: w.inputs,
      workspace: p.workspace,
      eventName: 'pull_request',
      event: { pull_request: { number: 5, base: { ref: 'main', sha: p.baseSha }, head: { sha: p.headSha } } },
      env: { ...w.env, GITHUB_REF: 'refs/pull/5/merge' },
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const bob = planFile(run).changes.find((c) => c.user.id === BOB.userId)!;
    expect(bob.status).toBe('deferred');
    expect(bob.eligibleAt).toBe(iso(T - DAY + 7 * DAY));
    expectNoWrite(w);
  });
});

describe('every apply checks the ledger only grew', () => {
  it('stops before any write when a commit after the action’s last one trimmed the ledger, naming it and the line', async () => {
    const w = await world(RELEASE_BOB, null);
    // The action's own commit, then a merged change that drops bob's line and appends another.
    w.gh.setFile(REPO, 'main', LEDGER, LEDGER_TEXT, 'Seat ledger: 1 event\n\nSeat-Ledger-Sync: https://github.com/acme/labeling/actions/runs/1');
    const trimmed = appendEvents(ledgerOf(DRAFTS.slice(0, 3)), [seat(BOB, iso(T - 2 * DAY))]);
    const bad = w.gh.setFile(REPO, 'main', LEDGER, serializeLedger(ledgerOf(DRAFTS.slice(0, 3))), 'Tidy the ledger');
    w.gh.setFile(REPO, 'main', LEDGER, serializeLedger(trimmed), 'Append');
    const run = await apply(w);
    expect(run.exitCode).toBe(1);
    expect(failureText(run)).toContain(`commit ${bad.slice(0, 7)} removed its line 4`);
    expectNoWrite(w);
  });
});

describe('only the branch head’s roster is applied', () => {
  it('a re-run of an older run (its checkout behind main) sends nothing and names the head commit', async () => {
    const w = await world(RELEASE_BOB);
    const old = checkout(w, 'main');
    w.gh.setFile(REPO, 'main', ROSTER, KEEP, 'Keep bob after all');
    const head = w.gh.headSha(REPO, 'main');
    const run = await apply(w, { workspace: old });
    expect(run.exitCode).toBe(1);
    expect(failureText(run)).toContain(`commit ${head.slice(0, 7)}, the head of main`);
    expect(failureText(run)).toContain('instead of re-running an older run');
    expectNoWrite(w);
  });

  it('formatting, comments and ledger-only commits do not count', async () => {
    const w = await world(RELEASE_BOB);
    const work = checkout(w, 'main');
    w.gh.setFile(REPO, 'main', ROSTER, `# reformatted\n${RELEASE_BOB.replace('alice@example.com', 'Alice@Example.com')}`);
    w.gh.setFile(REPO, 'main', LEDGER, LEDGER_TEXT, 'touch');
    const run = await apply(w, { workspace: work });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(w.ls.patches().map((r) => r.body)).toEqual([{ user_id: BOB.userId, role: 'DI' }]);
  });
});

describe('without ledger-branch only the default branch applies', () => {
  it('an apply on another branch sends nothing and says to set ledger-branch', async () => {
    const w = await world(RELEASE_BOB);
    w.gh.createBranch(REPO, 'feature');
    const run = await apply(w, { env: { GITHUB_REF: 'refs/heads/feature' }, event: {} });
    expect(run.exitCode).toBe(1);
    expect(failureText(run)).toContain('not on the default branch main');
    expect(failureText(run)).toContain('ledger-branch');
    expect(w.gh.log.some((r) => r.method === 'GET' && r.path === `/repos/${REPO}`)).toBe(true);
    expectNoWrite(w);
  });

  it('with commit-ledger: false no GitHub API is used (and so none of these checks runs)', async () => {
    const w = await world(RELEASE_BOB);
    const run = await apply(w, { inputs: { 'commit-ledger': 'false' }, env: { GITHUB_REF: 'refs/heads/feature' } });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(w.gh.log).toEqual([]);
    expect(w.ls.patches()).toHaveLength(1);
  });
});

describe("the command line's way back: a local apply commits to the ledger branch as the action does", () => {
  function cli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(node24(), [path.join(REPO_ROOT, 'dist', 'cli', 'index.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('apply --ledger-branch commits intent and outcome there with a local trailer; the next action apply accepts them', async () => {
    const w = await world(RELEASE_BOB);
    w.gh.refusePushes(REPO, 'main');
    const env = { LABEL_STUDIO_TOKEN: w.inputs['label-studio-token']!, GITHUB_TOKEN, GITHUB_REPOSITORY: REPO, GITHUB_API_URL: w.gh.url };
    const local = await cli(['apply', '--label-studio-url', w.ls.url, '--delay-ms', '0', '--ledger-branch', 'seat-ledger'], env, checkout(w, 'main'));
    expect(local.code, local.stdout + local.stderr).toBe(0);
    expect(w.ls.patches().map((r) => r.body)).toEqual([{ user_id: BOB.userId, role: 'DI' }]);
    expect(w.gh.puts.map((p) => p.branch)).toEqual(['seat-ledger', 'seat-ledger']);
    const history = w.gh.history(REPO, 'seat-ledger');
    expect(history[0]!.message).toMatch(/\n\nSeat-Ledger-Sync: local$/);
    expect(`${local.stdout}${local.stderr}`).not.toContain(GITHUB_TOKEN);

    // The action's next apply reads those lines from the branch, checks their history, and has nothing to do.
    const next = await apply(w, { inputs: { 'ledger-branch': 'seat-ledger' } });
    expect(next.exitCode, next.stdout).toBe(0);
    expect(w.ls.patchAttempts()).toHaveLength(1);
    expect(planFile(next).changes).toEqual([]);
  });

  it('--ledger-branch without GITHUB_TOKEN is refused before anything is sent (exit 2)', async () => {
    const w = await world(RELEASE_BOB);
    const run = await cli(['apply', '--label-studio-url', w.ls.url, '--ledger-branch', 'seat-ledger'], { LABEL_STUDIO_TOKEN: w.inputs['label-studio-token']!, GITHUB_REPOSITORY: REPO }, checkout(w, 'main'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GITHUB_TOKEN');
    expect(w.ls.log).toEqual([]);
  });
});
