// The example workflows and roster are what users copy: they must run as written. Each is
// checked against the action's own contract (action.yml inputs and outputs) rather than
// against a copy of it, so renaming an input breaks this test instead of a user's workflow.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRoster, SCHEMA_URL } from '../src/files/roster.ts';
import { REPO_ROOT } from './kit/run-action.ts';
import { CURRENT_MAJOR } from './kit/current-actions.ts';

const ACTION_REF = /^YOUR-ORG\/label-studio-roster-sync@v1$/;
const WORKFLOWS = path.join(REPO_ROOT, 'examples', 'workflows');
const CONCURRENCY_GROUP = 'label-studio-roster-sync';

/** Least privilege per workflow: what each one needs and nothing more. */
const PERMISSIONS: Record<string, Record<string, string>> = {
  'plan.yml': { contents: 'read', 'pull-requests': 'write' },
  'apply.yml': { contents: 'write' },
  'nightly.yml': { contents: 'write', issues: 'write' },
  'validate.yml': { contents: 'read' },
  'export.yml': { contents: 'write', 'pull-requests': 'write' },
};

/** The guard that keeps a manual run on a feature branch from writing. */
const DEFAULT_BRANCH = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
/** Accepted `if:` of a job that can write: the guard alone, or skipped for events that are not a dispatch (a schedule event has no repository payload). */
const GUARDS = [DEFAULT_BRANCH, `github.event_name != 'workflow_dispatch' || ${DEFAULT_BRANCH}`];
/** Workflows whose jobs write: to Label Studio (apply), or to the repository (export). */
const WRITING = ['apply.yml', 'nightly.yml', 'export.yml'];
/** The environment that holds the Administrator token, restricted to the default branch. */
const ADMIN_ENVIRONMENT = 'label-studio';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group?: unknown; 'cancel-in-progress'?: unknown };
  jobs: Record<string, Job>;
}

