/**
 * A fake GitHub REST API on a real HTTP server, for the calls the action makes: the contents
 * API (per-branch git history, blob SHAs, optimistic concurrency on `sha`), issue comments
 * (with `Link` pagination), and `GET /user`. Node builtins only and erasable syntax, so the
 * demo can run it under Node's type stripping.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface FakeGitHubOptions {
  token: string;
  /** Login of the token's user when it is a personal token; default `octocat`. */
  login?: string;
  /** An installation token (GITHUB_TOKEN): `GET /user` answers 403 and comments are by `github-actions[bot]`. */
  tokenIsApp?: boolean;
  /** Above this size the contents API sends no content (GitHub: 1 MB). */
  largeFileBytes?: number;
  /** Added to the fake's clock in every answer's `Date` header (a server clock that is off). */
  dateOffsetMs?: number;
}

/** How GitHub answers a push a branch rule refuses, word for word. */
export const BRANCH_RULE_ANSWERS = {
  /** A ruleset that requires pull requests, on the contents API. */
  ruleset: { status: 409, message: 'Repository rule violations found\n\nChanges must be made through a pull request.\n\n' },
  /** Classic branch protection with required reviews. */
  classic: { status: 422, message: 'Changes must be made through a pull request.' },
  /** Classic protection answering a token without push rights to it. */
  protected: { status: 403, message: 'Resource not accessible by integration: protected branch hook declined' },
} as const;

export interface FakeUser {
  login: string;
  id: number;
  type: string;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as received, e.g. `/repos/o/r/contents/seat-ledger.jsonl?ref=main`. */
  path: string;
  status: number;
}

export interface PutEvent {
  repo: string;
  branch: string;
  path: string;
}

/** One contents PUT as the fake handled it: the order and outcome tests judge. */
export interface PutRecord {
  /** Counts contents PUTs from 1. */
  n: number;
  branch: string;
  path: string;
  /** performance.now() at arrival and when answered: comparable with FakeLabelStudio's log. */
  startedAt: number;
  endedAt: number;
  /** Date.now() at arrival. */
  startedWall: number;
  status: number;
  /** Whether the commit landed on the branch (true for a `land` fault that answers an error). */
  landed: boolean;
  /** The fault the fake injected on this PUT, if any. */
  injected: { status: number; land: boolean; by: 'failNextPuts' | 'failPut' } | null;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface FakeCommit {
  sha: string;
  parent: string | null;
  /** Parents after the first (a merge commit). */
  otherParents?: string[];
  /** Order of creation, newest highest: what the commits API sorts by. */
  order?: number;
  message: string;
  files: Map<string, Uint8Array>;
}

interface RepoState {
  defaultBranch: string;
  branches: Map<string, string>;
  commits: Map<string, FakeCommit>;
  comments: FakeComment[];
}

class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.body = { message, documentation_url: 'https://docs.github.com/rest', ...extra };
  }
}

const NOT_ACCESSIBLE = 'Resource not accessible by integration';
const COMMENT_LIMIT = 65536;

export class FakeGitHub {
  readonly url: string;
  readonly log: RequestLogEntry[] = [];
  /** When set, every issue-comment endpoint answers with this status (403, 404, 500…). */
  commentStatus: number | null = null;
  /** Runs before each contents PUT is checked: another writer can change the branch here. */
  onBeforePut: ((put: PutEvent) => void | Promise<void>) | null = null;
  tokenIsApp: boolean;
  /** Added to the fake's clock in each answer's `Date` header. */
  dateOffsetMs: number;
  /** Branches whose pushes a rule refuses, with GitHub's answer. */
  readonly branchRules = new Map<string, { status: number; message: string }>();

