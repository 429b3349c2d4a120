import { describe, expect, it } from 'vitest';
import { blobSha } from '../../fakes/github.ts';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { createGitHubPort, gitBlobSha } from '../../../src/github/octokit.ts';
import { ConflictError, GitHubApiError } from '../../../src/github/port.ts';

const TOKEN = 'ghp_secretsecretsecret1234';
const repo = { owner: 'acme', repo: 'roster' };
const encode = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

const setup = fakeGitHubPort(TOKEN, { login: 'roster-admin' });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe('createGitHubPort: contents', () => {
  it('reads a file with its git blob sha, and null when the file is absent', async () => {
    const { fake, port } = await setup();
    fake.setFile('acme/roster', 'main', 'config/seat-ledger.jsonl', '{"seq":1}\n');

    const file = await port.getFile(repo, 'config/seat-ledger.jsonl', 'main');
    expect(file).not.toBeNull();
    expect(decode(file!.content)).toBe('{"seq":1}\n');
    // The same SHA-1 `git hash-object` gives.
    expect(gitBlobSha(encode('hello'))).toBe('b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0');
    expect(file!.sha).toBe(gitBlobSha(encode('{"seq":1}\n')));

    expect(await port.getFile(repo, 'missing.jsonl', 'main')).toBeNull();
    expect(await port.getFile(repo, 'config/seat-ledger.jsonl', 'no-such-branch')).toBeNull();
  });

  it('reads a file as it was at a commit sha after the branch moved on', async () => {
    const { fake, port } = await setup();
    const first = fake.setFile('acme/roster', 'main', 'ledger.jsonl', 'one\n');
    fake.setFile('acme/roster', 'main', 'ledger.jsonl', 'one\ntwo\n');

    expect(decode((await port.getFile(repo, 'ledger.jsonl', first))!.content)).toBe('one\n');
    expect(decode((await port.getFile(repo, 'ledger.jsonl', 'main'))!.content)).toBe('one\ntwo\n');
  });

  it('fetches files above the size limit of the contents API with the raw media type', async () => {
    const { fake, port } = await setup({ largeFileBytes: 1000 });
    const big = 'x'.repeat(5000) + '\n€ non-ascii survives\n';
    fake.setFile('acme/roster', 'main', 'ledger.jsonl', big);

    const file = await port.getFile(repo, 'ledger.jsonl', 'main');
    expect(decode(file!.content)).toBe(big);
    expect(file!.sha).toBe(blobSha(encode(big)));
    expect(fake.log.map((e) => `${e.method} ${e.status}`)).toEqual(['GET 200', 'GET 200']);
  });

  it('creates a file without a sha and updates it with the current sha, one commit each', async () => {
    const { fake, port } = await setup();
    const created = await port.putFile(repo, {
      path: 'seat-ledger.jsonl',
      branch: 'main',
      content: encode('a\n'),
      sha: null,
      message: 'Record seats',
    });
    expect(fake.getFile('acme/roster', 'main', 'seat-ledger.jsonl')).toBe('a\n');
    expect(fake.headSha('acme/roster', 'main')).toBe(created.commitSha);

    const current = await port.getFile(repo, 'seat-ledger.jsonl', 'main');
    const updated = await port.putFile(repo, {
      path: 'seat-ledger.jsonl',
      branch: 'main',
      content: encode('a\nb\n'),
      sha: current!.sha,
      message: 'Record more seats',
    });
    expect(fake.getFile('acme/roster', 'main', 'seat-ledger.jsonl')).toBe('a\nb\n');
    expect(fake.history('acme/roster', 'main').map((c) => c.message).slice(0, 2)).toEqual([
      'Record more seats',
      'Record seats',
    ]);
    expect(updated.commitSha).not.toBe(created.commitSha);
  });

  it('throws ConflictError on a stale sha (409) and on a missing sha (422), writing nothing', async () => {
    const { fake, port } = await setup();
    fake.setFile('acme/roster', 'main', 'seat-ledger.jsonl', 'v1\n');
    const stale = (await port.getFile(repo, 'seat-ledger.jsonl', 'main'))!.sha;
    fake.setFile('acme/roster', 'main', 'seat-ledger.jsonl', 'v2\n');

    const put = (sha: string | null) =>
      port.putFile(repo, { path: 'seat-ledger.jsonl', branch: 'main', content: encode('mine\n'), sha, message: 'm' });

    const e409 = await rejection(put(stale));
    expect(e409).toBeInstanceOf(ConflictError);
    expect((e409 as ConflictError).status).toBe(409);
    expect((e409 as Error).message).toContain('PUT /repos/acme/roster/contents/seat-ledger.jsonl');

    const e422 = await rejection(put(null));
    expect(e422).toBeInstanceOf(ConflictError);
    expect((e422 as ConflictError).status).toBe(422);
    expect((e422 as Error).message).toContain('"sha" wasn\'t supplied');

    expect(fake.getFile('acme/roster', 'main', 'seat-ledger.jsonl')).toBe('v2\n');
  });

  it('reports other failures as GitHubApiError with the status, and never the token', async () => {
    const { fake, port } = await setup();
    const noBranch = await rejection(
      port.putFile(repo, { path: 'l.jsonl', branch: 'gone', content: encode('x'), sha: null, message: 'm' }),
    );
    expect(noBranch).toBeInstanceOf(GitHubApiError);
    expect(noBranch).not.toBeInstanceOf(ConflictError);
    expect((noBranch as GitHubApiError).status).toBe(404);

    fake.failNextPuts(1, 403);
    const forbidden = (await rejection(
      port.putFile(repo, { path: 'l.jsonl', branch: 'main', content: encode('x'), sha: null, message: 'm' }),
    )) as GitHubApiError;
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toContain('Resource not accessible by integration');
    expect(forbidden.message).toContain('contents: write');

    const badToken = createGitHubPort('ghp_wrongwrongwrong', fake.url);
    const unauthorized = (await rejection(badToken.getFile(repo, 'l.jsonl', 'main'))) as GitHubApiError;
    expect(unauthorized).toBeInstanceOf(GitHubApiError);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.message).toContain('Bad credentials');
    expect(unauthorized.message).not.toContain('ghp_wrongwrongwrong');
    expect(forbidden.message).not.toContain(TOKEN);
  });

  it('reports a connection failure with status null', async () => {
    const { fake, port } = await setup();
    await fake.close();
    const err = (await rejection(port.getFile(repo, 'l.jsonl', 'main'))) as GitHubApiError;
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.status).toBeNull();
  });
});

