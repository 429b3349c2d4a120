import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../test/fakes/github.ts';
import { createGitHubPort } from './octokit.ts';
import { COMMENT_LIMIT, truncateComment, upsertPlanComment } from './plan-comment.ts';
import { GitHubApiError, type GitHubPort } from './port.ts';

const TOKEN = 'ghs_installationtoken0001';
const MARKER = '<!-- label-studio-roster-sync:plan -->';
const repo = { owner: 'acme', repo: 'roster' };
const RUN = 'https://github.com/acme/roster/actions/runs/42';

let fake: FakeGitHub | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setup(opts: { tokenIsApp?: boolean } = {}): Promise<{ fake: FakeGitHub; port: GitHubPort }> {
  fake = await FakeGitHub.start({ token: TOKEN, login: 'roster-admin', ...opts });
  return { fake, port: createGitHubPort(TOKEN, fake.url) };
}

const upsert = (port: GitHubPort, body: string, issueNumber = 12) =>
  upsertPlanComment(port, { repo, issueNumber, body, marker: MARKER, runUrl: RUN });

describe('upsertPlanComment', () => {
  it('creates the comment on the first run and updates the same one on the next: one comment', async () => {
    const { fake, port } = await setup();
    const first = await upsert(port, `${MARKER}\nplan 1`);
    const second = await upsert(port, `${MARKER}\nplan 2`);

    expect(first.action).toBe('created');
    expect(second).toEqual({ action: 'updated', id: first.id });
    expect(fake.comments('acme/roster', 12)).toMatchObject([{ id: first.id, body: `${MARKER}\nplan 2` }]);
  });

  it('adds the marker when the body lacks it, so the next run finds the comment', async () => {
    const { fake, port } = await setup();
    const first = await upsert(port, 'plan without marker');
    expect(fake.comments('acme/roster', 12)[0]!.body).toBe(`${MARKER}\nplan without marker`);
    expect(await upsert(port, 'again')).toEqual({ action: 'updated', id: first.id });
  });

  it("leaves marker comments written by other users alone", async () => {
    const { fake, port } = await setup();
    const quoted = fake.addComment('acme/roster', 12, `> ${MARKER}\n> quoting the bot`);
    const result = await upsert(port, `${MARKER}\nplan`);

    expect(result.action).toBe('created');
    expect(result.id).not.toBe(quoted);
    const comments = fake.comments('acme/roster', 12);
    expect(comments.find((c) => c.id === quoted)!.body).toBe(`> ${MARKER}\n> quoting the bot`);
    expect(comments).toHaveLength(2);
  });

  it('finds its comment on the third page of a long conversation', async () => {
    const { fake, port } = await setup();
    for (let i = 0; i < 230; i++) fake.addComment('acme/roster', 12, `review comment ${i}`);
    const ours = fake.addComment('acme/roster', 12, `${MARKER}\nold plan`, { login: 'roster-admin', id: 1, type: 'User' });
    fake.addComment('acme/roster', 12, 'a later comment');

    expect(await upsert(port, `${MARKER}\nnew plan`)).toEqual({ action: 'updated', id: ours });
    expect(fake.comments('acme/roster', 12)).toHaveLength(232);
    expect(fake.comments('acme/roster', 12).find((c) => c.id === ours)!.body).toBe(`${MARKER}\nnew plan`);
    expect(fake.log.filter((e) => e.path.includes('/issues/12/comments') && e.method === 'GET')).toHaveLength(3);
  });

  it('with GITHUB_TOKEN (GET /user refused) recognises the comment of github-actions[bot]', async () => {
    const { fake, port } = await setup({ tokenIsApp: true });
    fake.addComment('acme/roster', 12, `${MARKER}\nby a human`, { login: 'roster-admin', id: 1, type: 'User' });
    const first = await upsert(port, `${MARKER}\nplan 1`);
    const second = await upsert(port, `${MARKER}\nplan 2`);

    expect(first.action).toBe('created');
    expect(second).toEqual({ action: 'updated', id: first.id });
    expect(fake.comments('acme/roster', 12).map((c) => c.user.login)).toEqual(['roster-admin', 'github-actions[bot]']);
  });

  it("skips another app's bot comment that refuses the update and creates its own", async () => {
    const { fake, port } = await setup({ tokenIsApp: true });
    const foreign = fake.addComment('acme/roster', 12, `${MARKER}\nother app`, { login: 'other-app[bot]', id: 5, type: 'Bot' });
    const result = await upsert(port, `${MARKER}\nplan`);

    expect(result.action).toBe('created');
    expect(fake.comments('acme/roster', 12).find((c) => c.id === foreign)!.body).toBe(`${MARKER}\nother app`);
  });

  it('throws GitHubApiError when the comment endpoints refuse (the caller warns)', async () => {
    const { fake, port } = await setup();
    fake.commentStatus = 404;
    const err = await upsert(port, `${MARKER}\nplan`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).status).toBe(404);
  });

  it('cuts a plan too long for GitHub so the comment is accepted, then updates it', async () => {
    const { fake, port } = await setup();
    const rows = Array.from({ length: 3000 }, (_, i) => `| user${i}@example.com | AN | DI | deferred |`);
    const body = `${MARKER}\n| user | from | to | status |\n|---|---|---|---|\n${rows.join('\n')}`;
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT);

    const created = await upsert(port, body);
    const stored = fake.comments('acme/roster', 12)[0]!.body;
    expect(stored.length).toBeLessThan(COMMENT_LIMIT);
    expect(stored.startsWith(MARKER)).toBe(true);
    expect(stored).toContain(RUN);
    expect(await upsert(port, body)).toEqual({ action: 'updated', id: created.id });
  });
});

