import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changelogSection } from '../../scripts/changelog-section.ts';
import { node24, REPO_ROOT } from '../kit/run-action.ts';

const SAMPLE = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '## [1.1.0] - 2027-01-10',
  '',
  '### Fixed',
  '',
  '- Something.',
  '',
  '## [1.0.0] - 2026-12-07',
  '',
  '### Added',
  '',
  '- Everything.',
  '',
  '[Unreleased]: https://example.com/compare/v1.1.0...HEAD',
  '[1.1.0]: https://example.com/v1.1.0',
].join('\n');

describe('changelogSection', () => {
  it('returns the body of one version up to the next heading, and the last one up to the link definitions', () => {
    expect(changelogSection(SAMPLE, '1.1.0')).toBe('### Fixed\n\n- Something.\n');
    expect(changelogSection(SAMPLE, 'v1.0.0')).toBe('### Added\n\n- Everything.\n');
  });

  it('refuses a version the changelog does not have, or an empty section', () => {
    expect(() => changelogSection(SAMPLE, '2.0.0')).toThrow(/no section "## \[2\.0\.0\]/);
    expect(() => changelogSection(SAMPLE, 'Unreleased')).toThrow(/empty/);
    // 1.0.0 must not match 1.0.0-rc.1 or 11.0.0.
    expect(() => changelogSection('## [1.0.0-rc.1] - 2026-01-01\n\n- x\n', '1.0.0')).toThrow(/no section/);
  });

  it("runs as the release workflow calls it, on this repository's changelog and package version", () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const out = execFileSync(node24(), ['scripts/changelog-section.ts', `v${version}`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^### /);
    const missing = spawnSync(node24(), ['scripts/changelog-section.ts', 'v99.0.0'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no section');
  });
});
