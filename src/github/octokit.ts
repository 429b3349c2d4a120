import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getOctokit } from '@actions/github';
import {
  BranchRuleError,
  ConflictError,
  GitHubApiError,
  isBranchRuleRefusal,
  type GitHubPort,
  type FileAtRef,
  type IssueComment,
  type PathCommit,
  type PutFileArgs,
  type RepoRef,
} from './port.ts';

/** octokit sets no time-out of its own; a hung connection must not hang the step. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A branch may move between the JSON read and the raw read of a large file: re-read this often. */
const RAW_READ_ATTEMPTS = 3;

type Octokit = ReturnType<typeof getOctokit>;

/**
 * The port over `@actions/github`. `baseUrl` is the runner's `GITHUB_API_URL` (GitHub
 * Enterprise Server, or a fake in tests).
 */
export function createGitHubPort(token: string, baseUrl: string): GitHubPort {
  const octokit = getOctokit(token, { baseUrl: baseUrl.replace(/\/+$/, '') });
  // GitHub's clock when its latest answer came, and our monotonic clock then: the server's time
  // now is that plus what has elapsed since, so a check made later is not off by the wait.
  let serverDate: { at: number; seen: number } | null = null;
  const noteDate = (headers: Record<string, unknown> | undefined) => {
    const at = typeof headers?.date === 'string' ? Date.parse(headers.date) : Number.NaN;
    if (!Number.isNaN(at)) serverDate = { at, seen: performance.now() };
  };
  octokit.hook.after('request', (response) => noteDate(response.headers as Record<string, unknown>));
  octokit.hook.error('request', (error) => {
    noteDate((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
    throw error;
  });
  const ctx: Ctx = {
    octokit,
    token,
    fail: (err, method, route) => toApiError(err, method, route, token),
    request: () => ({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  };
  return {
    getFile: (repo, path, ref) => getFile(ctx, repo, path, ref),
    putFile: (repo, args) => putFile(ctx, repo, args),
    listIssueComments: (repo, issueNumber) => listIssueComments(ctx, repo, issueNumber),
    createIssueComment: (repo, issueNumber, body) => createIssueComment(ctx, repo, issueNumber, body),
    updateIssueComment: (repo, commentId, body) => updateIssueComment(ctx, repo, commentId, body),
    authenticatedLogin: () => authenticatedLogin(ctx),
    branchHead: (repo, branch) => branchHead(ctx, repo, branch),
    createBranch: (repo, branch, sha) => createBranch(ctx, repo, branch, sha),
    defaultBranch: (repo) => defaultBranch(ctx, repo),
    mergeBase: (repo, base, head) => mergeBase(ctx, repo, base, head),
    commitsOfPath: (repo, ref, path, page) => commitsOfPath(ctx, repo, ref, path, page),
    serverDate: () => (serverDate === null ? null : new Date(serverDate.at + (performance.now() - serverDate.seen))),
  };
}

/** What every call needs: the client, the token (to redact it), the error mapper, a fresh time-out. */
interface Ctx {
  octokit: ReturnType<typeof getOctokit>;
  token: string;
  fail: (err: unknown, method: string, route: string) => GitHubApiError;
  request: () => { signal: AbortSignal };
}

async function getFile(ctx: Ctx, repo: RepoRef, path: string, ref: string): Promise<FileAtRef | null> {
  const route = contentsRoute(repo, path);
  for (let attempt = 1; ; attempt++) {
    let data: unknown;
    try {
      ({ data } = await ctx.octokit.rest.repos.getContent({ ...params(repo), path, ref, request: ctx.request() }));
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw ctx.fail(err, 'GET', route);
    }
    const file = asFile(data, route, path);
    if (file.encoding !== 'none') {
      return { content: new Uint8Array(Buffer.from(file.content, 'base64')), sha: file.sha };
    }
    // Above 1 MB the contents API sends metadata only; the raw media type sends the bytes.
    const content = await getRaw(ctx.octokit, repo, path, ref, ctx.request()).catch((err: unknown) => {
      throw ctx.fail(err, 'GET', `${route} (raw)`);
    });
    if (content === null) return null;
    if (gitBlobSha(content) === file.sha) return { content, sha: file.sha };
    if (attempt >= RAW_READ_ATTEMPTS) {
      throw new GitHubApiError('GET', route, null, `${path} kept changing on ${ref} while it was read; try again`);
    }
  }
}

async function putFile(ctx: Ctx, repo: RepoRef, args: PutFileArgs): Promise<{ commitSha: string }> {
  const route = contentsRoute(repo, args.path);
  try {
    const { data } = await ctx.octokit.rest.repos.createOrUpdateFileContents({
      ...params(repo),
      path: args.path,
      branch: args.branch,
      message: args.message,
      content: Buffer.from(args.content).toString('base64'),
      ...(args.sha === null ? {} : { sha: args.sha }),
      request: ctx.request(),
    });
    const commitSha = data.commit.sha;
    if (typeof commitSha !== 'string') {
      throw new GitHubApiError('PUT', route, 200, 'the response names no commit');
    }
    return { commitSha };
  } catch (err) {
    if (err instanceof GitHubApiError) throw err;
    const status = statusOf(err);
    const detail = redact(messageOf(err), ctx.token);
    // A rule's refusal comes as 403, 409 or 422 too: told apart by GitHub's own words, first.
    if (isBranchRuleRefusal(status, detail)) throw new BranchRuleError('PUT', route, status!, detail);
    // 409: the blob sha is stale; 422 "sha wasn't supplied": the file appeared meanwhile.
    if (status === 409 || (status === 422 && /\bsha\b/i.test(detail))) {
      throw new ConflictError('PUT', route, status, detail);
    }
    throw ctx.fail(err, 'PUT', route);
  }
}

async function listIssueComments(ctx: Ctx, repo: RepoRef, issueNumber: number): Promise<IssueComment[]> {
  const route = `/repos/${repo.owner}/${repo.repo}/issues/${issueNumber}/comments`;
  try {
    const comments = await ctx.octokit.paginate(ctx.octokit.rest.issues.listComments, {
      ...params(repo),
      issue_number: issueNumber,
      per_page: 100,
      request: ctx.request(),
    });
    return comments.map((c): IssueComment => ({ id: c.id, body: c.body ?? '', userLogin: c.user?.login ?? null, userType: c.user?.type ?? null }));
  } catch (err) {
    throw ctx.fail(err, 'GET', route);
  }
}

async function createIssueComment(ctx: Ctx, repo: RepoRef, issueNumber: number, body: string): Promise<{ id: number }> {
  const route = `/repos/${repo.owner}/${repo.repo}/issues/${issueNumber}/comments`;
  try {
    const { data } = await ctx.octokit.rest.issues.createComment({ ...params(repo), issue_number: issueNumber, body, request: ctx.request() });
    return { id: data.id };
  } catch (err) {
    throw ctx.fail(err, 'POST', route);
  }
}

async function updateIssueComment(ctx: Ctx, repo: RepoRef, commentId: number, body: string): Promise<void> {
  const route = `/repos/${repo.owner}/${repo.repo}/issues/comments/${commentId}`;
  try {
    await ctx.octokit.rest.issues.updateComment({ ...params(repo), comment_id: commentId, body, request: ctx.request() });
  } catch (err) {
    throw ctx.fail(err, 'PATCH', route);
  }
}

async function authenticatedLogin(ctx: Ctx): Promise<string | null> {
  try {
    const { data } = await ctx.octokit.rest.users.getAuthenticated({ request: ctx.request() });
    return data.login;
  } catch (err) {
    // Installation tokens (GITHUB_TOKEN, GitHub Apps) are "not accessible by integration" here.
    if (statusOf(err) === 403) return null;
    throw ctx.fail(err, 'GET', '/user');
  }
}

async function branchHead(ctx: Ctx, repo: RepoRef, branch: string): Promise<string | null> {
  const ref = `heads/${branch}`;
  const route = `/repos/${repo.owner}/${repo.repo}/git/ref/${ref}`;
  try {
    const { data } = await ctx.octokit.rest.git.getRef({ ...params(repo), ref, request: ctx.request() });
    return data.object.sha;
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw ctx.fail(err, 'GET', route);
  }
}

async function createBranch(ctx: Ctx, repo: RepoRef, branch: string, sha: string): Promise<void> {
  const route = `/repos/${repo.owner}/${repo.repo}/git/refs`;
  try {
    await ctx.octokit.rest.git.createRef({ ...params(repo), ref: `refs/heads/${branch}`, sha, request: ctx.request() });
  } catch (err) {
    throw ctx.fail(err, 'POST', route);
  }
}

async function defaultBranch(ctx: Ctx, repo: RepoRef): Promise<string> {
  try {
    const { data } = await ctx.octokit.rest.repos.get({ ...params(repo), request: ctx.request() });
    return data.default_branch;
  } catch (err) {
    throw ctx.fail(err, 'GET', `/repos/${repo.owner}/${repo.repo}`);
  }
}

async function mergeBase(ctx: Ctx, repo: RepoRef, base: string, head: string): Promise<string | null> {
  const basehead = `${base}...${head}`;
  try {
    const { data } = await ctx.octokit.rest.repos.compareCommitsWithBasehead({ ...params(repo), basehead, per_page: 1, request: ctx.request() });
    return data.merge_base_commit.sha;
  } catch (err) {
    // 404: a commit GitHub does not know; 422: no common history.
    const status = statusOf(err);
    if (status === 404 || status === 422) return null;
    throw ctx.fail(err, 'GET', `/repos/${repo.owner}/${repo.repo}/compare/${basehead}`);
  }
}

async function commitsOfPath(ctx: Ctx, repo: RepoRef, ref: string, path: string, page: number): Promise<PathCommit[]> {
  try {
    const { data } = await ctx.octokit.rest.repos.listCommits({ ...params(repo), sha: ref, path, per_page: 100, page, request: ctx.request() });
    return data.map((c) => ({ sha: c.sha, parents: c.parents.map((p) => p.sha), message: c.commit.message }));
  } catch (err) {
    throw ctx.fail(err, 'GET', `/repos/${repo.owner}/${repo.repo}/commits`);
  }
}

/** The git blob SHA-1 GitHub reports as a file's `sha`. */
export function gitBlobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}

function params(repo: RepoRef): { owner: string; repo: string } {
  return { owner: repo.owner, repo: repo.repo };
}

function contentsRoute(repo: RepoRef, path: string): string {
  return `/repos/${repo.owner}/${repo.repo}/contents/${path}`;
}

interface ContentsFile {
  sha: string;
  content: string;
  encoding: string;
}

function asFile(data: unknown, route: string, path: string): ContentsFile {
  if (Array.isArray(data)) {
    throw new GitHubApiError('GET', route, 200, `${path} is a directory, not a file`);
  }
  const d = data as Partial<Record<'type' | 'sha' | 'content' | 'encoding', unknown>> | null;
  if (d === null || typeof d !== 'object' || d.type !== 'file' || typeof d.sha !== 'string') {
    const kind = d !== null && typeof d === 'object' && typeof d.type === 'string' ? d.type : 'not a file';
    throw new GitHubApiError('GET', route, 200, `${path} is a ${kind}, not a regular file`);
  }
  return {
    sha: d.sha,
    content: typeof d.content === 'string' ? d.content : '',
    encoding: typeof d.encoding === 'string' ? d.encoding : 'none',
  };
}

async function getRaw(
  octokit: Octokit,
  repo: RepoRef,
  path: string,
  ref: string,
  request: { signal: AbortSignal },
): Promise<Uint8Array | null> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...params(repo),
      path,
      ref,
      mediaType: { format: 'raw' },
      // Bytes as sent: octokit would otherwise decode by content type.
      request: { ...request, parseSuccessResponseBody: false },
    });
    return new Uint8Array(await new Response(data as unknown as ReadableStream<Uint8Array>).arrayBuffer());
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw err;
  }
}

/** The HTTP status of an octokit error, or null when no response arrived. */
function statusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; response?: unknown };
  // octokit reports network failures as status 500 without a response.
  if (e.response === undefined || e.response === null) return null;
  return typeof e.status === 'number' ? e.status : null;
}

function messageOf(err: unknown): string {
  const data = (err as { response?: { data?: unknown } } | null)?.response?.data;
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  if (typeof data === 'string' && data.trim() !== '') return data.trim();
  return err instanceof Error ? err.message : String(err);
}

function redact(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('***');
}

function permissionHint(route: string): string {
  if (route.includes('/contents/') || route.includes('/git/refs')) return ' (give the workflow `permissions: contents: write`)';
  if (route.includes('/comments')) return ' (give the workflow `permissions: pull-requests: write`)';
  return '';
}

function toApiError(err: unknown, method: string, route: string, token: string): GitHubApiError {
  if (err instanceof GitHubApiError) return err;
  const status = statusOf(err);
  let detail = redact(messageOf(err), token);
  if (status === 401) detail += ' (check the github-token input)';
  if (status === 403 && method !== 'GET') detail += permissionHint(route);
  return new GitHubApiError(method, route, status, detail);
}
