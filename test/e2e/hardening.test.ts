// Hardening, end to end: the bundled action against a fake Label Studio that throttles, fails,
// drops connections, answers too late and lets access tokens expire. Every run must converge to
// the roster, write each change as few times as the faults allow, and never print a secret.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger, type EventDraft, type LedgerEvent } from '../../src/files/ledger.ts';
import type { RoleCode } from '../../src/core/roles.ts';
import { FakeGitHub, type PutRecord } from '../fakes/github.ts';
import {
  FakeLabelStudio,
  makeLegacyToken,
  makePat,
  mulberry32,
  type FakeFaults,
  type FakeMember,
  type LoggedRequest,
} from '../fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { DAY, LEDGER, ORG, REPO } from '../kit/e2e.ts';

const GITHUB_TOKEN = 'ghs_hardeningHardeningHardening0001';

interface Wanted {
  userId: number;
  email: string;
  live: RoleCode;
  roster: RoleCode;
}

/**
 * An organization of `size` users whose roster asks for every kind of write: role changes between
 * seats, activations, and releases of seats assigned 30 days ago (so the seat rule lets them go).
 */
function organization(size: number): { members: FakeMember[]; wanted: Wanted[]; roster: string; ledger: string } {
  const kinds: Array<[RoleCode, RoleCode]> = [
    ['AN', 'MA'],
    ['DI', 'AN'],
    ['AN', 'DI'],
    ['RE', 'RE'],
    ['NO', 'RE'],
    ['MA', 'AN'],
  ];
  const wanted: Wanted[] = [];
  for (let i = 0; i < size; i++) {
    const [live, roster] = kinds[i % kinds.length]!;
    wanted.push({ userId: 10 + i, email: `user${10 + i}@example.com`, live, roster });
  }
  const members: FakeMember[] = [
    { userId: 1, email: 'owner@example.com', role: 'OW' },
    { userId: 2, email: 'admin@example.com', role: 'AD' },
    ...wanted.map((w) => ({ userId: w.userId, email: w.email, role: w.live })),
  ];
  const longAgo = new Date(Date.now() - 30 * DAY).toISOString();
  const drafts: EventDraft[] = members
    .filter((m) => ['OW', 'AD', 'MA', 'RE', 'AN'].includes(m.role))
    .map((m) => ({
      at: longAgo,
      event: 'assigned',
      by: 'sync',
      user: { id: m.userId, email: m.email },
      from: 'DI',
      to: m.role as RoleCode,
      run: null,
    }));
  const roster = [
    'version: 1',
    `organization: ${ORG}`,
    'members:',
    ...wanted.flatMap((w) => [`  - email: ${w.email}`, `    role: ${w.roster}`]),
    'ignore:',
    '  - email: owner@example.com',
    '  - email: admin@example.com',
    '',
  ].join('\n');
  return { members, wanted, roster, ledger: serializeLedger(appendEvents(emptyLedger(LEDGER), drafts)) };
}

