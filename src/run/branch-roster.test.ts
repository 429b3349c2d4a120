import { describe, expect, it } from 'vitest';
import { parseRoster } from '../files/roster.ts';
import { rosterMeaning } from './branch-roster.ts';

const FILE = 'members.yaml';
const ROSTER = 'version: 1\nmembers:\n  - email: alice@example.com\n    role: manager\n  - id: 7\nignore:\n  - email: bot@example.com\n';

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