describe('truncateComment', () => {
  const lines = (n: number, width = 60) => Array.from({ length: n }, (_, i) => `${i}:`.padEnd(width, 'x')).join('\n');

  it('returns a body that fits unchanged', () => {
    expect(truncateComment('short\nplan', RUN)).toBe('short\nplan');
  });

  it('cuts on a line boundary well under the limit and links the run', () => {
    const body = lines(5000);
    const cut = truncateComment(body, RUN);
    expect(cut.length).toBeLessThanOrEqual(COMMENT_LIMIT - 1024);
    expect(cut.length).toBeGreaterThan(COMMENT_LIMIT / 2);
    const [kept, footer] = cut.split('\n\n---\n');
    expect(body.startsWith(kept! + '\n')).toBe(true);
    expect(footer).toContain(`[the job summary of this run](${RUN})`);
    expect(cut.endsWith('\n')).toBe(true);
  });

  it('names the job summary when the run URL is unknown', () => {
    const cut = truncateComment(lines(5000), null);
    expect(cut).toContain('The full plan is in the job summary of this run.');
  });

  it('respects a smaller limit', () => {
    const cut = truncateComment(lines(100), RUN, 2000);
    expect(cut.length).toBeLessThanOrEqual(2000);
    expect(cut).toContain(RUN);
  });

  it('closes a code fence and <details> the cut left open', () => {
    const body = `<details><summary>Plan</summary>\n\n\`\`\`\n${lines(5000)}\n\`\`\`\n</details>`;
    const cut = truncateComment(body, RUN);
    const beforeFooter = cut.split('\n\n---\n')[0]!;
    expect(beforeFooter.endsWith('\n```\n</details>')).toBe(true);
    expect(cut.length).toBeLessThan(COMMENT_LIMIT);
  });

  it('cuts a single line longer than the limit', () => {
    const cut = truncateComment('y'.repeat(100_000), RUN);
    expect(cut.length).toBeLessThan(COMMENT_LIMIT);
    expect(cut).toContain(RUN);
  });
});