  private readonly server: Server;
  private readonly token: string;
  private readonly login: string;
  private readonly largeFileBytes: number;
  private readonly repos = new Map<string, RepoState>();
  private failPuts: { count: number; status: number } = { count: 0, status: 409 };
  private readonly putFaults = new Map<number, { status: number; land: boolean }>();
  /** Every contents PUT, in arrival order, with what became of it. */
  readonly puts: PutRecord[] = [];
  private nextCommentId = 1001;
  private commitCounter = 0;

  private constructor(server: Server, url: string, opts: FakeGitHubOptions) {
    this.server = server;
    this.url = url;
    this.token = opts.token;
    this.login = opts.login ?? 'octocat';
    this.tokenIsApp = opts.tokenIsApp ?? false;
    this.largeFileBytes = opts.largeFileBytes ?? 1024 * 1024;
    this.dateOffsetMs = opts.dateOffsetMs ?? 0;
  }

  static async start(opts: FakeGitHubOptions): Promise<FakeGitHub> {
    let fake: FakeGitHub | null = null;
    const server = createServer((req, res) => {
      if (fake === null) {
        res.writeHead(503).end();
        return;
      }
      void fake.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeGitHub(server, `http://127.0.0.1:${port}`, opts);
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The user the token acts as: what authored comments show. */
  get actor(): FakeUser {
    return this.tokenIsApp
      ? { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
      : { login: this.login, id: 1, type: 'User' };
  }

  /** Commits `content` at `path` on `branch` (created from the default branch if new); returns the commit SHA. */
  setFile(repo: string, branch: string, path: string, content: string | Uint8Array, message = `Update ${path}`): string {
    const state = this.repo(repo);
    if (!state.branches.has(branch)) this.createBranch(repo, branch);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    return this.commit(state, branch, message, (files) => files.set(path, bytes));
  }

  deleteFile(repo: string, branch: string, path: string): string {
    const state = this.repo(repo);
    return this.commit(state, branch, `Delete ${path}`, (files) => files.delete(path));
  }

  /** The file's text at a branch or commit SHA, or null when absent. */
  getFile(repo: string, ref: string, path: string): string | null {
    const bytes = this.getFileBytes(repo, ref, path);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  getFileBytes(repo: string, ref: string, path: string): Uint8Array | null {
    const commit = this.resolve(this.repo(repo), ref);
    return commit?.files.get(path) ?? null;
  }

  createBranch(repo: string, branch: string, from?: string): string {
    const state = this.repo(repo);
    const source = this.resolve(state, from ?? state.defaultBranch);
    if (source === null) throw new Error(`FakeGitHub: no ref ${from ?? state.defaultBranch} in ${repo}`);
    state.branches.set(branch, source.sha);
    return source.sha;
  }

  /** A branch rule refuses every contents PUT to `branch` of `repo`, with GitHub's answer. */
  refusePushes(repo: string, branch: string, answer: { status: number; message: string } = BRANCH_RULE_ANSWERS.ruleset): void {
    this.branchRules.set(`${repo}@${branch}`, answer);
  }

  /** The repository's default branch (`main` unless set). */
  setDefaultBranch(repo: string, branch: string): void {
    this.repo(repo).defaultBranch = branch;
  }

  /**
   * A merge commit on `into` with parents (head of `into`, head of `from`) and the files of
   * `from` (a merge without conflicts where `from` holds every change); returns its SHA.
   */
  merge(repo: string, into: string, from: string, message = `Merge ${from} into ${into}`): string {
    const state = this.repo(repo);
    const theirs = this.resolve(state, from);
    if (theirs === null) throw new Error(`FakeGitHub: no ref ${from} in ${repo}`);
    const sha = this.commit(state, into, message, (files) => {
      files.clear();
      for (const [k, v] of theirs.files) files.set(k, v);
    });
    state.commits.get(sha)!.otherParents = [theirs.sha];
    return sha;
  }

  headSha(repo: string, branch: string): string {
    const sha = this.repo(repo).branches.get(branch);
    if (sha === undefined) throw new Error(`FakeGitHub: no branch ${branch} in ${repo}`);
    return sha;
  }

  /** Commits on `branch`, newest first. */
  history(repo: string, branch: string): FakeCommit[] {
    const state = this.repo(repo);
    const out: FakeCommit[] = [];
    let sha: string | null = this.headSha(repo, branch);
    while (sha !== null) {
      const commit: FakeCommit | undefined = state.commits.get(sha);
      if (commit === undefined) break;
      out.push(commit);
      sha = commit.parent;
    }
    return out;
  }

  comments(repo: string, issue: number): FakeComment[] {
    return this.repo(repo).comments.filter((c) => c.issue === issue);
  }

  /** Seeds a comment, by default written by someone other than the token's user. */
  addComment(repo: string, issue: number, body: string, user: FakeUser = { login: 'someone-else', id: 99, type: 'User' }): number {
    return this.storeComment(this.repo(repo), issue, body, user).id;
  }

  /** The next `count` contents PUTs fail with `status` (409 stale sha, 422 missing sha, or any other) and write nothing. */
  failNextPuts(count: number, status = 409): void {
    this.failPuts = { count, status };
  }

  /**
   * The `n`-th contents PUT (counted from 1 over the fake's life) answers `status`. With `land`
   * the commit is made first, so the write lands but its answer says otherwise (a lost answer);
   * without it nothing is written (a lost commit).
   */
  failPut(n: number, status: number, options: { land?: boolean } = {}): void {
    this.putFaults.set(n, { status, land: options.land ?? false });
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    let status = 500;
    try {
      const body = await readBody(req);
      this.authenticate(req);
      const reply = await this.route(method, new URL(target, this.url), req, body);
      status = reply.status;
      const headers: Record<string, string> = { date: this.dateHeader(), ...reply.headers };
      if (reply.raw !== undefined) {
        res.writeHead(status, { 'content-type': 'application/vnd.github.raw', ...headers });
        res.end(reply.raw);
      } else {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(reply.json));
      }
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, `fake GitHub: ${String(err)}`);
      status = e.status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', date: this.dateHeader() });
      res.end(JSON.stringify(e.body));
    } finally {
      this.log.push({ method, path: target, status });
    }
  }

  private dateHeader(): string {
    return new Date(Date.now() + this.dateOffsetMs).toUTCString();
  }

  private authenticate(req: IncomingMessage): void {
    const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match === null || match[1] !== this.token) {
      throw new HttpError(401, 'Bad credentials');
    }
  }

  private async route(method: string, url: URL, req: IncomingMessage, raw: string): Promise<Reply> {
    const p = url.pathname;
    if (p === '/user' && method === 'GET') return this.getUser();

    let m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(p);
    if (m !== null) {
      const repo = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
      const path = decodeURIComponent(m[3]!).replace(/^\/+|\/+$/g, '');
      if (method === 'GET') return this.getContents(repo, path, url, req);
      if (method === 'PUT') return this.recordedPut(repo, path, raw);
      throw new HttpError(404, 'Not Found');
    }

    m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(p);
    if (m !== null && method === 'GET') {
      const name = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
      const state = this.repo(name);
      return { status: 200, json: { id: 1, name: decodeURIComponent(m[2]!), full_name: name, default_branch: state.defaultBranch, private: true } };
    }

    // octokit sends `heads/main` as one path segment, `heads%2Fmain`; GitHub accepts both.
    m = /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/(.+)$/.exec(p);
    if (m !== null && method === 'GET' && decodeURIComponent(m[3]!).startsWith('heads/')) {
      const state = this.repo(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      const branch = decodeURIComponent(m[3]!).slice('heads/'.length);
      const sha = state.branches.get(branch);
      if (sha === undefined) throw new HttpError(404, 'Not Found');
      return { status: 200, json: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } };
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/git\/refs$/.exec(p);
    if (m !== null && method === 'POST') {
      const state = this.repo(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      const body = parseJson(raw);
      const ref = typeof body.ref === 'string' ? body.ref : '';
      const sha = typeof body.sha === 'string' ? body.sha : '';
      if (!ref.startsWith('refs/') || ref.split('/').length < 3) throw new HttpError(422, 'Reference name must start with \'refs/\' and have at least two slashes.');
      if (!state.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
      const branch = ref.replace(/^refs\/heads\//, '');
      if (state.branches.has(branch)) throw new HttpError(422, 'Reference already exists');
      state.branches.set(branch, sha);
      return { status: 201, json: { ref, object: { sha, type: 'commit' } } };
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/.exec(p);
    if (m !== null && method === 'GET') {
      const state = this.repo(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      const [base, head] = decodeURIComponent(m[3]!).split('...');
      const b = base ? this.resolve(state, base) : null;
      const h = head ? this.resolve(state, head) : null;
      if (b === null || h === null) throw new HttpError(404, 'Not Found');
      const mergeBase = this.mergeBaseOf(state, b.sha, h.sha);
      if (mergeBase === null) throw new HttpError(404, `No common ancestor between ${base} and ${head}.`);
      return { status: 200, json: { status: 'diverged', merge_base_commit: { sha: mergeBase }, base_commit: { sha: b.sha }, commits: [], files: [] } };
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/commits$/.exec(p);
    if (m !== null && method === 'GET') {
      const state = this.repo(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      return this.listCommits(state, url);
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(p);
    if (m !== null) {
      this.commentGate();
      const state = this.repo(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      const issue = Number(m[3]);
      if (method === 'GET') return this.listComments(state, issue, url);
      if (method === 'POST') {
        const text = commentBody(parseJson(raw));
        return { status: 201, json: this.commentJson(this.storeComment(state, issue, text, this.actor), url) };
      }
      throw new HttpError(404, 'Not Found');
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(p);
    if (m !== null) {
      this.commentGate();
      const state = this.repo(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`);
      const comment = state.comments.find((c) => c.id === Number(m[3]));
      if (comment === undefined) throw new HttpError(404, 'Not Found');
      if (method === 'GET') return { status: 200, json: this.commentJson(comment, url) };
      if (method === 'PATCH') {
        const text = commentBody(parseJson(raw));
        if (comment.user.login !== this.actor.login) {
          throw new HttpError(403, this.tokenIsApp ? NOT_ACCESSIBLE : 'Must have admin rights to Repository.');
        }
        comment.body = text;
        comment.updatedAt = new Date().toISOString();
        return { status: 200, json: this.commentJson(comment, url) };
      }
      throw new HttpError(404, 'Not Found');
    }

    throw new HttpError(404, 'Not Found');
  }

  private getUser(): Reply {
    if (this.tokenIsApp) throw new HttpError(403, NOT_ACCESSIBLE);
    const u = this.actor;
    return { status: 200, json: { login: u.login, id: u.id, type: u.type } };
  }

  private getContents(repo: string, path: string, url: URL, req: IncomingMessage): Reply {
    const state = this.repo(repo);
    const ref = url.searchParams.get('ref') ?? state.defaultBranch;
    const commit = this.resolve(state, ref);
    if (commit === null) throw new HttpError(404, `No commit found for the ref ${ref}`);
    const bytes = commit.files.get(path);
    if (bytes === undefined) {
      const prefix = `${path}/`;
      const children = [...commit.files.keys()].filter((f) => f.startsWith(prefix));
      if (children.length === 0) throw new HttpError(404, 'Not Found');
      const names = [...new Set(children.map((f) => f.slice(prefix.length).split('/')[0]!))];
      return {
        status: 200,
        json: names.map((name) => {
          const full = `${prefix}${name}`;
          const file = commit.files.get(full);
          return file === undefined
            ? { type: 'dir', name, path: full, sha: sha1(full), size: 0 }
            : { type: 'file', name, path: full, sha: blobSha(file), size: file.byteLength };
        }),
      };
    }
    if (/\.raw\b|vnd\.github\.raw/i.test(req.headers.accept ?? '')) {
      return { status: 200, raw: bytes };
    }
    const sha = blobSha(bytes);
    const large = bytes.byteLength > this.largeFileBytes;
    return {
      status: 200,
      json: {
        ...this.fileMeta(repo, path, bytes, ref),
        content: large ? '' : wrap60(Buffer.from(bytes).toString('base64')),
        encoding: large ? 'none' : 'base64',
        sha,
      },
    };
  }

  private async recordedPut(repo: string, path: string, raw: string): Promise<Reply> {
    const record: PutRecord = {
      n: this.puts.length + 1,
      branch: '',
      path,
      startedAt: performance.now(),
      endedAt: 0,
      startedWall: Date.now(),
      status: 0,
      landed: false,
      injected: null,
    };
    this.puts.push(record);
    try {
      const reply = await this.putContents(repo, path, parseJson(raw), record);
      record.status = reply.status;
      return reply;
    } catch (err) {
      record.status = err instanceof HttpError ? err.status : 500;
      throw err;
    } finally {
      record.endedAt = performance.now();
    }
  }

  private async putContents(repo: string, path: string, body: Record<string, unknown>, record: PutRecord): Promise<Reply> {
    const state = this.repo(repo);
    if (typeof body.message !== 'string' || body.message === '') {
      throw new HttpError(422, 'Invalid request.\n\n"message" wasn\'t supplied.');
    }
    if (typeof body.content !== 'string') {
      throw new HttpError(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
    }
    if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(body.content)) {
      throw new HttpError(422, 'content is not valid Base64');
    }
    const branch = typeof body.branch === 'string' ? body.branch.replace(/^refs\/heads\//, '') : state.defaultBranch;
    const given = typeof body.sha === 'string' ? body.sha : null;

    record.branch = branch;
    if (this.onBeforePut !== null) await this.onBeforePut({ repo, branch, path });
    const scheduled = this.putFaults.get(record.n);
    if (scheduled !== undefined && !scheduled.land) {
      record.injected = { ...scheduled, by: 'failPut' };
      throw new HttpError(scheduled.status, scheduled.status === 403 ? NOT_ACCESSIBLE : 'Server Error');
    }
    if (this.failPuts.count > 0) {
      this.failPuts.count--;
      const s = this.failPuts.status;
      record.injected = { status: s, land: false, by: 'failNextPuts' };
      if (s === 409) throw new HttpError(409, `${path} does not match ${given ?? ''}`.trim());
      if (s === 422) throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
      throw new HttpError(s, s === 403 ? NOT_ACCESSIBLE : 'Server Error');
    }

    const head = state.branches.get(branch);
    if (head === undefined) throw new HttpError(404, `Branch ${branch} not found`);
    const rule = this.branchRules.get(`${repo}@${branch}`);
    if (rule !== undefined) throw new HttpError(rule.status, rule.message);
    const current = state.commits.get(head)!.files.get(path);
    if (current !== undefined && given === null) {
      throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    }
    if (given !== null && (current === undefined || blobSha(current) !== given)) {
      throw new HttpError(409, `${path} does not match ${given}`);
    }
    const bytes = new Uint8Array(Buffer.from(body.content, 'base64'));
    const commitSha = this.commit(state, branch, body.message, (files) => files.set(path, bytes));
    record.landed = true;
    if (scheduled !== undefined) {
      record.injected = { ...scheduled, by: 'failPut' };
      throw new HttpError(scheduled.status, scheduled.status === 502 ? 'Bad Gateway' : 'Server Error');
    }
    const commit = state.commits.get(commitSha)!;
    return {
      status: current === undefined ? 201 : 200,
      json: {
        content: { ...this.fileMeta(repo, path, bytes, branch), sha: blobSha(bytes) },
        commit: {
          sha: commitSha,
          message: commit.message,
          parents: commit.parent === null ? [] : [{ sha: commit.parent }],
          html_url: `https://github.com/${repo}/commit/${commitSha}`,
        },
      },
    };
  }

  /** Every ancestor of `sha` (itself included), through all parents. */
  private ancestors(state: RepoState, sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const c = state.commits.get(s);
      if (c === undefined || seen.has(s)) continue;
      seen.add(s);
      if (c.parent !== null) queue.push(c.parent);
      queue.push(...(c.otherParents ?? []));
    }
    return seen;
  }

  private mergeBaseOf(state: RepoState, base: string, head: string): string | null {
    const ofBase = this.ancestors(state, base);
    const common = [...this.ancestors(state, head)].filter((s) => ofBase.has(s));
    common.sort((x, y) => (state.commits.get(y)!.order ?? 0) - (state.commits.get(x)!.order ?? 0));
    return common[0] ?? null;
  }

  /**
   * `GET /repos/{o}/{r}/commits?sha=&path=`: as `git log -- path` with git's default history
   * simplification (a merge that left the file as one parent had it is skipped, and only that
   * parent is followed), newest first, paged.
   */
  private listCommits(state: RepoState, url: URL): Reply {
    const start = this.resolve(state, url.searchParams.get('sha') ?? state.defaultBranch);
    if (start === null) throw new HttpError(404, 'No commit found for SHA');
    const path = url.searchParams.get('path');
    const perPage = clampInt(url.searchParams.get('per_page'), 30, 1, 100);
    const page = clampInt(url.searchParams.get('page'), 1, 1, Number.MAX_SAFE_INTEGER);
    const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
      a === undefined ? b === undefined : b !== undefined && Buffer.from(a).equals(Buffer.from(b));
    const listed: FakeCommit[] = [];
    const seen = new Set<string>();
    const queue = [start.sha];
    for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
      const c = state.commits.get(sha);
      if (c === undefined || seen.has(sha)) continue;
      seen.add(sha);
      const parents = [c.parent, ...(c.otherParents ?? [])].filter((x): x is string => x !== null);
      if (path === null) {
        listed.push(c);
        queue.push(...parents);
        continue;
      }
      const mine = c.files.get(path);
      const treesame = parents.find((ps) => same(state.commits.get(ps)!.files.get(path), mine));
      if (treesame !== undefined) {
        queue.push(treesame);
        continue;
      }
      if (parents.length > 0 || mine !== undefined) listed.push(c);
      queue.push(...parents);
    }
    listed.sort((x, y) => (y.order ?? 0) - (x.order ?? 0));
    return {
      status: 200,
      json: listed.slice((page - 1) * perPage, page * perPage).map((c) => ({
        sha: c.sha,
        commit: { message: c.message },
        parents: [c.parent, ...(c.otherParents ?? [])].filter((x) => x !== null).map((sha) => ({ sha })),
      })),
    };
  }

  private listComments(state: RepoState, issue: number, url: URL): Reply {
    const perPage = clampInt(url.searchParams.get('per_page'), 30, 1, 100);
    const page = clampInt(url.searchParams.get('page'), 1, 1, Number.MAX_SAFE_INTEGER);
    const all = state.comments.filter((c) => c.issue === issue);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const items = all.slice((page - 1) * perPage, page * perPage);
    const link = (n: number, rel: string): string => {
      const u = new URL(url.pathname, this.url);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(n));
      return `<${u.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      status: 200,
      json: items.map((c) => this.commentJson(c, url)),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  private commentGate(): void {
    const s = this.commentStatus;
    if (s === null) return;
    throw new HttpError(s, s === 403 ? NOT_ACCESSIBLE : s === 404 ? 'Not Found' : 'Server Error');
  }

  // ---- state ----

  private repo(name: string): RepoState {
    let state = this.repos.get(name);
    if (state === undefined) {
      const initial: FakeCommit = { sha: sha1(`initial ${name}`), parent: null, message: 'Initial commit', files: new Map() };
      state = {
        defaultBranch: 'main',
        branches: new Map([['main', initial.sha]]),
        commits: new Map([[initial.sha, initial]]),
        comments: [],
      };
      this.repos.set(name, state);
    }
    return state;
  }

  /** A branch name (optionally `refs/heads/…`), a full commit SHA or an unambiguous prefix of 7+ hex digits. */
  private resolve(state: RepoState, ref: string): FakeCommit | null {
    const branch = state.branches.get(ref.replace(/^refs\/heads\//, ''));
    if (branch !== undefined) return state.commits.get(branch) ?? null;
    if (/^[0-9a-f]{7,40}$/i.test(ref)) {
      const matches = [...state.commits.keys()].filter((sha) => sha.startsWith(ref.toLowerCase()));
      if (matches.length === 1) return state.commits.get(matches[0]!) ?? null;
    }
    return null;
  }

  private commit(state: RepoState, branch: string, message: string, edit: (files: Map<string, Uint8Array>) => void): string {
    const parentSha = state.branches.get(branch);
    if (parentSha === undefined) throw new Error(`FakeGitHub: no branch ${branch}`);
    const files = new Map(state.commits.get(parentSha)!.files);
    edit(files);
    const sha = sha1(`commit ${++this.commitCounter} ${parentSha} ${message}`);
    state.commits.set(sha, { sha, parent: parentSha, message, files, order: this.commitCounter });
    state.branches.set(branch, sha);
    return sha;
  }

  private storeComment(state: RepoState, issue: number, body: string, user: FakeUser): FakeComment {
    const now = new Date().toISOString();
    const comment: FakeComment = { id: this.nextCommentId++, issue, body, user, createdAt: now, updatedAt: now };
    state.comments.push(comment);
    return comment;
  }

  private fileMeta(repo: string, path: string, bytes: Uint8Array, ref: string): Record<string, unknown> {
    const api = `${this.url}/repos/${repo}/contents/${path}`;
    return {
      type: 'file',
      name: path.split('/').pop(),
      path,
      size: bytes.byteLength,
      url: `${api}?ref=${encodeURIComponent(ref)}`,
      html_url: `https://github.com/${repo}/blob/${ref}/${path}`,
      download_url: `https://raw.githubusercontent.com/${repo}/${ref}/${path}`,
    };
  }

  private commentJson(c: FakeComment, url: URL): Record<string, unknown> {
    const repoPath = url.pathname.split('/').slice(0, 4).join('/');
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}${repoPath}/issues/comments/${c.id}`,
      html_url: `https://github.com${repoPath.slice('/repos'.length)}/pull/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}${repoPath}/issues/${c.issue}`,
      body: c.body,
      user: { login: c.user.login, id: c.user.id, type: c.user.type },
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'OWNER',
    };
  }
}

interface Reply {
  status: number;
  json?: unknown;
  raw?: Uint8Array;
  headers?: Record<string, string>;
}

/** The SHA-1 git gives a blob: what the contents API calls a file's `sha`. */
export function blobSha(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function wrap60(base64: string): string {
  return (base64.match(/.{1,60}/g) ?? []).join('\n') + (base64 === '' ? '' : '\n');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to GitHub's answer
  }
  throw new HttpError(400, 'Problems parsing JSON');
}

function commentBody(body: Record<string, unknown>): string {
  if (typeof body.body !== 'string' || body.body === '') {
    throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
  }
  if (body.body.length > COMMENT_LIMIT) {
    throw new HttpError(422, 'Validation Failed', {
      errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${COMMENT_LIMIT} characters)` }],
    });
  }
  return body.body;
}

function clampInt(text: string | null, fallback: number, min: number, max: number): number {
  const n = text === null ? NaN : Number.parseInt(text, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
