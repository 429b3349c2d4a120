// The example workflows and roster are what users copy: they must run as written. Each is
// checked against the action's own contract (action.yml inputs, SPEC modes) rather than
// against a copy of it, so renaming an input breaks this test instead of a user's workflow.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRoster, SCHEMA_URL } from '../src/roster.ts';
import { REPO_ROOT } from './harness/run-action.ts';

const ACTION_REF = /^OWNER\/label-studio-roster-sync@v1$/;
const WORKFLOWS = path.join(REPO_ROOT, 'examples', 'workflows');
const CONCURRENCY_GROUP = 'label-studio-roster-sync';

/** Least privilege per workflow: what each one needs and nothing more. */
const PERMISSIONS: Record<string, Record<string, string>> = {
  'plan.yml': { contents: 'read', 'pull-requests': 'write' },
  'apply.yml': { contents: 'write' },
  'nightly.yml': { contents: 'write' },
  'validate.yml': { contents: 'read' },
};

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group?: unknown; 'cancel-in-progress'?: unknown };
  jobs: Record<string, Job>;
}

const actionInputs = Object.keys(
  (parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs,
);
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const load = (file: string) => parse(text(file)) as Workflow;
const ourSteps = (wf: Workflow) =>
  Object.values(wf.jobs).flatMap((job) => job.steps.filter((s) => typeof s.uses === 'string' && ACTION_REF.test(s.uses)));

describe('example workflows', () => {
  it('are exactly the four documented ones', () => {
    expect(files).toEqual(['apply.yml', 'nightly.yml', 'plan.yml', 'validate.yml']);
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

  it('plan.yml plans on pull requests that touch the roster or the ledger (mode auto)', () => {
    const wf = load('plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    const paths = (wf.on.pull_request as { paths: string[] }).paths;
    expect(paths).toEqual(expect.arrayContaining(['members.yaml', 'seat-ledger.jsonl']));
    for (const step of ourSteps(wf)) expect(step.with?.mode ?? 'auto').toBe('auto');
  });

  it('validate.yml runs offline on pull requests', () => {
    const wf = load('validate.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
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

  it('apply.yml and nightly.yml share one concurrency group that never cancels a running apply', () => {
    const groups = ['apply.yml', 'nightly.yml'].map((f) => load(f).concurrency);
    for (const c of groups) {
      expect(c).toEqual({ group: CONCURRENCY_GROUP, 'cancel-in-progress': false });
    }
  });

  it('the read-only workflows do not queue behind applies', () => {
    for (const f of ['plan.yml', 'validate.yml']) expect(load(f).concurrency).toBeUndefined();
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
