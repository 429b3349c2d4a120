import { afterEach, describe, expect, it } from 'vitest';
import { BRANCH_RULE_ANSWERS, FakeGitHub, blobSha } from './github.ts';

const TOKEN = 'ghp_fakeservertoken99';
let fake: FakeGitHub | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function start(opts: { tokenIsApp?: boolean } = {}): Promise<FakeGitHub> {
  fake = await FakeGitHub.start({ token: TOKEN, ...opts });
  return fake;
}

function call(f: FakeGitHub, method: string, path: string, body?: unknown, auth = `Bearer ${TOKEN}`) {
  return fetch(`${f.url}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('FakeGitHub', () => {
  it('accepts `token` and `Bearer` credentials and answers 401 otherwise, logging every request', async () => {
    const f = await start({});
    expect((await call(f, 'GET', '/user')).status).toBe(200);
    expect((await call(f, 'GET', '/user', undefined, `token ${TOKEN}`)).status).toBe(200);
    const denied = await call(f, 'GET', '/user', undefined, 'token nope');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ message: 'Bad credentials' });
    expect((await call(f, 'GET', '/user', undefined, '')).status).toBe(401);
    expect(f.log.map((e) => e.status)).toEqual([200, 200, 401, 401]);
  });

  it('serves base64 content with the git blob sha, at a branch, a full sha or a short sha', async () => {
    const f = await start();
    const first = f.setFile('o/r', 'main', 'dir/a.txt', 'one\n');
    f.setFile('o/r', 'main', 'dir/a.txt', 'two\n');

    const head = (await (await call(f, 'GET', '/repos/o/r/contents/dir/a.txt?ref=main')).json()) as Record<string, string>;
    expect(head).toMatchObject({ type: 'file', encoding: 'base64', path: 'dir/a.txt', size: 4 });
    expect(Buffer.from(head.content!, 'base64').toString()).toBe('two\n');
    expect(head.sha).toBe(blobSha(new TextEncoder().encode('two\n')));

    for (const ref of [first, first.slice(0, 7)]) {
      const old = (await (await call(f, 'GET', `/repos/o/r/contents/dir%2Fa.txt?ref=${ref}`)).json()) as Record<string, string>;
      expect(Buffer.from(old.content!, 'base64').toString()).toBe('one\n');
    }
    expect((await call(f, 'GET', '/repos/o/r/contents/dir/a.txt?ref=nope')).status).toBe(404);
    expect((await call(f, 'GET', '/repos/o/r/contents/dir/b.txt')).status).toBe(404);
  });

  it('requires the current sha to replace a file: 422 when missing, 409 when stale', async () => {
    const f = await start();
    f.setFile('o/r', 'main', 'l.jsonl', 'v1\n');
    const content = Buffer.from('v2\n').toString('base64');
    const missing = await call(f, 'PUT', '/repos/o/r/contents/l.jsonl', { message: 'm', content, branch: 'main' });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { message: string }).message).toContain('"sha" wasn\'t supplied');
    const stale = await call(f, 'PUT', '/repos/o/r/contents/l.jsonl', { message: 'm', content, branch: 'main', sha: 'f'.repeat(40) });
    expect(stale.status).toBe(409);

    const sha = blobSha(new TextEncoder().encode('v1\n'));
    const ok = await call(f, 'PUT', '/repos/o/r/contents/l.jsonl', { message: 'm', content, branch: 'main', sha });
    expect(ok.status).toBe(200);
    expect(f.getFile('o/r', 'main', 'l.jsonl')).toBe('v2\n');
  });

  it('runs onBeforePut before checking the sha, and failNextPuts writes nothing', async () => {
    const f = await start();
    const content = Buffer.from('mine\n').toString('base64');
    f.onBeforePut = (put) => {
      expect(put).toEqual({ repo: 'o/r', branch: 'main', path: 'l.jsonl' });
      f.setFile('o/r', 'main', 'l.jsonl', 'theirs\n');
    };
    expect((await call(f, 'PUT', '/repos/o/r/contents/l.jsonl', { message: 'm', content, branch: 'main' })).status).toBe(422);
    f.onBeforePut = null;

    f.failNextPuts(1, 409);
    const sha = blobSha(new TextEncoder().encode('theirs\n'));
    expect((await call(f, 'PUT', '/repos/o/r/contents/l.jsonl', { message: 'm', content, branch: 'main', sha })).status).toBe(409);
    expect(f.getFile('o/r', 'main', 'l.jsonl')).toBe('theirs\n');
    expect((await call(f, 'PUT', '/repos/o/r/contents/l.jsonl', { message: 'm', content, branch: 'main', sha })).status).toBe(200);
  });

  it('pages comments with a Link header and refuses bodies over 65536 characters', async () => {
    const f = await start({ tokenIsApp: true });
    for (let i = 0; i < 5; i++) f.addComment('o/r', 1, `c${i}`);
    const page2 = await call(f, 'GET', '/repos/o/r/issues/1/comments?per_page=2&page=2');
    expect(((await page2.json()) as { body: string }[]).map((c) => c.body)).toEqual(['c2', 'c3']);
    const link = page2.headers.get('link')!;
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=1>; rel="prev"');
    expect(link).toContain('page=3>; rel="last"');

    expect((await call(f, 'POST', '/repos/o/r/issues/1/comments', { body: 'x'.repeat(65537) })).status).toBe(422);
    const created = await call(f, 'POST', '/repos/o/r/issues/1/comments', { body: 'plan' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ user: { login: 'github-actions[bot]', type: 'Bot' } });
  });

  it('refuses to edit another user’s comment, and answers commentStatus on every comment endpoint', async () => {
    const f = await start({ tokenIsApp: true });
    const theirs = f.addComment('o/r', 1, 'human');
    expect((await call(f, 'PATCH', `/repos/o/r/issues/comments/${theirs}`, { body: 'x' })).status).toBe(403);
    expect(f.comments('o/r', 1)[0]!.body).toBe('human');

    f.commentStatus = 404;
    expect((await call(f, 'GET', '/repos/o/r/issues/1/comments')).status).toBe(404);
    expect((await call(f, 'POST', '/repos/o/r/issues/1/comments', { body: 'x' })).status).toBe(404);
    expect((await call(f, 'GET', '/user')).status).toBe(403);
  });
});

describe('FakeGitHub PUT faults', () => {
  const put = (f: FakeGitHub, content: string, sha?: string) =>
    call(f, 'PUT', '/repos/o/r/contents/ledger.jsonl', { message: 'm', content: Buffer.from(content).toString('base64'), branch: 'main', ...(sha ? { sha } : {}) });

  it('fails the n-th PUT, writing nothing or (land) writing and answering an error, and records each PUT', async () => {
    const f = await start();
    f.failPut(1, 500);
    f.failPut(2, 502, { land: true });
    expect((await put(f, 'a\n')).status).toBe(500);
    expect(f.getFile('o/r', 'main', 'ledger.jsonl')).toBeNull();
    expect((await put(f, 'b\n')).status).toBe(502);
    expect(f.getFile('o/r', 'main', 'ledger.jsonl')).toBe('b\n');
    expect((await put(f, 'c\n', blobSha(new TextEncoder().encode('b\n')))).status).toBe(200);
    expect(f.puts.map((p) => [p.n, p.status, p.landed, p.injected])).toEqual([
      [1, 500, false, { status: 500, land: false, by: 'failPut' }],
      [2, 502, true, { status: 502, land: true, by: 'failPut' }],
      [3, 200, true, null],
    ]);
    for (const p of f.puts) expect(p.endedAt).toBeGreaterThanOrEqual(p.startedAt);
  });

  it('answers the repository, branch refs, and creates a branch once', async () => {
    const f = await start();
    f.setDefaultBranch('o/r', 'trunk');
    expect(await (await call(f, 'GET', '/repos/o/r')).json()).toMatchObject({ default_branch: 'trunk', full_name: 'o/r' });
    f.setDefaultBranch('o/r', 'main');
    const head = f.setFile('o/r', 'main', 'a.txt', 'a');
    for (const path of ['/repos/o/r/git/ref/heads/main', '/repos/o/r/git/ref/heads%2Fmain']) {
      expect(await (await call(f, 'GET', path)).json()).toMatchObject({ ref: 'refs/heads/main', object: { sha: head } });
    }
    expect((await call(f, 'GET', '/repos/o/r/git/ref/heads/nope')).status).toBe(404);
    expect((await call(f, 'POST', '/repos/o/r/git/refs', { ref: 'refs/heads/ledger', sha: head })).status).toBe(201);
    expect(f.headSha('o/r', 'ledger')).toBe(head);
    const again = await call(f, 'POST', '/repos/o/r/git/refs', { ref: 'refs/heads/ledger', sha: head });
    expect([again.status, ((await again.json()) as { message: string }).message]).toEqual([422, 'Reference already exists']);
    expect((await call(f, 'POST', '/repos/o/r/git/refs', { ref: 'refs/heads/x', sha: 'f'.repeat(40) })).status).toBe(422);
  });

  it('finds the merge base of two commits, and 404 for a commit it does not know', async () => {
    const f = await start();
    const base = f.setFile('o/r', 'main', 'a.txt', '1');
    f.createBranch('o/r', 'feature');
    const head = f.setFile('o/r', 'feature', 'a.txt', '2');
    const mainNow = f.setFile('o/r', 'main', 'b.txt', '3');
    const compared = (await (await call(f, 'GET', `/repos/o/r/compare/${mainNow}...${head}`)).json()) as { merge_base_commit: { sha: string } };
    expect(compared.merge_base_commit.sha).toBe(base);
    expect((await call(f, 'GET', `/repos/o/r/compare/${mainNow}...${'c'.repeat(40)}`)).status).toBe(404);
  });

  it('lists the commits of a path newest first with their parents, following the parent a merge took the file from', async () => {
    const f = await start();
    const one = f.setFile('o/r', 'main', 'l.txt', 'a\n');
    f.setFile('o/r', 'main', 'other.txt', 'x');
    f.createBranch('o/r', 'feature');
    const two = f.setFile('o/r', 'feature', 'l.txt', 'a\nb\n');
    const merge = f.merge('o/r', 'main', 'feature');
    const three = f.setFile('o/r', 'main', 'l.txt', 'a\nb\nc\n', 'msg\n\nTrailer: x');
    type Listed = Array<{ sha: string; parents: Array<{ sha: string }>; commit: { message: string } }>;
    const listed = (await (await call(f, 'GET', '/repos/o/r/commits?sha=main&path=l.txt&per_page=100')).json()) as Listed;
    // The merge left l.txt as the feature branch had it: skipped, and that side followed.
    expect(listed.map((c) => c.sha)).toEqual([three, two, one]);
    expect(listed[0]!.parents.map((p) => p.sha)).toEqual([merge]);
    expect(listed[0]!.commit.message).toBe('msg\n\nTrailer: x');
    expect(listed.at(-1)!.parents).toHaveLength(1);
    const page2 = (await (await call(f, 'GET', '/repos/o/r/commits?sha=main&path=l.txt&per_page=2&page=2')).json()) as Listed;
    expect(page2.map((c) => c.sha)).toEqual([one]);
  });

  it('refuses contents PUTs to a ruled branch with GitHub\'s own answer, writing nothing', async () => {
    const f = await start();
    f.setFile('o/r', 'main', 'a.txt', 'a');
    const before = f.headSha('o/r', 'main');
    f.refusePushes('o/r', 'main', BRANCH_RULE_ANSWERS.ruleset);
    const refused = await call(f, 'PUT', '/repos/o/r/contents/b.txt', { message: 'm', content: 'Yg==', branch: 'main' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Repository rule violations found/);
    expect(f.headSha('o/r', 'main')).toBe(before);
    expect(f.puts.map((p) => [p.status, p.landed])).toEqual([[409, false]]);
  });

  it('sends a Date header on every answer, offset by dateOffsetMs', async () => {
    const f = await start();
    f.dateOffsetMs = 3_600_000;
    const before = Date.now();
    const ok = await call(f, 'GET', '/user');
    const missing = await call(f, 'GET', '/nope');
    for (const r of [ok, missing]) {
      const at = Date.parse(r.headers.get('date')!);
      expect(at).toBeGreaterThanOrEqual(Math.floor((before + 3_600_000) / 1000) * 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 3_600_000);
    }
  });
});

