// This repository's own workflows (.github/), checked the way test/examples.test.ts checks the
// examples: least permissions, no persisted credentials, current action majors, and what each
// promises (CI runs .ci/run; a version tag releases with the changelog's notes and moves vX).
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CURRENT_MAJOR } from './kit/current-actions.ts';
import { REPO_ROOT } from './kit/run-action.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const DIR = path.join(REPO_ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const load = (file: string) => parse(readFileSync(path.join(DIR, file), 'utf8')) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);

/** GitHub's filter glob for tags: `*` is any run of characters but `/`. */
const globMatches = (glob: string, name: string) =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(name);

describe('.github/workflows', () => {
  it('are CI and release', () => {
    expect(files).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('%s: least permissions, no persisted credentials, actions at their current major', (file) => {
    const wf = load(file);
    const expected = file === 'ci.yml' ? { contents: 'read' } : { contents: 'write' };
    for (const job of Object.values(wf.jobs)) expect(job.permissions ?? wf.permissions).toEqual(expected);
    for (const step of steps(wf)) {
      if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
      if (step.uses) {
        const [name, version] = step.uses.split('@');
        expect(CURRENT_MAJOR[name!], `${file}: ${step.uses}`).toBe(version);
      }
    }
  });

  it('ci.yml runs .ci/run on every push and pull request', () => {
    const wf = load('ci.yml');
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.on.push ?? null).toBeNull();
    expect(wf.on.pull_request ?? null).toBeNull();
    expect(steps(wf).map((s) => s.run).filter(Boolean)).toEqual(['.ci/run']);
  });

  it('release.yml runs on version tags only', () => {
    const tags = (load('release.yml').on.push as { tags: string[] }).tags;
    const matches = (name: string) => tags.some((t) => globMatches(t, name));
    expect(matches('v1.0.0')).toBe(true);
    expect(matches('v12.3.45')).toBe(true);
    expect(matches('v1')).toBe(false);
    expect(matches('1.0.0')).toBe(false);
  });

  it('release.yml checks the version and dist/ before it publishes the changelog section as the notes, then moves the major tag', () => {
    const all = steps(load('release.yml'));
    const at = (name: string) => all.findIndex((s) => s.name === name);
    const order = ['Check the tag names the package\'s version', 'Check dist/ is what npm run bundle makes', 'Release notes from CHANGELOG.md', 'Publish the GitHub release', 'Move the major tag'];
    expect(order.map(at).every((i, k, a) => i >= 0 && (k === 0 || i > a[k - 1]!))).toBe(true);
    expect(all[at('Check dist/ is what npm run bundle makes')]!.run).toMatch(/npm run bundle[\s\S]*git diff --quiet -- dist/);
    expect(all[at('Release notes from CHANGELOG.md')]!.run).toContain('node scripts/changelog-section.ts "${GITHUB_REF_NAME}"');
    expect(all[at('Publish the GitHub release')]!.run).toMatch(/gh release create "\$\{GITHUB_REF_NAME\}" --verify-tag .*--notes-file/);
  });

  // The tag-moving script itself, run by bash with a stand-in `gh` that records its calls.
  const moveMajor = (tagExists: boolean): string[] => {
    const script = steps(load('release.yml')).find((s) => s.name === 'Move the major tag')!.run!;
    const dir = mkdtempSync(path.join(tmpdir(), 'lsrs-gh-'));
    const log = path.join(dir, 'calls');
    writeFileSync(
      path.join(dir, 'gh'),
      `#!/usr/bin/env bash\necho "$*" >> "${log}"\nif [ "$2" = "repos/acme/lsrs/git/ref/tags/v1" ]; then exit ${tagExists ? 0 : 1}; fi\nexit 0\n`,
    );
    chmodSync(path.join(dir, 'gh'), 0o755);
    writeFileSync(log, '');
    execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, GITHUB_REF_NAME: 'v1.4.2', GITHUB_REPOSITORY: 'acme/lsrs', GITHUB_SHA: 'abc123' },
    });
    return readFileSync(log, 'utf8').trim().split('\n');
  };

  it('release.yml moves an existing major tag to the tagged commit', () => {
    expect(moveMajor(true)).toEqual([
      'api repos/acme/lsrs/git/ref/tags/v1 --silent',
      'api -X PATCH repos/acme/lsrs/git/refs/tags/v1 -f sha=abc123 -F force=true --silent',
    ]);
  });

  it('release.yml creates the major tag on the first release of a major version', () => {
    expect(moveMajor(false)).toEqual([
      'api repos/acme/lsrs/git/ref/tags/v1 --silent',
      'api -X POST repos/acme/lsrs/git/refs -f ref=refs/tags/v1 -f sha=abc123 --silent',
    ]);
  });
});

describe('.github/dependabot.yml', () => {
  it('updates the npm packages and the GitHub Actions, weekly', () => {
    const config = parse(readFileSync(path.join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string } }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const u of config.updates) expect(u).toMatchObject({ directory: '/', schedule: { interval: 'weekly' } });
  });
});
