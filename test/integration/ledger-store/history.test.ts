import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { findRewrite, trailer } from '../../../src/ledger-store/history.ts';

const TOKEN = 'ghs_historyHistoryHistory0001';
const REPO = 'acme/roster';
const repo = { owner: 'acme', repo: 'roster' };
const PATH = 'seat-ledger.jsonl';
const OURS = `Seat ledger: 1 event\n\n${trailer('https://github.com/acme/roster/actions/runs/9')}`;

const setup = fakeGitHubPort(TOKEN, { tokenIsApp: true });

describe('findRewrite', () => {
  it('accepts a history that only appended, and stops at the latest commit the action made', async () => {
    const { fake, port } = await setup();
    // Before the action's commit a rewrite happened: it is not read (the check starts after the last known-good state).
    fake.setFile(REPO, 'main', PATH, 'a\nb\n');
    fake.setFile(REPO, 'main', PATH, 'a\n');
    fake.setFile(REPO, 'main', PATH, 'a\nc\n', OURS);
    fake.setFile(REPO, 'main', PATH, 'a\nc\nd\n');
    expect(await findRewrite(port, repo, PATH, 'main')).toBeNull();
    // It read the commits of the path, and no further page than needed.
    expect(fake.log.filter((r) => r.path.startsWith(`/repos/${REPO}/commits`))).toHaveLength(1);
  });

  it('names the commit and the first removed line, also when an append follows the rewrite', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, 'a\nb\nc\n', OURS);
    const before = fake.headSha(REPO, 'main');
    const bad = fake.setFile(REPO, 'main', PATH, 'a\nb\n');
    fake.setFile(REPO, 'main', PATH, 'a\nb\nx\n');
    expect(await findRewrite(port, repo, PATH, 'main')).toEqual({ commit: bad, parent: before, line: 3, removed: 'c', now: null });
  });

  it('names a changed line with what it became, and checks the action\'s own commit too', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, 'a\nb\n');
    const ours = fake.setFile(REPO, 'main', PATH, 'a\nB\nc\n', OURS);
    expect(await findRewrite(port, repo, PATH, 'main')).toMatchObject({ commit: ours, line: 2, removed: 'b', now: 'B' });
  });

  it('checks a deleted ledger as one that lost every line', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, 'a\n', OURS);
    const gone = fake.deleteFile(REPO, 'main', PATH);
    expect(await findRewrite(port, repo, PATH, 'main')).toMatchObject({ commit: gone, line: 1, removed: 'a', now: null });
  });
});
