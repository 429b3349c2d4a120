import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { parseRoster } from '../../../src/files/roster.ts';
import { staleRoster } from '../../../src/run/branch-roster.ts';

const TOKEN = 'ghs_branchRosterBranchRoster01';
const REPO = 'acme/roster';
const repo = { owner: 'acme', repo: 'roster' };
const FILE = 'members.yaml';
const ROSTER = 'version: 1\nmembers:\n  - email: alice@example.com\n    role: manager\n  - id: 7\nignore:\n  - email: bot@example.com\n';

const setup = fakeGitHubPort(TOKEN, { tokenIsApp: true });

describe('staleRoster', () => {
  it('is null when the branch head asks for the same, and names the head commit otherwise', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', FILE, ROSTER);
    const roster = parseRoster(ROSTER, FILE);
    expect(await staleRoster(port, repo, 'main', roster)).toBeNull();
    const head = fake.setFile(REPO, 'main', FILE, ROSTER.replace('manager', 'annotator'));
    const why = await staleRoster(port, repo, 'main', roster);
    expect(why).toContain(`commit ${head.slice(0, 7)}, the head of main`);
    expect(why).toContain('instead of re-running an older run');
  });

  it('refuses when the head has no roster, or no such branch', async () => {
    const { port } = await setup();
    const roster = parseRoster(ROSTER, FILE);
    expect(await staleRoster(port, repo, 'main', roster)).toContain('is not in commit');
    expect(await staleRoster(port, repo, 'gone', roster)).toContain('does not exist');
  });
});
