// End to end: the bundled command line (dist/cli/index.js on Node 24, what `npm run cli` and the
// `bin` entry run) against the fake Label Studio over real HTTP. Covers every command, the
// progress bar in a pseudo-terminal (util-linux `script`) and plain lines when piped, exit codes
// (docs/inputs-and-outputs.md), and that the token never reaches the output.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, serializeLedger, type EventDraft } from '../../src/files/ledger.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, node24, REPO_ROOT } from '../kit/run-action.ts';
import { DAY, ORG } from '../kit/e2e.ts';

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js');
const ESC = '\u001b[';
const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW' };
const SELF: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD' };

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  const child = spawn(node24(), [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs the CLI inside a pseudo-terminal with util-linux `script`; stdout and stderr both land in `output`. */
function runCliInPty(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [node24(), CLI, ...args].map(quote).join(' ');
  // -q quiet, -f flush at once, -e the command's exit code, -c the command; no typescript file.
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

const ROSTER = `version: 1
organization: ${ORG}
members:
  - email: alice@example.com
    role: manager
  - email: bob@example.com
    role: reviewer
  - email: carol@example.com
    role: annotator
ignore:
  - email: owner@example.com
  - email: admin@example.com
`;

function org(): FakeMember[] {
  return [
    OWNER,
    SELF,
    { userId: 10, email: 'alice@example.com', role: 'AN' },
    { userId: 11, email: 'bob@example.com', role: 'AN' },
    { userId: 12, email: 'carol@example.com', role: 'AN' },
  ];
}

function settledLedger(): string {
  const at = new Date(Date.now() - 30 * DAY).toISOString();
  const drafts: EventDraft[] = org()
    .filter((m) => m.role !== 'DI')
    .map((m) => assignedDraft({ id: m.userId, email: m.email }, at, m.role as EventDraft['to']));
  return serializeLedger(appendEvents(emptyLedger('seat-ledger.jsonl'), drafts));
}

async function setup(files: Record<string, string> = { 'members.yaml': ROSTER, 'seat-ledger.jsonl': settledLedger() }, members = org()) {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({ organizationId: ORG, members, selfUserId: SELF.userId, legacyTokens: [token] });
  open.push(ls);
  const workspace = makeWorkspace(files);
  const env = { LABEL_STUDIO_TOKEN: token, LABEL_STUDIO_URL: ls.url };
  return { ls, token, workspace, env, fast: ['--delay-ms', '0'] };
}

const ledgerLines = (workspace: string) => readFileSync(path.join(workspace, 'seat-ledger.jsonl'), 'utf8').trim().split('\n');

describe('CLI end to end against the fake Label Studio', () => {
  it('plan prints a readable plan, plain when piped, and writes nothing', async () => {
    const s = await setup();
    const before = readFileSync(path.join(s.workspace, 'seat-ledger.jsonl'), 'utf8');
    const run = await runCli(['plan', ...s.fast], s.env, s.workspace);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Plan (dry run: nothing is written) for organization 7');
    expect(run.stdout).toMatch(/planned\s+alice@example\.com \(10\)\s+AN -> MA\s+members\.yaml:4/);
    expect(run.stdout).toMatch(/planned\s+bob@example\.com \(11\)\s+AN -> RE/);
    expect(run.stdout + run.stderr).not.toContain(ESC);
    expect(s.ls.patches()).toHaveLength(0);
    expect(readFileSync(path.join(s.workspace, 'seat-ledger.jsonl'), 'utf8')).toBe(before);
    expect(run.stdout + run.stderr).not.toContain(s.token);
  });

  it('plan --json prints the plan file', async () => {
    const s = await setup();
    const run = await runCli(['plan', '--json', ...s.fast], s.env, s.workspace);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanFile;
    expect(Object.keys(plan)).toEqual(['version', 'mode', 'organization', 'generatedAt', 'asOf', 'counts', 'changes', 'unmanaged']);
    expect(plan).toMatchObject({ version: 1, mode: 'plan', organization: ORG });
    expect(plan.counts).toMatchObject({ changes: 2, planned: 2, applied: 0, noop: 1, unmanaged: 0 });
    expect(plan.changes.map((c) => [c.user.email, c.from, c.to, c.status, c.rosterLine])).toEqual([
      ['alice@example.com', 'AN', 'MA', 'planned', 4],
      ['bob@example.com', 'AN', 'RE', 'planned', 6],
    ]);
  });

  it('apply when piped: plain progress lines, every write sent once, intent and outcome lines in the local ledger', async () => {
    const s = await setup();
    const run = await runCli(['apply', ...s.fast], s.env, s.workspace);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Writing 2 role changes to Label Studio');
    expect(run.stderr).toContain('2/2 writes done, 0 failed');
    expect(run.stdout + run.stderr).not.toContain(ESC);
    expect(run.stdout).toMatch(/applied\s+alice@example\.com/);
    expect(run.stdout).toContain('commit-ledger: false');
    expect(s.ls.patches()).toHaveLength(2);
    expect([s.ls.member(10)!.role, s.ls.member(11)!.role, s.ls.member(12)!.role]).toEqual(['MA', 'RE', 'AN']);
    const appended = ledgerLines(s.workspace).slice(5).map((l) => JSON.parse(l) as { event: string; user: { id: number } });
    expect(appended.map((e) => e.event)).toEqual(['intent', 'intent', 'role-changed', 'role-changed']);
    // The same engine: the action's parser accepts what the CLI wrote.
    const verify = await runCli(['verify-ledger'], {}, s.workspace);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('apply in a pseudo-terminal shows a progress bar with counts and time left, and colour', async () => {
    expect(() => execFileSync('script', ['--version'], { stdio: 'ignore' }), 'the pseudo-terminal test needs `script` from util-linux').not.toThrow();
    const s = await setup();
    const run = await runCliInPty(['apply', ...s.fast], s.env, s.workspace);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/Writing roles \|[^|]+\| 2\/2 writes, 0 failed, \S+ left/);
    expect(run.output).toContain(`${ESC}32mapplied`);
    expect(run.output).not.toContain('writes done');
    expect(run.output).not.toContain(s.token);
    expect(s.ls.patches()).toHaveLength(2);
  });

  it('export writes the live organization as the roster; a plan right after shows zero changes', async () => {
    const s = await setup({});
    const run = await runCli(['export', ...s.fast], s.env, s.workspace);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote members.yaml from organization 7: 3 members, 2 under ignore');
    const roster = readFileSync(path.join(s.workspace, 'members.yaml'), 'utf8');
    expect(roster).toContain('alice@example.com');
    const plan = await runCli(['plan', '--json', ...s.fast], s.env, s.workspace);
    expect(plan.code, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as PlanFile).counts).toMatchObject({ changes: 0, unmanaged: 0 });
  });

  it('verify-ledger on a good ledger prints open seats and unresolved intents; exit 0', async () => {
    const t = Date.now() - 10 * DAY;
    const ledger = appendEvents(emptyLedger('seat-ledger.jsonl'), [
      assignedDraft({ id: 10, email: 'alice@example.com' }, new Date(t).toISOString()),
      assignedDraft({ id: 11, email: 'bob@example.com' }, new Date(t + DAY).toISOString(), 'RE'),
      { at: new Date(t + 2 * DAY).toISOString(), event: 'intent', by: 'sync', user: { id: 11, email: 'bob@example.com' }, from: 'RE', to: 'DI', run: 'https://github.com/o/r/actions/runs/9' },
    ]);
    const workspace = makeWorkspace({ 'audit/ledger.jsonl': serializeLedger(ledger) });
    const run = await runCli(['verify-ledger', '--ledger', 'audit/ledger.jsonl'], {}, workspace);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('audit/ledger.jsonl: valid. 3 lines, hash chain intact');
    expect(run.stdout).toMatch(new RegExp(`alice@example\\.com \\(10\\)\\s+AN\\s+${new Date(t).toISOString().replace(/\./g, '\\.')}`));
    expect(run.stdout).toContain('Unresolved intents (1)');
    expect(run.stdout).toMatch(/bob@example\.com \(11\)\s+3\s+\S+\s+RE -> DI\s+https:\/\/github\.com\/o\/r\/actions\/runs\/9/);
    const json = await runCli(['verify-ledger', '--ledger', 'audit/ledger.jsonl', '--json'], {}, workspace);
    const audit = JSON.parse(json.stdout) as { seats: { user: { id: number } }[]; unresolvedIntents: { seq: number }[] };
    expect(audit.seats.map((x) => x.user.id)).toEqual([10, 11]);
    expect(audit.unresolvedIntents.map((x) => x.seq)).toEqual([3]);
  });

  it('verify-ledger on a tampered ledger names the line and exits 1', async () => {
    const t = Date.now() - 10 * DAY;
    const ledger = serializeLedger(
      appendEvents(emptyLedger('seat-ledger.jsonl'), [
        assignedDraft({ id: 10, email: 'alice@example.com' }, new Date(t).toISOString()),
        assignedDraft({ id: 11, email: 'bob@example.com' }, new Date(t + DAY).toISOString()),
        assignedDraft({ id: 12, email: 'carol@example.com' }, new Date(t + 2 * DAY).toISOString()),
      ]),
    );
    // Back-date Bob's seat by a day, as someone hiding a young seat would: line 3's prev no longer matches.
    const tampered = ledger.replace(new Date(t + DAY).toISOString(), new Date(t + DAY - DAY / 2).toISOString());
    const workspace = makeWorkspace({ 'seat-ledger.jsonl': tampered });
    const run = await runCli(['verify-ledger'], {}, workspace);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/seat-ledger\.jsonl:3:\d+: .*prev/);
    expect(run.stderr).toContain('INVALID');
    expect(run.stdout).not.toContain('valid.');
  });

  it('exit codes follow A refused change exits 1 after applying the rest; bad flags and a missing token exit 2', async () => {
    const s = await setup();
    // Not a member of the organization: always refused (docs/seat-rule.md).
    writeFileSync(path.join(s.workspace, 'members.yaml'), ROSTER.replace('ignore:', '  - email: nobody@example.com\nignore:'));
    const refused = await runCli(['apply', ...s.fast], s.env, s.workspace);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused\s+nobody@example\.com/);
    expect(refused.stdout).toContain('FAILED');
    expect(s.ls.patches()).toHaveLength(2);
    expect(refused.stdout + refused.stderr).not.toContain(s.token);

    const bad = await runCli(['plan', '--seat-limit', 'many', '--roster', '../outside.yaml'], s.env, s.workspace);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--seat-limit: got "many"');
    expect(bad.stderr).toContain('--roster: got "../outside.yaml"');

    const noToken = await runCli(['plan'], { LABEL_STUDIO_URL: s.env.LABEL_STUDIO_URL }, s.workspace);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('LABEL_STUDIO_TOKEN is not set');

    const unknown = await runCli(['plan', '--label-studio-token', 'x'], s.env, s.workspace);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--label-studio-token'");
  });

  it.each(['plan', 'apply', 'validate', 'export', 'verify-ledger'])('%s --help explains the command and exits 0', async (command) => {
    const run = await runCli([command, '--help'], {}, REPO_ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: label-studio-roster-sync ${command}`);
    expect(run.stdout).toContain('Exit codes:');
    if (['plan', 'apply', 'export'].includes(command)) expect(run.stdout).toContain('LABEL_STUDIO_TOKEN');
    if (command === 'apply') expect(run.stdout).toContain('commit-ledger: false');
  });

  it('validate checks the files offline, with no token', async () => {
    const workspace = makeWorkspace({ 'members.yaml': ROSTER, 'seat-ledger.jsonl': settledLedger() });
    const ok = await runCli(['validate'], {}, workspace);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('members.yaml: valid, 3 members, 2 ignored.');
    writeFileSync(path.join(workspace, 'members.yaml'), ROSTER.replace('role: manager', 'role: boss'));
    const bad = await runCli(['validate'], {}, workspace);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/members\.yaml:5:11: /);
  });

  it('apply into a pipe whose reader has gone (`| head -1`) still applies everything and records it', async () => {
    const s = await setup();
    const quote = (x: string) => `'${x}'`;
    const cmd = `${[node24(), CLI, 'apply', ...s.fast].map(quote).join(' ')} 2>&1 | head -c 1`;
    const code = await new Promise<number | null>((resolve) =>
      spawn('sh', ['-c', `${cmd}; exit "$(( $? ))"`], { cwd: s.workspace, env: { PATH: process.env.PATH ?? '', ...s.env }, stdio: 'ignore' }).on('close', resolve),
    );
    expect(code).toBe(0);
    expect(s.ls.patches()).toHaveLength(2);
    const events = ledgerLines(s.workspace).slice(5).map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(['intent', 'intent', 'role-changed', 'role-changed']);
  });

  it("keeps the CLI's libraries out of the action's bundle", () => {
    const action = readFileSync(path.join(REPO_ROOT, 'dist', 'index.js'), 'utf8');
    for (const lib of ['cli-progress', 'commander', 'picocolors']) expect(action).not.toContain(lib);
  });
});
