// End to end: the bundled action (dist/index.js on Node 24, spawned as the runner does) against
// the fake Label Studio, for the core flow: plan writes nothing, apply writes each
// change once, pacing, 429s, paging, token refresh, max-changes, refusals, secrets and the URL rule.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger, type EventDraft } from '../../src/files/ledger.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import { FakeGitHub } from '../fakes/github.ts';
import {
  FakeLabelStudio,
  makeLegacyToken,
  makePat,
  type FakeMember,
  type FakeOptions,
  type LoggedRequest,
} from '../fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { DAY, ORG } from '../kit/e2e.ts';

const OWNER = { userId: 1, email: 'owner@example.com', role: 'OW' };
const SELF = { userId: 2, email: 'admin@example.com', role: 'AD' };
const SEAT_ROLES = new Set(['OW', 'AD', 'MA', 'RE', 'AN']);

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

async function startLabelStudio(options: Omit<FakeOptions, 'selfUserId'> & { selfUserId?: number }) {
  const fake = await FakeLabelStudio.start({ organizationId: ORG, selfUserId: SELF.userId, ...options });
  open.push(fake);
  return fake;
}

async function startGitHub(token: string) {
  const github = await FakeGitHub.start({ token, tokenIsApp: true });
  open.push(github);
  return github;
}

/** The owner, the token user and `n` annotators with ids from 10 (user10@example.com…). */
function organization(n: number, role = 'AN'): FakeMember[] {
  return [OWNER, SELF, ...Array.from({ length: n }, (_, i) => ({ userId: 10 + i, email: `user${10 + i}@example.com`, role }))];
}

/**
 * A ledger in which every seat holder among `members` got their seat 30 days ago, so releases
 * are past the seat period and an apply records nothing beyond its own writes.
 */
function settledLedger(members: readonly FakeMember[], except: readonly number[] = []): string {
  const at = new Date(Date.now() - 30 * DAY).toISOString();
  const drafts: EventDraft[] = members
    .filter((m) => SEAT_ROLES.has(m.role) && !except.includes(m.userId))
    .map((m) => ({ at, event: 'assigned', by: 'sync', user: { id: m.userId, email: m.email }, from: 'DI', to: m.role as EventDraft['to'], run: null }));
  return serializeLedger(appendEvents(emptyLedger('seat-ledger.jsonl'), drafts));
}

interface RosterLine {
  email?: string;
  id?: number;
  role: string;
}

function rosterYaml(members: readonly RosterLine[], ignore: readonly string[] = [OWNER.email, SELF.email]): string {
  const lines = ['version: 1', `organization: ${ORG}`, 'members:'];
  for (const m of members) {
    lines.push(m.email !== undefined ? `  - email: ${m.email}` : `  - id: ${m.id}`, `    role: ${m.role}`);
  }
  if (ignore.length > 0) lines.push('ignore:', ...ignore.map((e) => `  - email: ${e}`));
  return `${lines.join('\n')}\n`;
}

/** Every roster line: the members as they are, with `changes` applied on top. */
function rosterOf(members: readonly FakeMember[], changes: Record<number, string>): RosterLine[] {
  return members
    .filter((m) => m.userId !== OWNER.userId && m.userId !== SELF.userId)
    .map((m) => ({ email: m.email!, role: changes[m.userId] ?? m.role }));
}

function planFile(run: ActionRun): PlanFile {
  const file = run.outputs['plan-file'];
  expect(file, 'the plan-file output').toBeTruthy();
  return JSON.parse(readFileSync(file!, 'utf8')) as PlanFile;
}

const isMembershipList = (r: LoggedRequest) => r.method === 'GET' && /\/memberships(\?|$)/.test(r.path);

/** The PATCH bodies the server accepted, as `user_id → role`. */
function patchedRoles(fake: FakeLabelStudio): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of fake.patches()) {
    const body = r.body as { user_id: number; role: string };
    out.set(body.user_id, body.role);
  }
  return out;
}

