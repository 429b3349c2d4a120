import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../kit/github-port.ts';

/*
 * Every request the octokit adapter sends, checked against GitHub's published REST description
 * (the @octokit/openapi package): each method and path is an operation there, and each query
 * parameter is one that operation declares. The requests are the ones the adapter really sent
 * to the fake GitHub while every port method was called, so a new call cannot slip past.
 */

const TOKEN = 'ghp_openapiCheckOpenapiCheck0000';
const REPO = 'acme/roster';
const repo = { owner: 'acme', repo: 'roster' };

interface Operation {
  parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
}
interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; in: string }> };
}

const require = createRequire(import.meta.url);
const description = JSON.parse(
  readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
) as Description;

/** The operation a request matches (a `{path}` template takes slashes, other placeholders one segment). */
function operationFor(method: string, pathname: string): { template: string; op: Operation } | null {
  for (const [template, ops] of Object.entries(description.paths)) {
    const pattern = new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{path\}/g, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    const op = ops[method.toLowerCase()];
    if (op && pattern.test(pathname)) return { template, op };
  }
  return null;
}

function queryParameters(op: Operation): Set<string> {
  return new Set(
    (op.parameters ?? [])
      .map((p) => (p.$ref ? description.components.parameters[p.$ref.split('/').pop()!]! : p))
      .filter((p) => p.in === 'query')
      .map((p) => p.name!),
  );
}

const setup = fakeGitHubPort(TOKEN);

describe("the octokit adapter's requests", () => {
  it('are each an operation of the published REST description, with only its declared query parameters', async () => {
    const { fake, port } = await setup({ largeFileBytes: 10 });
    fake.setFile(REPO, 'main', 'small.txt', 'hi');
    const base = fake.setFile(REPO, 'main', 'dir/seat-ledger.jsonl', 'a line longer than ten bytes\n');
    // Every method of the port, the raw read of a large file included.
    const file = await port.getFile(repo, 'dir/seat-ledger.jsonl', 'main');
    await port.getFile(repo, 'small.txt', base);
    await port.putFile(repo, { path: 'dir/seat-ledger.jsonl', branch: 'main', content: new TextEncoder().encode('x\n'), sha: file!.sha, message: 'm' });
    await port.listIssueComments(repo, 1);
    const { id } = await port.createIssueComment(repo, 1, 'body');
    await port.updateIssueComment(repo, id, 'body 2');
    await port.authenticatedLogin();
    const head = await port.branchHead(repo, 'main');
    await port.createBranch(repo, 'seat-ledger', head!);
    await port.defaultBranch(repo);
    await port.mergeBase(repo, base, head!);
    await port.commitsOfPath(repo, 'main', 'dir/seat-ledger.jsonl', 1);

    const methods = new Set(fake.log.map((r) => r.method));
    expect([...methods].sort()).toEqual(['GET', 'PATCH', 'POST', 'PUT']);
    const problems: string[] = [];
    const used = new Set<string>();
    for (const r of fake.log) {
      const url = new URL(r.path, 'http://x');
      const found = operationFor(r.method, url.pathname.replace(/^\/repos\/acme\/roster/, '/repos/{owner}/{repo}'));
      if (!found) {
        problems.push(`${r.method} ${url.pathname}: no such operation`);
        continue;
      }
      used.add(`${r.method} ${found.template}`);
      const allowed = queryParameters(found.op);
      for (const key of url.searchParams.keys()) if (!allowed.has(key)) problems.push(`${r.method} ${found.template}: query ${key} not declared`);
    }
    expect(problems).toEqual([]);
    expect([...used].sort()).toEqual([
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}/commits',
      'GET /repos/{owner}/{repo}/compare/{basehead}',
      'GET /repos/{owner}/{repo}/contents/{path}',
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'GET /user',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
      'POST /repos/{owner}/{repo}/git/refs',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PUT /repos/{owner}/{repo}/contents/{path}',
    ]);
  });
});

describe('serverDate', () => {
  it('is null before any answer, then the Date header of the latest answer, error answers included', async () => {
    const offset = 10 * 60_000;
    const { fake, port } = await setup({ dateOffsetMs: offset });
    expect(port.serverDate?.()).toBeNull();
    const before = Date.now();
    await port.defaultBranch(repo);
    const after = Date.now();
    const seen = port.serverDate!()!;
    // The header has whole seconds: the fake's clock plus the offset, rounded down.
    expect(seen.getTime()).toBeGreaterThanOrEqual(Math.floor((before + offset) / 1000) * 1000);
    expect(seen.getTime()).toBeLessThanOrEqual(after + offset);

    fake.dateOffsetMs = -offset;
    expect(await port.branchHead(repo, 'no-such-branch')).toBeNull();
    expect(port.serverDate!()!.getTime()).toBeLessThanOrEqual(Date.now() - offset);
  });
});
