import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { COMMENT_LIMIT, CommentTooLongError, upsertPlanComment } from '../../../src/github/plan-comment.ts';
import { GitHubApiError, type GitHubPort } from '../../../src/github/port.ts';

const TOKEN = 'ghs_installationtoken0001';
const MARKER = '<!-- label-studio-roster-sync:plan -->';
const repo = { owner: 'acme', repo: 'roster' };

const setup = fakeGitHubPort(TOKEN, { login: 'roster-admin' });

const upsert = (port: GitHubPort, body: string, issueNumber = 12) =>
  upsertPlanComment(port, { repo, issueNumber, body, marker: MARKER });

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
    expect(fake.comments('acme/roster', 12)[0]!.body).toBe(`plan without marker\n${MARKER}`);
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

  it('refuses a body above the limit instead of cutting it a second time (the report cuts itself)', async () => {
    const { fake, port } = await setup();
    const err = await upsert(port, `${MARKER}\n${'x'.repeat(COMMENT_LIMIT)}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommentTooLongError);
    expect(fake.comments('acme/roster', 12)).toHaveLength(0);
  });
});
