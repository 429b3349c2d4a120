/**
 * The few GitHub REST calls the action makes, as an interface: the run logic receives a port
 * and never touches octokit, so tests can hand it a fake object or point the real one at a
 * fake server.
 */

export interface RepoRef {
  owner: string;
  repo: string;
}

/** `owner/repo` (GITHUB_REPOSITORY) as a RepoRef; null when unset or not of that form. */
export function parseRepository(repository: string | null | undefined): RepoRef | null {
  const [owner, repo] = (repository ?? '').split('/');
  return owner && repo ? { owner, repo } : null;
}

/** A file's bytes and its git blob SHA, which the contents API wants back on update. */
export interface FileAtRef {
  content: Uint8Array;
  sha: string;
}

export interface IssueComment {
  id: number;
  body: string;
  userLogin: string | null;
  userType: string | null;
}

export interface PutFileArgs {
  path: string;
  branch: string;
  content: Uint8Array;
  /** Blob SHA of the version being replaced; null when creating the file. */
  sha: string | null;
  message: string;
}

export interface GitHubPort {
  /** `ref` is a branch, tag or commit SHA; null when the file (or the ref) does not exist. */
  getFile(repo: RepoRef, path: string, ref: string): Promise<FileAtRef | null>;
  /** Throws ConflictError when `sha` is stale or missing (someone else wrote the file). */
  putFile(repo: RepoRef, args: PutFileArgs): Promise<{ commitSha: string }>;
  /** Every comment of the issue or pull request, across all pages. */
  listIssueComments(repo: RepoRef, issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(repo: RepoRef, issueNumber: number, body: string): Promise<{ id: number }>;
  updateIssueComment(repo: RepoRef, commentId: number, body: string): Promise<void>;
  /**
   * Login of the token's user; null when the token may not ask (an installation token such as
   * GITHUB_TOKEN gets 403 from `GET /user`).
   */
  authenticatedLogin(): Promise<string | null>;
  /** The commit a branch points at; null when there is no such branch. */
  branchHead(repo: RepoRef, branch: string): Promise<string | null>;
  /** Creates `branch` at commit `sha` (`POST /repos/{owner}/{repo}/git/refs`). */
  createBranch(repo: RepoRef, branch: string, sha: string): Promise<void>;
  /** The repository's default branch (`GET /repos/{owner}/{repo}`). */
  defaultBranch(repo: RepoRef): Promise<string>;
  /** The merge base of two commits (compare API); null when GitHub does not know one of them. */
  mergeBase(repo: RepoRef, base: string, head: string): Promise<string | null>;
  /** One page (100, newest first) of the commits of `ref` that touch `path`. */
  commitsOfPath(repo: RepoRef, ref: string, path: string, page: number): Promise<PathCommit[]>;
  /**
   * GitHub's clock now, from the `Date` header of its latest answer (advanced by the time since);
   * null before any answer or when none had one. An apply checks its own clock against it before
   * its first write, as ledger times come from that clock.
   */
  serverDate?(): Date | null;
}

/** A commit as the commits API lists it: its parents in order, the first one first. */
export interface PathCommit {
  sha: string;
  parents: string[];
  message: string;
}

/**
 * A GitHub API call that failed. The message names the call, the status and GitHub's own
 * message, and never the token.
 */
export class GitHubApiError extends Error {
  /** HTTP status; null when no response arrived (network error, time-out). */
  readonly status: number | null;
  readonly method: string;
  readonly route: string;
  constructor(method: string, route: string, status: number | null, detail: string) {
    const what = status === null ? 'no response' : `HTTP ${status}`;
    super(`GitHub API ${method} ${route} failed (${what}): ${detail}`);
    this.name = 'GitHubApiError';
    this.status = status;
    this.method = method;
    this.route = route;
  }
}

/**
 * The file changed since it was read (409, or 422 for a stale or missing `sha`): re-read it
 * and try again. A GitHubApiError too, so callers that only report failures need one catch.
 */
export class ConflictError extends GitHubApiError {
  constructor(method: string, route: string, status: number, detail: string) {
    super(method, route, status, detail);
    this.name = 'ConflictError';
  }
}

/**
 * A branch rule (classic protection or a ruleset) refused the commit. Not a conflict: trying
 * again cannot help, only another branch or a token that may push can.
 */
export class BranchRuleError extends GitHubApiError {
  constructor(method: string, route: string, status: number, detail: string) {
    super(method, route, status, detail);
    this.name = 'BranchRuleError';
  }
}

/** GitHub's own words when a rule refuses a push (rulesets, then classic branch protection). */
export function isBranchRuleRefusal(status: number | null, message: string): boolean {
  if (status !== 403 && status !== 409 && status !== 422) return false;
  return /repository rule violations? found|changes must be made through a pull request|protected branch/i.test(message);
}