function baseInputs(fake: FakeLabelStudio, token: string): Record<string, string> {
  return { 'label-studio-url': fake.url, 'label-studio-token': token, 'delay-ms': '0', 'commit-ledger': 'false' };
}

describe('plan mode', () => {
  it('on a pull request, reads only: no write, the ledger byte-identical, ledger-changed false', async () => {
    const members = [...organization(6), { userId: 30, email: 'dora@example.com', role: 'DI' }];
    const token = makeLegacyToken();
    const ghToken = 'ghs_planPlanPlanPlanPlanPlanPlan0000';
    const fake = await startLabelStudio({ members, legacyTokens: [token], latencyMs: 5 });
    const github = await startGitHub(ghToken);
    // Three seat holders are missing from the ledger: an apply would record them as observed.
    const ledger = settledLedger(members, [13, 14, 15]);
    const roster = rosterYaml(rosterOf(members, { 10: 'MA', 11: 'DI', 30: 'RE' }));
    const baseSha = github.setFile('acme/labeling', 'main', 'seat-ledger.jsonl', ledger);
    const workspace = makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': ledger });

    const runs = [
      await runAction({
        inputs: { ...baseInputs(fake, token), 'github-token': ghToken, 'commit-ledger': 'true' },
        workspace,
        eventName: 'pull_request',
        event: { pull_request: { number: 3, base: { sha: baseSha } } },
        env: { GITHUB_API_URL: github.url, GITHUB_REF: 'refs/pull/3/merge' },
      }),
      // mode: plan on a push, where auto would apply, with a ledger commit asked for.
      await runAction({
        inputs: { ...baseInputs(fake, token), mode: 'plan', 'github-token': ghToken, 'commit-ledger': 'true' },
        workspace,
        eventName: 'push',
        env: { GITHUB_API_URL: github.url },
      }),
    ];

    for (const run of runs) {
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.outputs['ledger-changed']).toBe('false');
      expect(run.outputs.changes).toBe('3');
      expect(run.outputs.applied).toBe('0');
      const plan = planFile(run);
      expect(plan.mode).toBe('plan');
      expect(plan.changes.map((c) => c.status)).toEqual(['planned', 'planned', 'planned']);
    }
    expect(fake.log.length).toBeGreaterThan(0);
    expect(fake.log.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(fake.members().map((m) => m.role)).toEqual(members.map((m) => m.role));
    expect(readFileSync(path.join(workspace, 'seat-ledger.jsonl'), 'utf8')).toBe(ledger);
    expect(github.log.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(github.getFile('acme/labeling', 'main', 'seat-ledger.jsonl')).toBe(ledger);
  });
});

describe('apply mode', () => {
  it('sends one PATCH per change with {user_id, role}, and a second apply sends none', async () => {
    const members = [...organization(6), { userId: 30, email: 'dora@example.com', role: 'DI' }];
    const token = makeLegacyToken();
    const fake = await startLabelStudio({ members, legacyTokens: [token], latencyMs: 5 });
    const wanted: Record<number, string> = { 10: 'MA', 11: 'DI', 12: 'RE', 30: 'AN' };
    const workspace = makeWorkspace({
      'members.yaml': rosterYaml(rosterOf(members, wanted)),
      'seat-ledger.jsonl': settledLedger(members),
    });

    const first = await runAction({ inputs: baseInputs(fake, token), workspace, eventName: 'push' });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs.changes).toBe('4');
    expect(first.outputs.applied).toBe('4');
    expect(first.outputs['ledger-changed']).toBe('true');
    const attempts = fake.patchAttempts();
    expect(attempts).toHaveLength(4);
    expect(attempts.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(attempts.map((r) => r.path)).toEqual(Array(4).fill(`/api/organizations/${ORG}/memberships`));
    const bodies = attempts.map((r) => r.body).sort((a, b) => (a as { user_id: number }).user_id - (b as { user_id: number }).user_id);
    expect(bodies).toEqual(Object.entries(wanted).map(([id, role]) => ({ user_id: Number(id), role })));
    for (const [id, role] of Object.entries(wanted)) expect(fake.member(Number(id))?.role).toBe(role);
    // commit-ledger: false, so the write-ahead goes to the workspace file only: one intent line per
    // change sent, all before any outcome line, then one outcome line per applied change.
    const before = members.filter((m) => SEAT_ROLES.has(m.role)).length;
    const ledger = parseLedger(readFileSync(path.join(workspace, 'seat-ledger.jsonl'), 'utf8'), 'seat-ledger.jsonl');
    expect(ledger.events).toHaveLength(before + 8);
    const added = ledger.events.slice(before);
    const intents = added.slice(0, 4);
    const outcomes = added.slice(4);
    expect(intents.every((e) => e.event === 'intent' && e.by === 'sync')).toBe(true);
    expect(outcomes.every((e) => e.event !== 'intent' && e.by === 'sync')).toBe(true);
    const fromTo = (e: { user: { id: number }; from: string | null; to: string }) => `${e.user.id} ${e.from}->${e.to}`;
    expect(intents.map(fromTo).sort()).toEqual(outcomes.map(fromTo).sort());
    expect(outcomes.map(fromTo).sort()).toEqual(
      Object.entries(wanted).map(([id, role]) => `${id} ${members.find((m) => m.userId === Number(id))!.role}->${role}`).sort(),
    );
    const kinds = Object.fromEntries(outcomes.map((e) => [e.user.id, e.event]));
    expect(kinds).toEqual({ 10: 'role-changed', 11: 'released', 12: 'role-changed', 30: 'assigned' });

    const ledgerAfterFirst = readFileSync(path.join(workspace, 'seat-ledger.jsonl'), 'utf8');
    const second = await runAction({ inputs: baseInputs(fake, token), workspace, eventName: 'push' });
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(fake.patchAttempts()).toHaveLength(4);
    expect(second.outputs.applied).toBe('0');
    expect(second.outputs.changes).toBe('0');
    expect(second.outputs.drift).toBe('false');
    expect(second.outputs['ledger-changed']).toBe('false');
    expect(readFileSync(path.join(workspace, 'seat-ledger.jsonl'), 'utf8')).toBe(ledgerAfterFirst);
  });

  it('paces requests: at most `concurrency` in flight and `delay-ms` between starts', async () => {
    const members = organization(10);
    const token = makeLegacyToken();
    const fake = await startLabelStudio({ members, legacyTokens: [token], latencyMs: 150 });
    const workspace = makeWorkspace({
      'members.yaml': rosterYaml(rosterOf(members, Object.fromEntries(members.slice(2).map((m) => [m.userId, 'RE'])))),
      'seat-ledger.jsonl': settledLedger(members),
    });

    const run = await runAction({
      inputs: { ...baseInputs(fake, token), concurrency: '2', 'delay-ms': '100' },
      workspace,
      eventName: 'push',
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(fake.patches()).toHaveLength(10);
    expect(fake.log).toHaveLength(13); // whoami, one page, one page of the seat report, ten PATCHes

    // Two at once is reached (latency 150 ms > delay 100 ms) and never passed.
    expect(fake.maxInFlight).toBe(2);
    // The gaps are judged on the action's own record: the client logs (as debug lines) the moment
    // the pacer let each request go, on the pacer's clock. Arrival times at the fake would add
    // whatever this busy 2-core machine did to either process, and a test must not judge that.
    // One line per request the fake saw ties the record to the wire.
    const letGo = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('::debug::'))
      .map((line) => / let go at (\d+\.\d) ms$/.exec(line)?.[1])
      .filter((t): t is string => t !== undefined)
      .map(Number);
    expect(letGo).toHaveLength(fake.log.length);
    // Each time is printed to 0.1 ms, so two of them may round 0.1 ms closer together.
    const ROUNDING_MS = 0.1;
    letGo.slice(1).forEach((t, i) => expect(t - letGo[i]!, `starts ${i} and ${i + 1}`).toBeGreaterThanOrEqual(100 - ROUNDING_MS));
  });

  it('waits out 429 answers with Retry-After and still applies every change', async () => {
    const members = organization(6);
    const token = makeLegacyToken();
    const fake = await startLabelStudio({
      members,
      legacyTokens: [token],
      latencyMs: 5,
      rateLimit: { perSecond: 3, retryAfter: 'seconds' },
    });
    const wanted = Object.fromEntries(members.slice(2).map((m) => [m.userId, 'MA']));
    const workspace = makeWorkspace({
      'members.yaml': rosterYaml(rosterOf(members, wanted)),
      'seat-ledger.jsonl': settledLedger(members),
    });

    const run = await runAction({ inputs: { ...baseInputs(fake, token), concurrency: '4' }, workspace, eventName: 'push' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(fake.log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(run.outputs.failed).toBe('0');
    expect(run.outputs.applied).toBe('6');
    expect(fake.patches()).toHaveLength(6); // each change written once, however often it was refused
    expect(Object.fromEntries(patchedRoles(fake))).toEqual(wanted);
    for (const id of Object.keys(wanted)) expect(fake.member(Number(id))?.role).toBe('MA');
  });

  it('reads all 250 members over three capped pages and never asks past the last', async () => {
    const members = organization(248);
    const token = makeLegacyToken();
    const fake = await startLabelStudio({ members, legacyTokens: [token], maxPageSize: 100 });
    // The first 200 members in the roster (four with a new role), the other 50 unmanaged.
    const listed = members.slice(0, 200);
    const roster = listed.map((m) => ({ email: m.email!, role: [10, 50, 100, 150].includes(m.userId) ? 'RE' : m.role }));
    const workspace = makeWorkspace({ 'members.yaml': rosterYaml(roster, []) });

    const run = await runAction({ inputs: { ...baseInputs(fake, token), mode: 'plan' }, workspace, eventName: 'push' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(members).toHaveLength(250);
    const { counts } = planFile(run);
    expect(counts.noop + counts.changes + counts.unmanaged).toBe(members.length);
    expect(counts.changes).toBe(4);
    expect(counts.unmanaged).toBe(members.length - listed.length);
    expect(fake.log.filter(isMembershipList)).toHaveLength(3);
    expect(fake.log.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(fake.log.filter(isMembershipList).map((r) => new URLSearchParams(r.path.split('?')[1]).get('page')))).toEqual(
      new Set(['1', '2', '3']),
    );
  });

  it('refreshes an expired access token from the PAT and completes the run', async () => {
    const members = organization(8);
    const pat = makePat({ userId: SELF.userId });
    const fake = await startLabelStudio({ members, refreshTokens: [pat], latencyMs: 30 });
    const wanted = Object.fromEntries(members.slice(2).map((m) => [m.userId, 'RE']));
    const workspace = makeWorkspace({
      'members.yaml': rosterYaml(rosterOf(members, wanted)),
      'seat-ledger.jsonl': settledLedger(members),
    });

    // Once two writes have landed, every access token issued so far expires.
    let expiredAfter = -1;
    const watch = setInterval(() => {
      if (expiredAfter < 0 && fake.patches().length >= 2) {
        expiredAfter = fake.log.length;
        fake.expireAccessTokens();
      }
    }, 2);
    let run: ActionRun;
    try {
      run = await runAction({ inputs: { ...baseInputs(fake, pat), concurrency: '2' }, workspace, eventName: 'push' });
    } finally {
      clearInterval(watch);
    }
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(expiredAfter).toBeGreaterThan(0);
    const refreshes = fake.log.filter((r) => r.path === '/api/token/refresh/');
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(refreshes.every((r) => r.status === 200 && (r.body as { refresh: string }).refresh === pat)).toBe(true);
    // The expiry was felt: a Bearer request was refused, then a refresh came after it.
    const rejected = fake.log.findIndex((r) => r.status === 401);
    expect(rejected).toBeGreaterThan(-1);
    expect(fake.log.slice(rejected).some((r) => r.path === '/api/token/refresh/')).toBe(true);
    expect(fake.log.filter((r) => r.path !== '/api/token/refresh/').every((r) => r.auth === 'bearer' || r.status === 401)).toBe(true);
    expect(run.outputs.applied).toBe('8');
    expect(Object.fromEntries(patchedRoles(fake))).toEqual(wanted);
  });
});

describe('max-changes', () => {
  for (const [limit, expectedLimit] of [
    ['2', 2],
    ['10%', 1], // 10% of 12 members, rounded down
  ] as const) {
    it(`exceeded (max-changes ${limit}): applies nothing, fails, and says why`, async () => {
      const members = organization(10);
      const token = makeLegacyToken();
      const fake = await startLabelStudio({ members, legacyTokens: [token] });
      const ledger = settledLedger(members);
      const workspace = makeWorkspace({
        'members.yaml': rosterYaml(rosterOf(members, { 10: 'MA', 11: 'RE', 12: 'DI' })),
        'seat-ledger.jsonl': ledger,
      });

      const run = await runAction({ inputs: { ...baseInputs(fake, token), 'max-changes': limit }, workspace, eventName: 'push' });
      expect(run.exitCode).toBe(1);
      expect(fake.patchAttempts()).toEqual([]);
      expect(fake.log.length).toBeGreaterThan(0);
      expect(run.outputs.applied).toBe('0');
      expect(run.outputs.changes).toBe('3');
      expect(run.summary).toContain('> [!CAUTION]');
      expect(run.summary).toContain(`above \`max-changes\` (${expectedLimit}): nothing was applied`);
      const failure = run.annotations.find((a) => a.level === 'error' && a.message.includes('max-changes'));
      expect(failure?.message).toContain(`above max-changes (${expectedLimit})`);
      expect(readFileSync(path.join(workspace, 'seat-ledger.jsonl'), 'utf8')).toBe(ledger);
      expect(fake.members().map((m) => m.role)).toEqual(members.map((m) => m.role));
    });
  }
});

describe('always refused', () => {
  it('refuses owner, self, SAML-managed and non-members, applies the rest, and fails', async () => {
    const members: FakeMember[] = [
      OWNER,
      SELF,
      { userId: 10, email: 'promote@example.com', role: 'AN' },
      { userId: 11, email: 'saml@example.com', role: 'AN', roleSource: 'saml' },
      { userId: 12, email: 'plain@example.com', role: 'AN' },
      { userId: 13, email: 'back@example.com', role: 'DI' },
    ];
    const token = makeLegacyToken();
    const fake = await startLabelStudio({ members, legacyTokens: [token], latencyMs: 5 });
    const roster = rosterYaml(
      [
        { email: OWNER.email, role: 'annotator' }, // changing the current owner
        { email: SELF.email, role: 'manager' }, // the token user itself
        { email: 'promote@example.com', role: 'owner' }, // assigning OW
        { email: 'saml@example.com', role: 'manager' }, // the identity provider owns this one
        { email: 'plain@example.com', role: 'reviewer' },
        { email: 'back@example.com', role: 'annotator' },
        { email: 'ghost@example.com', role: 'annotator' }, // not a member
      ],
      [],
    );
    const workspace = makeWorkspace({ 'members.yaml': roster, 'seat-ledger.jsonl': settledLedger(members) });

    const run = await runAction({ inputs: baseInputs(fake, token), workspace, eventName: 'push' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.refused).toBe('5');
    expect(run.outputs.applied).toBe('2');
    expect(fake.patchAttempts().map((r) => r.body).sort((a, b) => (a as { user_id: number }).user_id - (b as { user_id: number }).user_id)).toEqual([
      { user_id: 12, role: 'RE' },
      { user_id: 13, role: 'AN' },
    ]);
    const plan = planFile(run);
    const refused = plan.changes.filter((c) => c.status === 'refused');
    expect(refused.map((c) => c.user.email).sort()).toEqual(
      ['admin@example.com', 'ghost@example.com', 'owner@example.com', 'promote@example.com', 'saml@example.com'],
    );
    // Each refusal is an error on the roster line that asks for it.
    const errorLines = run.annotations
      .filter((a) => a.level === 'error' && a.properties.file === 'members.yaml')
      .map((a) => Number(a.properties.line))
      .sort((a, b) => a - b);
    expect(errorLines).toEqual(refused.map((c) => c.rosterLine).sort((a, b) => a! - b!));
    expect(run.annotations.some((a) => a.level === 'error' && /5 changes were refused/.test(a.message))).toBe(true);
  });
});

describe('secrets', () => {
  /** Every place a run leaves text: stdout (minus the runner's mask commands), stderr, summary, outputs, plan file. */
  function leftText(run: ActionRun): string {
    const stdout = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    const planPath = run.outputs['plan-file'];
    const plan = planPath ? readFileSync(planPath, 'utf8') : '';
    return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs), plan].join('\n');
  }

  function expectNoSecret(run: ActionRun, secrets: readonly string[]) {
    const text = leftText(run);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(20);
      expect(text.includes(secret), `a secret of ${secret.length} characters appears in the run's output`).toBe(false);
    }
  }

  function masked(run: ActionRun): Set<string> {
    return new Set(run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length)));
  }

  it('never shows the legacy token, the PAT, the access tokens or the GitHub token', async () => {
    const legacy = makeLegacyToken();
    const pat = makePat({ userId: SELF.userId });
    const ghToken = 'ghs_secretSecretSecretSecret000000';
    const members = organization(4);
    // A server that echoes the run's credential in an error: the answer text must not carry it out.
    const fake = await startLabelStudio({
      members,
      legacyTokens: [legacy],
      refreshTokens: [pat],
      latencyMs: 5,
      failPatchFor: { 13: { status: 403, detail: `Credential ${pat} may not change user 13.` } },
    });
    const github = await startGitHub(ghToken);
    const ledger = settledLedger(members);
    github.setFile('acme/labeling', 'main', 'seat-ledger.jsonl', ledger);
    // From the fake's current state: each run changes only what it names, merged on main first
    // (an apply applies only the roster at the head of its branch).
    const files = (wanted: Record<number, string>) => {
      const roster = rosterYaml(rosterOf(fake.members(), wanted));
      github.setFile('acme/labeling', 'main', 'members.yaml', roster);
      return { 'members.yaml': roster, 'seat-ledger.jsonl': ledger };
    };
    const env = { GITHUB_API_URL: github.url };
    const inputs = (token: string) => ({ ...baseInputs(fake, token), 'github-token': ghToken, 'commit-ledger': 'true' });

    // Success, legacy token: a write and a ledger commit.
    const legacyOk = await runAction({ inputs: inputs(legacy), workspace: makeWorkspace(files({ 10: 'MA' })), eventName: 'push', env });
    expect(legacyOk.exitCode, legacyOk.stdout).toBe(0);
    expect(legacyOk.outputs.applied).toBe('1');
    // Success, PAT, with its access token expiring between reading and writing.
    const patWorkspace = makeWorkspace(files({ 11: 'MA', 12: 'RE' }));
    const expire = setInterval(() => {
      if (fake.log.some((r) => isMembershipList(r) && r.status === 200 && r.auth === 'bearer')) {
        fake.expireAccessTokens();
        clearInterval(expire);
      }
    }, 2);
    const patOk = await runAction({ inputs: inputs(pat), workspace: patWorkspace, eventName: 'push', env }).finally(() =>
      clearInterval(expire),
    );
    expect(patOk.exitCode, patOk.stdout).toBe(0);
    expect(patOk.outputs.applied).toBe('2');
    // Failure, PAT: a permanent 403 whose text names the credentials.
    const patFailed = await runAction({ inputs: inputs(pat), workspace: makeWorkspace(files({ 13: 'DI' })), eventName: 'push', env });
    expect(patFailed.exitCode).toBe(1);
    expect(patFailed.outputs.failed).toBe('1');
    expect(leftText(patFailed)).toContain('may not change user 13'); // the echo reached the report, redacted
    // Failure, legacy token: an invalid roster, stopped before any write.
    const sentBefore = fake.beyondReadAhead().length;
    const invalid = await runAction({
      inputs: inputs(legacy),
      workspace: makeWorkspace({ 'members.yaml': 'version: 1\nmembers:\n  - email: x@example.com\n    role: boss\n' }),
      eventName: 'push',
      env,
    });
    expect(invalid.exitCode).toBe(1);
    expect(fake.beyondReadAhead()).toHaveLength(sentBefore);

    const access = fake.issuedAccessTokens();
    expect(access.length).toBeGreaterThanOrEqual(3); // one per PAT run, one more after the expiry
    const secrets = [legacy, pat, ghToken, ...access];
    for (const run of [legacyOk, patOk, patFailed, invalid]) expectNoSecret(run, secrets);
    // Masked before use: the runner is told each credential the run holds.
    expect(masked(legacyOk)).toEqual(new Set([legacy, ghToken]));
    expect(masked(invalid)).toEqual(new Set([legacy, ghToken]));
    for (const run of [patOk, patFailed]) {
      expect(masked(run).has(pat)).toBe(true);
      expect(masked(run).has(ghToken)).toBe(true);
      expect([...masked(run)].filter((s) => access.includes(s)).length).toBeGreaterThanOrEqual(1);
    }
    expect(access.every((t) => masked(patOk).has(t) || masked(patFailed).has(t))).toBe(true);
  });
});

describe('label-studio-url', () => {
  it('rejects plain http to a non-loopback host before any request, naming the input', async () => {
    const token = makeLegacyToken();
    const fake = await startLabelStudio({ members: organization(1), legacyTokens: [token] });
    const workspace = makeWorkspace({ 'members.yaml': rosterYaml([]) });

    const run = await runAction({
      inputs: { ...baseInputs(fake, token), 'label-studio-url': 'http://label-studio.example.com' },
      workspace,
      eventName: 'push',
    });
    expect(run.exitCode).toBe(1);
    const error = run.annotations.find((a) => a.level === 'error' && a.properties.title?.includes('label-studio-url'));
    expect(error?.message).toMatch(/https/);
    expect(error?.message).toContain('loopback');
    expect(run.stdout).not.toContain('Requests to Label Studio');
    expect(fake.log).toEqual([]);
    expect(run.outputs).toEqual({ 'report-file': expect.stringMatching(/report\.md$/) });
  });

  it('accepts plain http to 127.0.0.1 and localhost', async () => {
    const token = makeLegacyToken();
    const members = organization(2);
    const fake = await startLabelStudio({ members, legacyTokens: [token] });
    const workspace = makeWorkspace({ 'members.yaml': rosterYaml(rosterOf(members, {})) });
    const port = new URL(fake.url).port;

    for (const host of ['127.0.0.1', 'localhost']) {
      const before = fake.log.length;
      const run = await runAction({
        inputs: { ...baseInputs(fake, token), 'label-studio-url': `http://${host}:${port}`, mode: 'plan' },
        workspace,
        eventName: 'push',
      });
      expect(run.exitCode, `${host}: ${run.stdout}`).toBe(0);
      expect(run.outputs.changes).toBe('0');
      expect(fake.log.length - before).toBe(3); // whoami, one page and one page of the seat report
    }
  });
});