interface Scenario {
  fake: FakeLabelStudio;
  github: FakeGitHub;
  wanted: Wanted[];
  workspace: string;
  baseSha: string;
  ledgerBefore: string;
  token: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function scenario(options: {
  size: number;
  faults?: FakeFaults;
  pat?: boolean;
  /** The credential to use; default a fresh legacy token or PAT. */
  token?: string;
  accessTtlMs?: number;
  failPatchFor?: Record<number, { status: number; detail: string }>;
  inputs?: Record<string, string>;
}): Promise<Scenario> {
  const org = organization(options.size);
  const token = options.token ?? (options.pat ? makePat({ userId: 2 }) : makeLegacyToken());
  const fake = await FakeLabelStudio.start({
    organizationId: ORG,
    members: org.members,
    selfUserId: 2,
    ...(options.pat ? { refreshTokens: [token] } : { legacyTokens: [token] }),
    ...(options.accessTtlMs !== undefined ? { accessTtlMs: options.accessTtlMs } : {}),
    ...(options.failPatchFor ? { failPatchFor: options.failPatchFor } : {}),
    latencyMs: 2,
    ...options.faults,
  });
  open.push(fake);
  const github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
  open.push(github);
  github.setFile(REPO, 'main', 'members.yaml', org.roster);
  // A pull request's base: the commit holding both the roster and the ledger (Its ledger is the plan's).
  const baseSha = github.setFile(REPO, 'main', LEDGER, org.ledger);
  return {
    fake,
    github,
    wanted: org.wanted,
    workspace: makeWorkspace({ 'members.yaml': org.roster, [LEDGER]: org.ledger }),
    baseSha,
    ledgerBefore: org.ledger,
    token,
    inputs: {
      'label-studio-url': fake.url,
      'label-studio-token': token,
      'github-token': GITHUB_TOKEN,
      'delay-ms': '0',
      'max-changes': '100',
      ...options.inputs,
    },
    env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
  };
}

const apply = (s: Scenario, inputs: Record<string, string> = {}) =>
  runAction({ inputs: { ...s.inputs, ...inputs }, workspace: s.workspace, eventName: 'push', env: s.env });

const userIdOf = (r: LoggedRequest): number => (r.body as { user_id: number }).user_id;

function byUser(requests: readonly LoggedRequest[]): Map<number, LoggedRequest[]> {
  const out = new Map<number, LoggedRequest[]>();
  for (const r of requests) out.set(userIdOf(r), [...(out.get(userIdOf(r)) ?? []), r]);
  return out;
}

/** The kinds of fault the fake injected (its own record, not what timing made of them). */
const injectedKinds = (fake: FakeLabelStudio, upToSeq = Infinity) =>
  new Set(fake.injected.filter((f) => f.seq <= upToSeq).map((f) => f.kind));

/** Waits until the fake has answered (or dropped) every request it received. */
async function settled(fake: FakeLabelStudio): Promise<void> {
  for (let waited = 0; fake.log.some((r) => r.status === 0); waited += 20) {
    if (waited > 5_000) throw new Error('the fake still has requests in flight after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function describeRun(run: ActionRun): string {
  return `exit ${run.exitCode}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
}

/** The ledger lines the run appended to the branch, checked as a chain from the first line. */
function appendedEvents(s: Scenario): LedgerEvent[] {
  const text = s.github.getFile(REPO, 'main', LEDGER);
  expect(text).not.toBeNull();
  const ledger = parseLedger(text!, LEDGER);
  expect(text!.startsWith(s.ledgerBefore)).toBe(true);
  return ledger.events.slice(parseLedger(s.ledgerBefore, LEDGER).events.length);
}

/**
 * Write-ahead (docs/seat-rule.md): the run's first commit holds one intent per change it sends (and nothing
 * else here: every seat is on record), committed before the first PATCH reached the fake; the
 * second commit holds the outcomes of `applied`. Order is judged on the fakes' shared clock.
 * Returns the outcome lines.
 */
function expectWriteAhead(s: Scenario, sent: readonly Wanted[], applied: readonly Wanted[]): LedgerEvent[] {
  const events = appendedEvents(s);
  const intents = events.slice(0, sent.length);
  const outcomes = events.slice(sent.length);
  expect(intents.map((e) => [e.event, e.by])).toEqual(sent.map(() => ['intent', 'sync']));
  expect(intents.map((e) => `${e.user.id} ${e.from}->${e.to}`).sort()).toEqual(sent.map((w) => `${w.userId} ${w.live}->${w.roster}`).sort());
  expect(outcomes.map((e) => e.user.id).sort()).toEqual(applied.map((w) => w.userId).sort());

  const landed = s.github.puts.filter((p) => p.landed);
  expect(landed).toHaveLength(2);
  const [ahead, after] = landed as [PutRecord, PutRecord];
  for (const p of s.fake.patchAttempts()) {
    expect(p.startedAt, 'every PATCH left after the intent commit landed').toBeGreaterThan(ahead.endedAt);
    expect(p.startedAt, 'every PATCH left before the outcome commit').toBeLessThan(after.startedAt);
  }
  return outcomes;
}

/**
 * Convergence and write accounting after one apply under faults:
 * - the run succeeded, reports every change applied and none failed;
 * - every roster member has the roster's role in the fake;
 * - per user, PATCH attempts other than 401s are at most 1 + max-retries (a 401 buys one renewal);
 * - per user, the last attempt was answered 200 (a confirmed write), and no attempt left after the
 *   client recorded its confirmation (the outcome line's `at`, on the same wall clock as the
 *   fake's `startedWall`): the client stops writing once a write is confirmed. Other 200s are
 *   writes whose answer the client never took (the fake applies a slow request's write after the
 *   client left); judged by the client's record, not by how long a request took;
 * - the ledger gained one intent per change before the first PATCH, and after the writes exactly
 *   one outcome event per change, of the change's kind.
 */
function expectConverged(s: Scenario, run: ActionRun, limits: { maxRetries: number }) {
  const changed = s.wanted.filter((w) => w.live !== w.roster);
  expect(run.exitCode, describeRun(run)).toBe(0);
  expect(run.outputs.failed).toBe('0');
  expect(run.outputs.applied).toBe(String(changed.length));
  for (const w of s.wanted) expect(s.fake.member(w.userId)?.role, `role of ${w.email}`).toBe(w.roster);

  const attempts = byUser(s.fake.patchAttempts());
  expect([...attempts.keys()].sort()).toEqual(changed.map((w) => w.userId).sort());
  for (const [userId, tries] of attempts) {
    expect(tries.filter((r) => r.status !== 401).length, `PATCH attempts for user ${userId}`).toBeLessThanOrEqual(1 + limits.maxRetries);
    expect(tries.length, `PATCH attempts for user ${userId}`).toBeLessThanOrEqual(2 + limits.maxRetries);
    expect(tries[tries.length - 1]!.status, `last PATCH for user ${userId} is a confirmed write`).toBe(200);
    for (const r of tries) expect(r.body).toEqual({ user_id: userId, role: changed.find((w) => w.userId === userId)!.roster });
  }
  // The seeded faults the fake injected on PATCHes were retried, never taken as written.
  for (const f of s.fake.injected.filter((i) => i.method === 'PATCH' && i.kind !== 'slow')) {
    const r = s.fake.log.find((l) => l.seq === f.seq)!;
    const later = attempts.get(userIdOf(r))!.filter((t) => t.seq > f.seq);
    expect(later.length, `a PATCH after the injected ${f.kind} on request ${f.seq}`).toBeGreaterThan(0);
  }

  const events = expectWriteAhead(s, changed, changed);
  expect(events.map((e) => e.user.id).sort()).toEqual(changed.map((w) => w.userId).sort());
  for (const e of events) {
    const tries = attempts.get(e.user.id)!;
    for (const r of tries) {
      expect(r.startedWall, `PATCH for user ${e.user.id} sent after its write was confirmed`).toBeLessThanOrEqual(Date.parse(e.at));
    }
  }
  const seat = (r: RoleCode) => ['OW', 'AD', 'MA', 'RE', 'AN'].includes(r);
  for (const e of events) {
    const w = changed.find((c) => c.userId === e.user.id)!;
    expect(e.by).toBe('sync');
    expect(e.event).toBe(seat(w.live) && seat(w.roster) ? 'role-changed' : seat(w.roster) ? 'assigned' : 'released');
    expect([e.from, e.to]).toEqual([w.live, w.roster]);
  }
}


describe('fault suite: every run converges', () => {
  it('429 storm with Retry-After in seconds: all workers wait, then every change lands once', async () => {
    const s = await scenario({ size: 8, faults: { rateLimit: { perSecond: 8, burst: 3, retryAfter: 'seconds' } } });
    const run = await apply(s, { concurrency: '4' });
    const throttled = s.fake.injected.filter((f) => f.kind === '429').map((f) => s.fake.log.find((r) => r.seq === f.seq)!);
    expect(throttled.length).toBeGreaterThan(0);
    // Retry-After: 1 holds every worker, not just the one refused: nothing new arrives for a
    // second after a 429 (200 ms of slack for requests sent before the client read it).
    for (const t of throttled) {
      const early = s.fake.log.filter((r) => r.startedAt > t.endedAt + 200 && r.startedAt < t.endedAt + 950);
      expect(early.map((r) => `${r.method} ${r.path} at +${Math.round(r.startedAt - t.endedAt)} ms`)).toEqual([]);
    }
    expectConverged(s, run, { maxRetries: 5 });
  });

  it('429 storm with retry-after-ms: the server-named wait is honoured', async () => {
    const s = await scenario({ size: 12, faults: { rateLimit: { perSecond: 20, burst: 2, retryAfter: 'ms' } } });
    const run = await apply(s, { concurrency: '4' });
    expect(s.fake.injected.filter((f) => f.kind === '429').length).toBeGreaterThan(0);
    expectConverged(s, run, { maxRetries: 5 });
  });

  it("429 storm without any Retry-After: the client's own back-off spaces the retries", async () => {
    const s = await scenario({ size: 8, faults: { rateLimit: { perSecond: 10, burst: 2, retryAfter: 'none' } } });
    const run = await apply(s, { concurrency: '4' });
    expect(s.fake.injected.filter((f) => f.kind === '429').length).toBeGreaterThan(0);
    expectConverged(s, run, { maxRetries: 5 });
  });

  it('20% of answers are 5xx (JSON and HTML bodies)', async () => {
    const s = await scenario({ size: 12, faults: { errorRate: 0.2, random: mulberry32(7) } });
    const run = await apply(s, { concurrency: '4' });
    // Seed 7 draws a 5xx for requests 1, 3, 9 and 12: every run makes at least 12 (whoami, a page, 10 PATCHes).
    expect(s.fake.injected.filter((f) => f.seq <= 12).map((f) => f.kind)).toEqual(['5xx', '5xx', '5xx', '5xx']);
    expectConverged(s, run, { maxRetries: 5 });
  });

  it('5% of connections are reset without an answer', async () => {
    const s = await scenario({ size: 24, faults: { resetRate: 0.05, random: mulberry32(10) } });
    const run = await apply(s, { concurrency: '4' });
    // Seed 10 draws a reset for request 7 of the at least 22 every run makes (whoami, a page, 20 PATCHes).
    expect(s.fake.injected.filter((f) => f.seq <= 22).map((f) => [f.seq, f.kind])).toEqual([[7, 'reset']]);
    expectConverged(s, run, { maxRetries: 5 });
  });

  it('answers slower than request-timeout-ms are abandoned and retried; a late write is repeated, not doubled', async () => {
    // A slow answer is 3 s against a 1 s time-out: far apart, so a busy machine's own delays never
    // decide which requests time out. Which requests the fake made slow depends on the order they
    // arrive in, so the test judges those the fake reports, not fixed positions.
    const s = await scenario({ size: 12, faults: { slowRate: 0.25, slowMs: 3000, random: mulberry32(17) } });
    const run = await apply(s, { concurrency: '4', 'request-timeout-ms': '1000' });
    // An abandoned write still lands, up to slowMs after the client left (maybe after the run ended).
    await settled(s.fake);
    const slow = s.fake.injected.filter((f) => f.kind === 'slow' && f.method === 'PATCH');
    expect(slow.length, 'slow PATCHes the fake injected').toBeGreaterThan(0);
    // The fake applied each of those writes after the client had given up on it: the retry repeated them.
    for (const f of slow) {
      const r = s.fake.log.find((l) => l.seq === f.seq)!;
      expect(r.status, `slow PATCH ${f.seq}`).toBe(200);
      expect(byUser(s.fake.patchAttempts()).get(userIdOf(r))!.at(-1)!.seq, `retry after slow PATCH ${f.seq}`).toBeGreaterThan(f.seq);
    }
    expectConverged(s, run, { maxRetries: 5 });
  });

  it('access tokens that expire during the run are renewed on 401, one refresh for all waiting workers', async () => {
    const s = await scenario({ size: 12, pat: true, accessTtlMs: 120, faults: { latencyMs: 10 } });
    const run = await apply(s, { concurrency: '2', 'delay-ms': '25' });
    const refreshes = s.fake.log.filter((r) => r.path === '/api/token/refresh/');
    const refused = s.fake.log.filter((r) => r.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    expect(refreshes.length).toBeGreaterThan(1);
    // No request carries the PAT itself: it only buys access tokens.
    expect(s.fake.log.filter((r) => r.auth === 'token')).toHaveLength(0);
    expect(refreshes.every((r) => r.status === 200)).toBe(true);
    // The first exchange, then at most one per refused request: workers refused together share one.
    expect(refreshes.length).toBeLessThanOrEqual(1 + refused.length);
    expectConverged(s, run, { maxRetries: 5 });
  });

  // Access tokens outlive the first back-offs (1 s, 2 s…) here, as real ones (minutes) outlive
  // real back-offs; a token that expires before any request could use it is a different test.
  // Seeds 7 and 16 inject a reset, a 5xx and a slow answer among the first 13 requests, which every
  // run makes (whoami, a token refresh, a page, 10 PATCHes); 429s and time-outs come on top, as timing has them.
  it.each([7, 16])('all faults at once (seed %i)', async (seed) => {
    const s = await scenario({
      size: 12,
      pat: true,
      accessTtlMs: 1500,
      faults: {
        latencyMs: 5,
        rateLimit: { perSecond: 30, burst: 4, retryAfter: 'ms' },
        errorRate: 0.1,
        resetRate: 0.05,
        slowRate: 0.05,
        slowMs: 700,
        random: mulberry32(seed),
      },
    });
    const run = await apply(s, { concurrency: '3', 'request-timeout-ms': '300', 'max-retries': '6' });
    await settled(s.fake);
    const kinds = injectedKinds(s.fake, 13);
    kinds.delete('429');
    expect([...kinds].sort(), 'faults the fake injected in the first 13 requests').toEqual(['5xx', 'reset', 'slow']);
    expectConverged(s, run, { maxRetries: 6 });
  });
});

describe('permanent failures', () => {
  it('a write refused for good is failed with the server reason; the rest is applied and recorded; the step fails', async () => {
    const s = await scenario({
      size: 8,
      failPatchFor: {
        10: { status: 403, detail: 'You do not have permission to perform this action.' },
        11: { status: 404, detail: 'Not found.' },
      },
    });
    const run = await apply(s, { concurrency: '2' });
    expect(run.exitCode, describeRun(run)).toBe(1);

    const changed = s.wanted.filter((w) => w.live !== w.roster);
    const broken = new Set([10, 11]);
    const fine = changed.filter((w) => !broken.has(w.userId));
    expect(run.outputs.failed).toBe('2');
    expect(run.outputs.applied).toBe(String(fine.length));
    for (const w of fine) expect(s.fake.member(w.userId)?.role).toBe(w.roster);
    for (const id of broken) expect(s.fake.member(id)?.role).toBe(s.wanted.find((w) => w.userId === id)!.live);

    // Neither status is worth a retry: one attempt each.
    const attempts = byUser(s.fake.patchAttempts());
    expect(attempts.get(10)!.map((r) => r.status)).toEqual([403]);
    expect(attempts.get(11)!.map((r) => r.status)).toEqual([404]);

    const plan = JSON.parse(readFileSync(run.outputs['plan-file']!, 'utf8')) as {
      counts: { failed: number; applied: number };
      changes: Array<{ user: { id: number }; status: string; reason: string | null }>;
    };
    expect(plan.counts).toMatchObject({ failed: 2, applied: fine.length });
    const reasonOf = (id: number) => plan.changes.find((c) => c.user.id === id)!;
    expect(reasonOf(10)).toMatchObject({ status: 'failed' });
    expect(reasonOf(10).reason).toContain('answered 403: You do not have permission to perform this action.');
    expect(reasonOf(11)).toMatchObject({ status: 'failed' });
    expect(reasonOf(11).reason).toContain('answered 404: Not found.');
    expect(run.summary).toContain('You do not have permission to perform this action.');
    expect(run.summary).toMatch(/answered 404: Not found\./);
    expect(run.annotations.some((a) => a.level === 'error' && /Label Studio Roster Sync: 2 changes failed./.test(a.message))).toBe(true);

    // Every change was announced before the writes; only the applied ones have an outcome. The
    // refused writes' intents stay unresolved: the next run resolves them from live state.
    const events = expectWriteAhead(s, changed, fine);
    expect(events.every((e) => !broken.has(e.user.id) && e.event !== 'intent')).toBe(true);
  });
});

describe('secrets never reach any output', () => {
  interface Artifacts {
    label: string;
    texts: Record<string, string>;
    masked: string;
  }

  /** Everything a run leaves for people to read, minus the `::add-mask::` commands the runner consumes. */
  function artifactsOf(label: string, run: ActionRun, s: Scenario): Artifacts {
    const lines = run.stdout.split('\n');
    const texts: Record<string, string> = {
      stdout: lines.filter((l) => !l.startsWith('::add-mask::')).join('\n'),
      stderr: run.stderr,
      summary: run.summary,
      outputs: JSON.stringify(run.outputs),
      comments: s.github.comments(REPO, 1).map((c) => c.body).join('\n'),
      'committed ledger': s.github.getFile(REPO, 'main', LEDGER) ?? '',
      'workspace ledger': readFileSync(`${s.workspace}/${LEDGER}`, 'utf8'),
    };
    const planFile = run.outputs['plan-file'];
    if (planFile && existsSync(planFile)) texts['plan file'] = readFileSync(planFile, 'utf8');
    return { label, texts, masked: lines.filter((l) => l.startsWith('::add-mask::')).join('\n') };
  }

  function expectNoSecret(all: Artifacts[], secrets: Record<string, string[]>) {
    const leaks: string[] = [];
    for (const a of all) {
      for (const [where, text] of Object.entries(a.texts)) {
        for (const [kind, values] of Object.entries(secrets)) {
          for (const v of values) if (text.includes(v)) leaks.push(`${a.label}: ${kind} in ${where}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  }

  it('scans success, permanent-failure, invalid-input and PAT-refresh runs for every token', async () => {
    const all: Artifacts[] = [];
    const secrets: Record<string, string[]> = { 'GitHub token': [GITHUB_TOKEN], 'legacy token': [], PAT: [], 'access token': [] };

    // Success: a plan on the pull request (sticky comment), then the apply on push (ledger commit).
    const ok = await scenario({ size: 6 });
    secrets['legacy token']!.push(ok.token);
    const plan = await runAction({
      inputs: ok.inputs,
      workspace: ok.workspace,
      eventName: 'pull_request',
      event: { pull_request: { number: 1, base: { sha: ok.baseSha } } },
      env: { ...ok.env, GITHUB_REF: 'refs/pull/1/merge' },
    });
    expect(plan.exitCode, describeRun(plan)).toBe(0);
    expect(ok.github.comments(REPO, 1)).toHaveLength(1);
    all.push(artifactsOf('success plan', plan, ok));
    const applied = await apply(ok);
    expect(applied.exitCode, describeRun(applied)).toBe(0);
    all.push(artifactsOf('success apply', applied, ok));

    // A permanent failure whose server message echoes the credential it refused.
    const pat = makePat({ userId: 2 });
    const failing = await scenario({
      size: 6,
      pat: true,
      token: pat,
      failPatchFor: { 10: { status: 403, detail: `Token ${pat} has no permission to perform this action.` } },
    });
    secrets.PAT!.push(failing.token);
    const failed = await apply(failing);
    expect(failed.exitCode, describeRun(failed)).toBe(1);
    expect(failed.outputs.failed).toBe('1');
    all.push(artifactsOf('permanent failure', failed, failing));
    secrets['access token']!.push(...failing.fake.issuedAccessTokens());

    // Invalid inputs, one of them a URL with the token pasted in as a password.
    const bad = await scenario({ size: 6 });
    secrets['legacy token']!.push(bad.token);
    const invalid = await apply(bad, {
      'label-studio-url': bad.fake.url.replace('http://', `http://admin:${bad.token}@`),
      concurrency: '0',
    });
    expect(invalid.exitCode).toBe(1);
    expect(invalid.annotations.filter((a) => a.level === 'error').length).toBeGreaterThanOrEqual(2);
    expect(bad.fake.log).toHaveLength(0);
    all.push(artifactsOf('invalid input', invalid, bad));

    // A PAT whose access tokens expire every few requests: several access tokens are issued.
    const refreshing = await scenario({ size: 12, pat: true, accessTtlMs: 120, faults: { latencyMs: 10 } });
    secrets.PAT!.push(refreshing.token);
    const refreshPlan = await runAction({
      inputs: { ...refreshing.inputs, 'delay-ms': '25' },
      workspace: refreshing.workspace,
      eventName: 'pull_request',
      event: { pull_request: { number: 1, base: { sha: refreshing.baseSha } } },
      env: { ...refreshing.env, GITHUB_REF: 'refs/pull/1/merge' },
    });
    expect(refreshPlan.exitCode, describeRun(refreshPlan)).toBe(0);
    all.push(artifactsOf('PAT plan', refreshPlan, refreshing));
    const refreshed = await apply(refreshing, { 'delay-ms': '25', concurrency: '2' });
    expect(refreshed.exitCode, describeRun(refreshed)).toBe(0);
    all.push(artifactsOf('PAT apply', refreshed, refreshing));
    const issued = refreshing.fake.issuedAccessTokens();
    expect(issued.length).toBeGreaterThan(2);
    secrets['access token']!.push(...issued);

    // Each secret a run used was registered with the runner before use (Masking).
    for (const token of issued) expect(all.map((a) => a.masked).join('\n')).toContain(`::add-mask::${token}`);
    expect(applied.stdout).toContain(`::add-mask::${ok.token}`);
    expect(applied.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    expect(refreshed.stdout).toContain(`::add-mask::${refreshing.token}`);

    expect(secrets['access token']!.length).toBeGreaterThan(3);
    expectNoSecret(all, secrets);
  });
});