const actionOutputs = Object.keys(
  (parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { outputs: Record<string, unknown> }).outputs,
);
const actionInputs = Object.keys(
  (parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs,
);
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const load = (file: string) => parse(text(file)) as Workflow;
const ourSteps = (wf: Workflow) =>
  Object.values(wf.jobs).flatMap((job) => job.steps.filter((s) => typeof s.uses === 'string' && ACTION_REF.test(s.uses)));

describe('example workflows', () => {
  it('are exactly the five documented ones', () => {
    expect(files).toEqual(['apply.yml', 'export.yml', 'nightly.yml', 'plan.yml', 'validate.yml']);
  });

  it.each(files)('%s is a workflow that runs the action, headed by a comment saying when to use it', (file) => {
    const source = text(file);
    expect(source.split('\n')[0]).toMatch(/^# \S/);
    const wf = load(file);
    expect(wf.on).toBeTypeOf('object');
    expect(Object.keys(wf.on).length).toBeGreaterThan(0);
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(wf.jobs)) {
      expect(Array.isArray(job.steps) && job.steps.length > 0).toBe(true);
      for (const step of job.steps) expect(step.uses !== undefined || step.run !== undefined).toBe(true);
      // The action reads the roster and ledger from the workspace: checkout comes first.
      expect(job.steps[0]!.uses).toMatch(/^actions\/checkout@v\d+$/);
    }
    expect(ourSteps(wf)).toHaveLength(1);
  });

  it.each(files)('%s passes only inputs that action.yml declares', (file) => {
    for (const step of ourSteps(load(file))) {
      const unknown = Object.keys(step.with ?? {}).filter((k) => !actionInputs.includes(k));
      expect(unknown, `${file}: inputs not in action.yml`).toEqual([]);
    }
  });

  it.each(files)('%s declares least permissions for every job', (file) => {
    const wf = load(file);
    for (const [name, job] of Object.entries(wf.jobs)) {
      // A job's own block replaces the workflow's; without either the repository default (often write-all) applies.
      const effective = job.permissions ?? wf.permissions;
      expect(effective, `${file} job ${name}`).toEqual(PERMISSIONS[file]);
    }
  });

  it.each(files)('%s takes the URL from a repository variable and the token from a secret', (file) => {
    const source = text(file);
    for (const step of ourSteps(load(file))) {
      const w = step.with ?? {};
      if (file === 'validate.yml') {
        expect(w.mode).toBe('validate');
        // Forks get no secrets: a validate job that needs one would fail on exactly the PRs it is for.
        expect(source).not.toMatch(/secrets\./);
        expect(w['label-studio-token']).toBeUndefined();
        expect(w['label-studio-url']).toBeUndefined();
      } else {
        expect(w['label-studio-url']).toBe('${{ vars.LABEL_STUDIO_URL }}');
        expect(w['label-studio-token']).toBe('${{ secrets.LABEL_STUDIO_TOKEN }}');
      }
    }
  });

  it('plan.yml plans on pull requests that touch the roster or the ledger, and on the merge queue (mode auto)', () => {
    const wf = load('plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'merge_group']);
    // A merge group has no pull request: the job must not be skipped there, or a required plan never reports.
    for (const job of Object.values(wf.jobs)) expect(job.if ?? '').toContain("github.event_name == 'merge_group'");
    const paths = (wf.on.pull_request as { paths: string[] }).paths;
    expect(paths).toEqual(expect.arrayContaining(['members.yaml', 'seat-ledger.jsonl']));
    for (const step of ourSteps(wf)) expect(step.with?.mode ?? 'auto').toBe('auto');
  });

  it('validate.yml runs offline on every pull request: no paths filter, so a required check always reports', () => {
    const wf = load('validate.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request', 'merge_group']);
    const trigger = (wf.on.pull_request ?? {}) as Record<string, unknown>;
    for (const filter of ['paths', 'paths-ignore', 'branches', 'branches-ignore']) {
      expect(trigger[filter], `validate.yml: a ${filter} filter would leave a required check pending`).toBeUndefined();
    }
    // Skipping the job (rather than steps inside it) reports "skipped", which does not satisfy a required check either.
    for (const job of Object.values(wf.jobs)) expect(job.if).toBeUndefined();
  });

  it('apply.yml applies on pushes to the default branch that change the roster, and by hand', () => {
    const wf = load('apply.yml');
    const push = wf.on.push as { branches: string[]; paths: string[] };
    expect(push.branches).toEqual(['main']);
    expect(push.paths).toContain('members.yaml');
    expect(wf.on).toHaveProperty('workflow_dispatch');
    for (const step of ourSteps(wf)) expect(['apply', 'auto', undefined]).toContain(step.with?.mode);
  });

  it('nightly.yml runs on a schedule and applies', () => {
    const wf = load('nightly.yml');
    const schedule = wf.on.schedule as { cron: string }[];
    expect(schedule.length).toBeGreaterThan(0);
    for (const { cron } of schedule) expect(cron.trim().split(/\s+/)).toHaveLength(5);
    for (const step of ourSteps(wf)) expect(['apply', 'auto', undefined]).toContain(step.with?.mode);
  });

  it('every workflow that reads or writes the ledger keeps it on the same ledger branch (docs/ledger-branch.md)', () => {
    const branches = ['apply.yml', 'nightly.yml', 'plan.yml', 'validate.yml'].flatMap((f) => ourSteps(load(f)).map((s) => s.with?.['ledger-branch']));
    expect(new Set(branches)).toEqual(new Set(['seat-ledger']));
    expect(text('apply.yml')).toContain('docs/ledger-branch.md');
  });

  it('apply.yml and nightly.yml share one concurrency group that never cancels a running apply', () => {
    const groups = ['apply.yml', 'nightly.yml'].map((f) => load(f).concurrency);
    for (const c of groups) {
      expect(c).toEqual({ group: CONCURRENCY_GROUP, 'cancel-in-progress': false });
    }
  });

  it('the read-only workflows do not queue behind applies; plan.yml cancels its stale run per pull request', () => {
    expect(load('validate.yml').concurrency).toBeUndefined();
    expect(load('plan.yml').concurrency).toEqual({
      group: 'label-studio-roster-plan-${{ github.event.pull_request.number || github.ref }}',
      'cancel-in-progress': true,
    });
  });

  it('export.yml exports on a manual dispatch and opens a pull request with members.yaml only', () => {
    const wf = load('export.yml');
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const ours = ourSteps(wf);
    expect(ours.map((s) => s.with?.mode)).toEqual(['export']);
    const pr = steps.filter((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(pr).toHaveLength(1);
    // After the export, so the pull request carries the written roster.
    expect(steps.indexOf(pr[0]!)).toBeGreaterThan(steps.indexOf(ours[0]!));
    expect(pr[0]!.with?.['add-paths']).toBe('members.yaml');
  });

  it.each(WRITING)('%s: every job that can write is guarded to the default branch on a manual dispatch', (file) => {
    const wf = load(file);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    for (const [name, job] of Object.entries(wf.jobs)) {
      const guard = job.if?.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
      expect(GUARDS, `${file} job ${name}: if: ${job.if ?? '(none)'}`).toContain(guard);
      // A schedule event carries no repository payload: an unconditional guard would skip every nightly run.
      if ('schedule' in wf.on || 'push' in wf.on) expect(guard).toBe(GUARDS[1]);
    }
  });

  it.each(files)('%s: a manual dispatch that can write is one of the guarded workflows', (file) => {
    const wf = load(file);
    const canWrite =
      Object.values(wf.jobs).some((j) => Object.values(j.permissions ?? wf.permissions ?? {}).includes('write')) ||
      ourSteps(wf).some((s) => s.with?.mode !== 'validate' && s.with?.mode !== 'plan');
    if ('workflow_dispatch' in wf.on && canWrite) expect(WRITING).toContain(file);
  });

  it.each(files)('%s: every job that reads the Label Studio secret runs in a GitHub environment', (file) => {
    const wf = load(file);
    for (const [name, job] of Object.entries(wf.jobs)) {
      const usesSecret = JSON.stringify(job.steps).includes('secrets.LABEL_STUDIO_TOKEN');
      const env = typeof job.environment === 'string' ? job.environment : job.environment?.name;
      if (!usesSecret) continue;
      expect(env, `${file} job ${name} reads secrets.LABEL_STUDIO_TOKEN outside an environment`).toBeTypeOf('string');
      // Applying and exporting use the Administrator token, which only the default branch may read.
      if (WRITING.includes(file)) expect(env).toBe(ADMIN_ENVIRONMENT);
      else expect(env, `${file}: the Administrator environment is for the default branch only`).not.toBe(ADMIN_ENVIRONMENT);
    }
  });

  it.each(files)('%s: every checkout leaves no credentials behind (persist-credentials: false)', (file) => {
    for (const job of Object.values(load(file).jobs)) {
      for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
        expect(step.with?.['persist-credentials'], `${file}: ${step.uses}`).toBe(false);
      }
    }
  });

  it('every action is used at one version across all examples and the README', () => {
    const versions = new Map<string, Set<string>>();
    const add = (uses: string, where: string) => {
      const [name, version] = uses.split('@');
      if (!versions.has(name!)) versions.set(name!, new Set());
      versions.get(name!)!.add(`${version} (${where})`);
    };
    for (const file of files) {
      for (const job of Object.values(load(file).jobs)) for (const s of job.steps) if (s.uses) add(s.uses, file);
    }
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const inReadme = [...readme.matchAll(/uses:\s*([\w.-]+\/[\w./-]+@[\w.-]+)/g)].map((m) => m[1]!);
    expect(inReadme.length).toBeGreaterThan(0);
    for (const uses of inReadme) add(uses, 'README.md');
    for (const [name, seen] of versions) {
      const distinct = new Set([...seen].map((v) => v.split(' ')[0]));
      expect(distinct.size, `${name} is used at ${[...seen].join(', ')}`).toBe(1);
    }
    for (const [name, major] of Object.entries(CURRENT_MAJOR)) {
      expect([...(versions.get(name) ?? [])].every((v) => v.startsWith(`${major} `)), `${name} at ${[...(versions.get(name) ?? [])].join(', ')}`).toBe(true);
    }
    // Every third-party action used is one whose current major is known here.
    for (const name of versions.keys()) if (!ACTION_REF.test(`${name}@v1`)) expect(Object.keys(CURRENT_MAJOR)).toContain(name);
  });

  it('the README writes the action reference as the one placeholder the examples use', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const refs = [...readme.matchAll(/uses:\s*(\S*label-studio-roster-sync\S*)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(ACTION_REF);
    expect(readme).not.toMatch(/OWNER\/label-studio-roster-sync/);
  });

  it('the README\'s workflow snippets follow the same rules: no persisted credentials, the secret only in an environment', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^jobs:/m.test(b));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const wf = parse(block) as Workflow;
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
          expect(step.with?.['persist-credentials']).toBe(false);
        }
        if (JSON.stringify(job.steps).includes('secrets.LABEL_STUDIO_TOKEN')) expect(job.environment).toBe(ADMIN_ENVIRONMENT);
        if ('workflow_dispatch' in wf.on) expect(GUARDS).toContain(job.if);
      }
    }
  });

  it("the README's abridged apply workflow gives the action what apply.yml gives it, the ledger branch included", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => /mode: apply/.test(b))!;
    const action = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps).find((st) => st.uses !== undefined && ACTION_REF.test(st.uses))!;
    const shown = action(parse(block) as Workflow).with ?? {};
    expect(shown['ledger-branch']).toBe('seat-ledger');
    expect(shown).toEqual(action(load('apply.yml')).with);
  });

  describe('nightly.yml keeps one drift issue: open or updated while anything drifts, closed when nothing does', () => {
    const steps = Object.values(load('nightly.yml').jobs).flatMap((j) => j.steps);
    const find = steps.find((s) => s.name === 'Find the open drift issue')!;
    const upsert = steps.find((s) => s.uses?.startsWith('peter-evans/create-issue-from-file@'))!;
    const close = steps.find((s) => s.name === 'Close the drift issue')!;
    const sync = steps.find((s) => s.uses !== undefined && ACTION_REF.test(s.uses))!;

    it('feeds the issue from the report-file output of the sync step, and finds the one open issue by its label', () => {
      expect(sync.id).toBe('sync');
      expect(actionOutputs).toContain('report-file');
      expect(actionOutputs).toContain('drift');
      expect(upsert.with?.['content-filepath']).toBe('${{ steps.sync.outputs.report-file }}');
      expect(upsert.with?.['issue-number']).toBe('${{ steps.issue.outputs.number }}');
      expect(upsert.with?.labels).toBe('roster-drift');
      expect(find.id).toBe('issue');
      expect(find.run).toContain('--label roster-drift --state open');
      expect(close.run).toContain('gh issue close "$NUMBER"');
      expect(steps.indexOf(find)).toBeGreaterThan(steps.indexOf(sync));
    });

    // The steps' `if:` evaluated as the runner would, for each way a night can end.
    const scenarios: { name: string; sync: Record<string, string>; open: string; upsert: boolean; close: boolean }[] = [
      { name: 'drift, no issue open: opens one', sync: { drift: 'true', 'report-file': '/rt/report.md' }, open: '', upsert: true, close: false },
      { name: 'drift, an issue open: updates it', sync: { drift: 'true', 'report-file': '/rt/report.md' }, open: '12', upsert: true, close: false },
      { name: 'no drift, an issue open: closes it', sync: { drift: 'false', 'report-file': '/rt/report.md' }, open: '12', upsert: false, close: true },
      { name: 'no drift, no issue: does nothing', sync: { drift: 'false', 'report-file': '/rt/report.md' }, open: '', upsert: false, close: false },
      { name: 'stopped before reading Label Studio (drift unknown): reports it', sync: { 'report-file': '/rt/report.md' }, open: '12', upsert: true, close: false },
      { name: 'died without a report: leaves the issue as it is', sync: {}, open: '12', upsert: false, close: false },
    ];
    it.each(scenarios)('$name', (c) => {
      const outputs = { sync: c.sync, issue: { number: c.open } };
      expect(evaluate(find.if!, outputs)).toBe(true);
      expect(evaluate(upsert.if!, outputs)).toBe(c.upsert);
      expect(evaluate(close.if!, outputs)).toBe(c.close);
    });
  });

  it.each(files)('%s reads seat-limit from the one repository variable, where it passes the token', (file) => {
    for (const step of ourSteps(load(file))) {
      if (step.with?.mode === 'validate') continue;
      expect(step.with?.['seat-limit'], file).toBe('${{ vars.SEAT_LIMIT }}');
    }
    expect(text(file)).not.toMatch(/seat-limit:\s*'?\d/);
  });

  it('apply.yml says what GitHub does with a second queued run: the pending run is replaced, a running one never cancelled', () => {
    const source = text('apply.yml');
    expect(source).toMatch(/at most one run \*pending\* per group/);
    expect(source).toMatch(/cancels the pending one/);
    expect(source).not.toMatch(/queued runs\s+(#\s*)?wait instead of being cancelled/);
  });

  it("plan.yml says the plan token's Label Studio role and that its account goes under ignore", () => {
    const source = text('plan.yml');
    expect(source).toMatch(/account of its own/);
    expect(source).toMatch(/Administrator role/);
    expect(source).toMatch(/under `ignore`/);
  });
});

describe('examples/members.yaml', () => {
  const source = readFileSync(path.join(REPO_ROOT, 'examples', 'members.yaml'), 'utf8');

  it('points editors at the shipped JSON Schema on its first line', () => {
    expect(source.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
  });

  it('parses without problems and uses every roster feature', () => {
    const roster = parseRoster(source, 'members.yaml');
    expect(roster.organization).toBe(7);
    expect(roster.defaultRole).toBe('AN');
    const byKey = new Map(roster.members.map((m) => [m.email ?? `id:${m.id}`, m]));
    // Emails compare case-insensitively: written mixed-case, read lower-case.
    expect(source).toContain('Bob@Example.com');
    expect(byKey.get('bob@example.com')?.role).toBe('AN');
    expect(source).not.toMatch(/Bob@Example\.com\n\s+role:/);
    // Codes and names, any case.
    expect(byKey.get('carol@example.com')?.role).toBe('RE');
    expect(byKey.get('id:1234')?.role).toBe('RE');
    expect(byKey.get('grace@example.com')?.role).toBe('AD');
    expect(byKey.get('frank@example.com')?.role).toBe('NO');
    expect(byKey.get('dave@example.com')).toMatchObject({ role: 'DI', offboard: false });
    expect(byKey.get('erin@example.com')).toMatchObject({ role: 'DI', offboard: true });
    expect(roster.ignore.some((i) => i.email !== null)).toBe(true);
    expect(roster.ignore.some((i) => i.id !== null && i.email === null)).toBe(true);
  });
});

/**
 * The `if:` expressions the examples use, evaluated as the runner does: `always()`, `&&`, and
 * `==` / `!=` between `steps.<id>.outputs.<name>` (empty when unset) and a quoted string. Anything
 * else throws, so an example that outgrows this evaluator fails here instead of being misjudged.
 */
function evaluate(expression: string, steps: Record<string, Record<string, string>>): boolean {
  const body = expression.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim();
  return body.split('&&').every((raw) => {
    const term = raw.trim();
    if (term === 'always()') return true;
    const m = /^steps\.([\w-]+)\.outputs\.([\w-]+)\s*(==|!=)\s*'([^']*)'$/.exec(term);
    if (!m) throw new Error(`cannot evaluate ${term}`);
    const value = steps[m[1]!]?.[m[2]!] ?? '';
    return m[3] === '==' ? value === m[4] : value !== m[4];
  });
}
