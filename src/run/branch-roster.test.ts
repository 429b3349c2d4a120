import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../test/kit/github-port.ts';
import { parseRoster } from '../files/roster.ts';
import { rosterMeaning, staleRoster } from './branch-roster.ts';

const TOKEN = 'ghs_branchRosterBranchRoster01';
const REPO = 'acme/roster';
const repo = { owner: 'acme', repo: 'roster' };
const FILE = 'members.yaml';
const ROSTER = 'version: 1\nmembers:\n  - email: alice@example.com\n    role: manager\n  - id: 7\nignore:\n  - email: bot@example.com\n';

const setup = fakeGitHubPort(TOKEN, { tokenIsApp: true });
const meaning = (text: string) => rosterMeaning(parseRoster(text, FILE));

describe('rosterMeaning', () => {
  it('ignores comments, order, spelling of roles and the case of email letters', () => {
    const same = '# ours\nversion: 1\nignore:\n  - email: BOT@example.com\nmembers:\n  - id: 7\n  - email: Alice@Example.com\n    role: MA\n';
    expect(meaning(same)).toBe(meaning(ROSTER));
  });

  it.each([
    ['a role', ROSTER.replace('role: manager', 'role: reviewer')],
    ['a member', ROSTER.replace('  - id: 7\n', '')],
    ['ignore', ROSTER.replace('bot@', 'robot@')],
    ['defaults', `${ROSTER}defaults:\n  role: reviewer\n`],
    ['the organization', `organization: 3\n${ROSTER}`],
    ['offboard', ROSTER.replace('  - id: 7\n', '  - id: 7\n    role: deactivated\n    offboard: true\n')],
  ])('changes with %s', (_what, other) => {
    expect(meaning(other)).not.toBe(meaning(ROSTER));
  });
});

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