describe('createGitHubPort: comments and identity', () => {
  it('lists every comment across pages of 100', async () => {
    const { fake, port } = await setup();
    for (let i = 1; i <= 250; i++) fake.addComment('acme/roster', 7, `comment ${i}`);
    fake.addComment('acme/roster', 8, 'another pull request');

    const comments = await port.listIssueComments(repo, 7);
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `comment ${i + 1}`));
    expect(comments[0]).toMatchObject({ userLogin: 'someone-else', userType: 'User' });
    const pages = fake.log.filter((e) => e.path.includes('/issues/7/comments'));
    expect(pages).toHaveLength(3);
    expect(pages[0]!.path).toContain('per_page=100');
  });

  it('creates and updates a comment as the token user', async () => {
    const { fake, port } = await setup();
    const { id } = await port.createIssueComment(repo, 3, 'first');
    await port.updateIssueComment(repo, id, 'second');
    expect(fake.comments('acme/roster', 3)).toMatchObject([{ id, body: 'second', user: { login: 'roster-admin' } }]);
  });

  it('names the token user, or null for an installation token that GET /user refuses', async () => {
    const personal = await setup();
    expect(await personal.port.authenticatedLogin()).toBe('roster-admin');
    await personal.fake.close();

    const app = await setup({ tokenIsApp: true });
    expect(await app.port.authenticatedLogin()).toBeNull();
    expect(app.fake.log).toEqual([{ method: 'GET', path: '/user', status: 403 }]);
  });

  it('turns a refused comment call into GitHubApiError with GitHub’s message', async () => {
    const { fake, port } = await setup();
    fake.commentStatus = 403;
    const err = (await rejection(port.createIssueComment(repo, 3, 'x'))) as GitHubApiError;
    expect(err).toBeInstanceOf(GitHubApiError);
    expect(err.status).toBe(403);
    expect(err.message).toContain('POST /repos/acme/roster/issues/3/comments');
    expect(err.message).toContain('Resource not accessible by integration');
    expect(err.message).toContain('pull-requests: write');
  });
});
