// The npm package, as someone installs it: `npm pack` of this repository installed into an
// empty folder, offline (the command line is bundled into dist/cli, so the package has no
// dependencies to fetch), then its `label-studio-roster-sync` bin run from there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.ts';
import { node24, REPO_ROOT } from '../kit/run-action.ts';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the npm package', () => {
  it('installs from its tarball into an empty folder offline, and its bin prints the version and validates a roster', () => {
    const packed = mkdtempSync(path.join(tmpdir(), 'lsrs-pack-'));
    const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', packed], REPO_ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['dist/cli/index.js', 'schema/members.schema.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']));
    // Only what a user runs or reads: no sources, tests or the action's own bundle.
    expect(files.filter((f) => /^(src|test|scripts|bench|examples)\//.test(f) || f === 'dist/index.js')).toEqual([]);

    const project = mkdtempSync(path.join(tmpdir(), 'lsrs-install-'));
    writeFileSync(path.join(project, 'package.json'), '{"name":"an-admins-folder","private":true}\n');
    npm(['install', '--offline', path.join(packed, info!.filename)], project);
    expect(readdirSync(path.join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['label-studio-roster-sync']);

    const bin = path.join(project, 'node_modules', '.bin', 'label-studio-roster-sync');
    const run = (args: string[]) => execFileSync(node24(), [bin, ...args], { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(run(['--version']).trim()).toBe(VERSION);

    writeFileSync(path.join(project, 'members.yaml'), 'version: 1\nmembers:\n  - email: ann@example.com\n    role: annotator\n');
    expect(run(['validate'])).toContain('members.yaml: valid, 1 members');
  });
});
