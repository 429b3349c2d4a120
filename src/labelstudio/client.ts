import type { LabelStudio } from './port.ts';
import { Agent, request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { ApiMember, ApiMemberPage, ApiWhoAmI, readLiveMemberPage, toLiveMemberPage, type LiveMember } from './wire.ts';
import type { RoleCode } from '../core/roles.ts';
import { createAuthenticator, type Authenticator } from './auth.ts';
import { backoffDelay, serverRequestedDelay } from './backoff.ts';
import { LabelStudioError, describePath, parseErrorDetail, redact } from './errors.ts';
import { countedLastPage, pageLimit, pageProblem, pageUrl, readAddingUp, resolveNextLink, shortLink, uniqueBy, type PageHead } from './pages.ts';
import { Pacer } from './pacer.ts';
import { ApiSeatReportPage, toSeatReportRow, type SeatReportAnswer } from './seat-report.ts';
import type { SeatReportRow } from '../core/seat-report.ts';

export interface LabelStudioClientOptions {
  baseUrl: string;
  token: string;
  concurrency: number;
  delayMs: number;
  maxRetries: number;
  requestTimeoutMs: number;
  /** Gets every access token obtained from a PAT before it is used, to mask it. */
  onSecret?: (secret: string) => void;
  /** Debug-level notes on retries and back-offs; never carries a token. */
  log?: (message: string) => void;
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ClientStats {
  /** HTTP requests sent, retries and token refreshes included. */
  requests: number;
  retries: number;
  /** 429 answers received. */
  throttled: number;
  refreshes: number;
}

const PAGE_SIZE = 1000;
const USER_AGENT = 'label-studio-roster-sync';
// Connection failures that retrying cannot fix: a wrong host name or a certificate problem.
const PERMANENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const DISTRUST_HINT =
  'The answer cannot be right, so nothing was written. Check that label-studio-url is Label Studio itself, not a proxy or another service, and try again';
const SHIFT_HINT =
  'Nothing was written: a list with a member missing could count a held seat as free. Run again once nobody is adding or removing members; if it keeps failing, check that label-studio-url is Label Studio itself';

const TokenRefreshAnswer = z.looseObject({ access: z.string().min(1) });

/** One HTTP exchange: an answer (status and body), or the reason none came. */
interface Attempt {
  startedAt: number;
  status: number | null;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
  failure?: Failure;
}

/** Why no answer came, whether another try could help, and what the user can do about it. */
interface Failure {
  description: string;
  retryable: boolean;
  hint?: string;
}

/** A page as a listing keeps it: its head, its members in some form, their membership ids. */
interface Page<T> extends PageHead {
  results: T[];
  ids: number[];
}

/** How a listing reads a page: a fast reader (null when unsure) and the schema's path behind it. */
interface PageReader<T, P = ApiMemberPage> {
  /** The listing under the organization, e.g. `memberships`. */
  path: string;
  schema: z.ZodType<P>;
  /** From the parsed answer, without the schema. */
  fast: ((json: unknown) => Page<T> | null) | null;
  full: (page: P) => Page<T>;
}

const API_PAGES: PageReader<ApiMember> = {
  path: 'memberships',
  schema: ApiMemberPage,
  fast: null,
  full: (page) => ({ ...page, ids: page.results.map((m) => m.id) }),
};
const LIVE_PAGES: PageReader<LiveMember> = { path: 'memberships', schema: ApiMemberPage, fast: readLiveMemberPage, full: toLiveMemberPage };

/** The seat report's pages; `onFirst` sees the first page's `seat_usage` (the first page is read first, alone). */
function seatReportPages(onFirst: (usage: unknown) => void): PageReader<SeatReportRow, ApiSeatReportPage> {
  let first = true;
  return {
    path: 'seat-report',
    schema: ApiSeatReportPage,
    fast: null,
    full: (page) => {
      if (first) onFirst(page.seat_usage);
      first = false;
      return { count: page.count, next: page.next ?? null, results: page.results.map(toSeatReportRow), ids: page.results.map((r) => r.user_id) };
    },
  };
}

interface Call {
  method: 'GET' | 'POST' | 'PATCH';
  url: URL;
  body?: unknown;
  authenticate: boolean;
}

/**
 * The Label Studio API as this action uses it. Every request, including token refreshes and
 * retries, goes through one pacer and one keep-alive connection pool.
 */
export class LabelStudioClient implements LabelStudio {
  readonly stats: ClientStats = { requests: 0, retries: 0, throttled: 0, refreshes: 0 };
  readonly #base: URL;
  readonly #agent: Agent;
  readonly #pacer: Pacer;
  readonly #auth: Authenticator;
  readonly #secrets = new Set<string>();
  /** Authorization headers the server has answered 2xx: a later 401 to one means it expired. */
  readonly #accepted = new Set<string>();
  readonly #maxRetries: number;
  readonly #timeoutMs: number;
  readonly #log: (message: string) => void;
  readonly #random: () => number;
  readonly #wallClock: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #closing: Promise<void> | null = null;
  /** The `Date` header of the latest answer that had one, and this client's clock when it came. */
  #serverDate: { at: number; received: number } | null = null;

  constructor(options: LabelStudioClientOptions) {
    if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0) {
      throw new RangeError(`maxRetries must be a whole number of at least 0, got ${options.maxRetries}`);
    }
    if (!Number.isFinite(options.requestTimeoutMs) || options.requestTimeoutMs <= 0) {
      throw new RangeError(`requestTimeoutMs must be a positive number, got ${options.requestTimeoutMs}`);
    }
    this.#base = baseUrlOf(options.baseUrl);
    this.#maxRetries = options.maxRetries;
    this.#timeoutMs = options.requestTimeoutMs;
    const log = options.log;
    this.#log = (message) => log?.(redact(message, this.#secrets));
    this.#random = options.random ?? Math.random;
    this.#wallClock = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#pacer = new Pacer({
      concurrency: options.concurrency,
      delayMs: options.delayMs,
      ...(options.now ? { now: options.now } : {}),
      sleep: this.#sleep,
    });
    // The pacer caps requests in flight; the pool must never hold one back, or it would leave
    // late and bunch up with the next. A socket frees a tick after its answer is read, so a
    // pool of exactly `concurrency` does queue: give it headroom (idle sockets cost nothing).
    this.#agent = new Agent({ connections: options.concurrency * 2, keepAliveTimeout: 10_000 });
    this.#secrets.add(options.token.trim());
    this.#auth = createAuthenticator(options.token, {
      refresh: (pat) => this.#refresh(pat),
      onSecret: (secret) => {
        this.#secrets.add(secret);
        options.onSecret?.(secret);
      },
    });
  }

  /** `legacy` (Token) or `pat` (personal access token, exchanged for Bearer access tokens). */
  get tokenKind(): 'legacy' | 'pat' {
    return this.#auth.kind;
  }

  whoami(): Promise<ApiWhoAmI> {
    return this.#json({ method: 'GET', url: this.#url('api/current-user/whoami'), authenticate: true }, ApiWhoAmI);
  }

  /**
   * Every member, in page order, each membership once. The first page tells the page count;
   * the rest are read in parallel (within the pacing) and never past the last page. The server
   * is not believed blindly (docs/security.md): a count above MAX_MEMBERS, an empty page with a next link,
   * a next link to another origin or back to a page already read, and more pages than the count
   * allows all stop the read, before any write, with an error that says what the server sent.
   */
  listMembers(organizationId: number): Promise<ApiMember[]> {
    return this.#list(organizationId, API_PAGES);
  }

  /**
   * As listMembers, each member already in the plan's form: every page is checked and converted
   * as it arrives and its JSON dropped, so a large organization is never held twice in memory.
   */
  listLiveMembers(organizationId: number): Promise<LiveMember[]> {
    return this.#list(organizationId, LIVE_PAGES);
  }

  /**
   * The organization's seat report (an internal Label Studio Enterprise endpoint), paged, paced
   * and distrusted exactly like the member list. `usage` asks for `seat_usage`, on the first page
   * only: it is a heavier count, and one is enough.
   */
  async seatReport(organizationId: number, options: { usage: boolean }): Promise<SeatReportAnswer> {
    let usage: unknown;
    const rows = await this.#list(organizationId, seatReportPages((u) => (usage = u)), options.usage ? { include_seat_usage: 'true' } : {});
    return { rows, usage };
  }

  /** The whole list, read again when it does not add up to its count (members changed mid-read). */
  #list<T, P>(organizationId: number, reader: PageReader<T, P>, firstPageOnly: Record<string, string> = {}): Promise<T[]> {
    const first = this.#url(`api/organizations/${organizationId}/${reader.path}`);
    first.searchParams.set('page', '1');
    first.searchParams.set('page_size', String(PAGE_SIZE));
    for (const [name, value] of Object.entries(firstPageOnly)) first.searchParams.set(name, value);
    return readAddingUp(
      async () => {
        const pages = await this.#readPages(first, reader, firstPageOnly);
        return { members: uniqueBy(pages), counts: pages.map((p) => p.count) };
      },
      (detail) => this.#distrust(first, detail, SHIFT_HINT),
      (detail) => this.#log(`${reader.path} of organization ${organizationId}: ${detail}`),
    );
  }

  async #readPages<T, P>(first: URL, reader: PageReader<T, P>, firstPageOnly: Record<string, string>): Promise<Page<T>[]> {
    const page1 = this.#trusted(await this.#page(first, reader), first);
    const pages: Page<T>[] = [page1];
    if (!page1.next) return pages;

    const limit = pageLimit(page1);
    const next = this.#sameOrigin(page1.next, first);
    // The server echoes the query in its links: what only the first page asks for goes.
    for (const name of Object.keys(firstPageOnly)) next.searchParams.delete(name);
    const last = countedLastPage(page1, next);
    if (last === null) {
      pages.push(...(await this.#follow(next, first, page1, 1, limit, reader)));
      return pages;
    }
    // In windows, so a large count never plans every request at once.
    const window = 100;
    for (let from = 2; from <= last; from += window) {
      const urls: URL[] = [];
      for (let n = from; n <= Math.min(last, from + window - 1); n += 1) urls.push(pageUrl(next, n));
      const settled = await Promise.allSettled(urls.map((url) => this.#page(url, reader, { lastMayBeGone: true })));
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') pages.push(this.#trusted(s.value, urls[i]!));
      });
    }
    // Members added while reading push the end further: follow it rather than guess.
    const tail = pages[pages.length - 1]?.next;
    if (tail) pages.push(...(await this.#follow(this.#sameOrigin(tail, first), first, page1, pages.length, limit, reader)));
    return pages;
  }

  /** Sets a member's role (`user_id` is the user's id, not the membership's). Safe to repeat. */
  setRole(organizationId: number, userId: number, role: RoleCode): Promise<ApiMember> {
    return this.#json(
      {
        method: 'PATCH',
        url: this.#url(`api/organizations/${organizationId}/memberships`),
        body: { user_id: userId, role },
        authenticate: true,
      },
      ApiMember,
    );
  }

  /** Label Studio's clock now, from the `Date` header of its latest answer; null when none had one. */
  serverDate(): Date | null {
    const d = this.#serverDate;
    return d ? new Date(d.at + (this.#wallClock() - d.received)) : null;
  }

  /** Waits for the requests in flight; those still waiting for their turn fail at once. */
  async close(): Promise<void> {
    this.#closing ??= this.#agent.close();
    await this.#closing;
  }

  #url(relative: string): URL {
    return new URL(relative, this.#base);
  }

  /**
   * Walks `next` one page at a time until it is null (old servers send no `count`, and members
   * added while reading extend the end), never past `limit` pages in all nor back to a page read.
   */
  async #follow<T, P>(start: URL, first: URL, page1: PageHead, read: number, limit: number, reader: PageReader<T, P>): Promise<Page<T>[]> {
    const pages: Page<T>[] = [];
    const visited = new Set<string>([first.href]);
    let url: URL | null = start;
    let from = first;
    while (url) {
      if (visited.has(url.href)) {
        throw this.#distrust(from, `the next link (${shortLink(describePath(url))}) leads back to a page already read`);
      }
      if (read >= limit) {
        throw this.#distrust(
          from,
          page1.count !== undefined
            ? `the server sent a next link after ${read} pages, more than its count of ${page1.count} members in pages of ${page1.results.length} allows (at most ${limit} pages)`
            : `the server sent a next link after ${read} pages without a count, more than ${limit} pages of ${page1.results.length} members can hold`,
        );
      }
      visited.add(url.href);
      const page: Page<T> = this.#trusted(await this.#page(url, reader), url);
      pages.push(page);
      read += 1;
      from = url;
      url = page.next ? this.#sameOrigin(page.next, first) : null;
    }
    return pages;
  }

  /** The page, or the error that stops the run when the page cannot be true. */
  #trusted<P extends PageHead>(page: P, url: URL): P {
    const problem = pageProblem(page);
    if (problem) throw this.#distrust(url, problem);
    return page;
  }

  #distrust(url: URL, detail: string, hint = DISTRUST_HINT): LabelStudioError {
    return new LabelStudioError({ method: 'GET', path: describePath(url), status: 200, detail: this.#clean(detail), hint });
  }

  async #page<T, P>(url: URL, reader: PageReader<T, P>, options: { lastMayBeGone?: boolean } = {}): Promise<Page<T>> {
    try {
      const call: Call = { method: 'GET', url, authenticate: true };
      return await this.#json(call, reader.schema, reader.fast, reader.full);
    } catch (error) {
      // Members removed while reading can make a counted page vanish: "Invalid page." is its end.
      if (options.lastMayBeGone && error instanceof LabelStudioError && error.status === 404) {
        this.#log(`${error.method} ${error.path} is gone (members were removed while reading); treating it as empty`);
        return { next: null, results: [], ids: [] };
      }
      throw error;
    }
  }

  #sameOrigin(link: string, from: URL): URL {
    const next = resolveNextLink(link, from, this.#base);
    if (next.ok) return next.url;
    throw new LabelStudioError({
      method: 'GET',
      path: describePath(from),
      status: null,
      detail: next.reason,
      ...(next.origin ? { hint: `If that is the server's real address, set label-studio-url to ${next.origin}` } : {}),
    });
  }

  async #refresh(pat: string): Promise<string> {
    this.stats.refreshes += 1;
    const answer = await this.#json(
      { method: 'POST', url: this.#url('api/token/refresh/'), body: { refresh: pat }, authenticate: false },
      TokenRefreshAnswer,
    );
    return answer.access;
  }

  /**
   * The answer, checked: by `fast` when given and sure (it returns null when not), else by the
   * schema, whose issues word the error, and then `convert`.
   */
  async #json<S, T = S>(call: Call, schema: z.ZodType<S>, fast?: ((json: unknown) => T | null) | null, convert?: (value: S) => T): Promise<T> {
    const { attempt, retries } = await this.#send(call);
    const path = describePath(call.url);
    let json: unknown;
    try {
      json = JSON.parse(attempt.text);
    } catch {
      throw new LabelStudioError({
        method: call.method,
        path,
        status: attempt.status,
        detail: `the answer is not JSON (${this.#clean(parseErrorDetail(attempt.text)).slice(0, 120) || 'empty'})`,
        retries,
        hint: 'Check that label-studio-url is the address of Label Studio itself, not a login page or proxy',
      });
    }
    const quick = fast ? fast(json) : null;
    if (quick !== null) return quick;
    const parsed = schema.safeParse(json, { reportInput: true });
    if (!parsed.success) {
      // What the server sent, cut short: the message must say it, and must stay a message.
      const got = (value: unknown) => {
        const text = JSON.stringify(value) ?? String(value);
        return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
      };
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}${'input' in issue && issue.path.length > 0 ? `, got ${got(issue.input)}` : ''}`)
        .join('; ');
      throw new LabelStudioError({
        method: call.method,
        path,
        status: attempt.status,
        detail: this.#clean(`the answer does not have the expected shape (${issues})`),
        retries,
        hint: 'The server may run a Label Studio version this action does not support',
      });
    }
    return convert ? convert(parsed.data) : (parsed.data as unknown as T);
  }

  /** Sends until a 2xx answer, a final failure, or the retry budget is spent. */
  async #send(call: Call): Promise<{ attempt: Attempt; retries: number }> {
    const path = describePath(call.url);
    let retries = 0;
    let renewed = false;
    for (;;) {
      // Fetched before the queue (a first refresh needs a pacer slot of its own), and read again
      // once this request's turn comes: a token renewed while it waited must not be sent stale.
      let authorization = call.authenticate ? await this.#auth.authorization() : undefined;
      const attempt = await this.#pacer.run(async (startedAt) => {
        // The pacer's own record of each start, on its clock: what a reader (or a test) can hold
        // the pacing to, whatever the network or a busy machine did to the arrival times.
        this.#log(`${call.method} ${path} let go at ${startedAt.toFixed(1)} ms`);
        if (call.authenticate) authorization = await this.#auth.authorization();
        return this.#attempt(call, authorization, startedAt);
      });
      this.stats.requests += 1;
      const status = attempt.status;
      if (status === 429) {
        this.stats.throttled += 1;
      } else if (status !== null) {
        this.#pacer.succeeded();
      }
      if (status !== null && status >= 200 && status < 300) {
        if (authorization !== undefined) this.#accepted.add(authorization);
        return { attempt, retries };
      }

      // The first 401 always earns a renewal. A later one only when the refused token had
      // expired (it worked before, or its own `exp` says so: back-offs can outlast a token),
      // and then it costs a retry; a server that refuses fresh tokens is not asked forever.
      const expired =
        authorization !== undefined &&
        (this.#accepted.has(authorization) || bearerExpired(authorization, this.#wallClock())) &&
        retries < this.#maxRetries;
      if (status === 401 && authorization !== undefined && (!renewed || expired)) {
        const again = renewed;
        renewed = true;
        if (await this.#auth.renew(authorization)) {
          if (again) {
            retries += 1;
            this.stats.retries += 1;
          }
          this.#log(`${call.method} ${path} answered 401; retrying with a fresh access token`);
          continue;
        }
      }
      const retryable =
        status === null ? attempt.failure?.retryable === true : status === 408 || status === 429 || status >= 500;
      const retrying = retryable && retries < this.#maxRetries;
      const asked = status === null ? undefined : serverRequestedDelay(attempt.headers, this.#wallClock());
      const wait = asked ?? backoffDelay(retries, this.#random);
      const source = asked === undefined ? 'back-off' : 'as the server asked';
      if (status === 429) {
        // The limit is the server's, shared by every worker: all of them wait and slow down,
        // even when this request has no retry left.
        this.#pacer.throttled(attempt.startedAt);
        this.#pacer.pause(wait);
      }
      if (!retrying) throw this.#failure(call, attempt, retries);

      retries += 1;
      this.stats.retries += 1;
      const why = status === null ? (attempt.failure?.description ?? 'failed') : `answered ${status}`;
      const next = `retry ${retries}/${this.#maxRetries}`;
      if (status === 429) {
        this.#log(`${call.method} ${path} ${why}; pausing all requests ${wait} ms (${source}), then ${next}`);
      } else {
        this.#log(`${call.method} ${path} ${why}; ${next} in ${wait} ms (${source})`);
        await this.#sleep(wait);
      }
    }
  }

  async #attempt(call: Call, authorization: string | undefined, startedAt: number): Promise<Attempt> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    if (authorization !== undefined) headers.authorization = authorization;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (this.#closing) {
      const failure = { description: 'the client was closed before the request was sent', retryable: false };
      return { startedAt, status: null, headers: {}, text: '', failure };
    }
    const controller = new AbortController();
    let timedOut = false;
    // One deadline for the answer's headers and its whole body: a server that trickles counts.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    try {
      const response = await request(call.url, {
        dispatcher: this.#agent,
        method: call.method,
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: controller.signal,
      });
      const text = await response.body.text();
      const date = response.headers.date;
      const at = typeof date === 'string' ? Date.parse(date) : NaN;
      if (Number.isFinite(at)) this.#serverDate = { at, received: this.#wallClock() };
      return { startedAt, status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      const failure = timedOut
        ? { description: `timed out after ${this.#timeoutMs} ms`, retryable: true }
        : describeNetworkError(error);
      return { startedAt, status: null, headers: {}, text: '', failure };
    } finally {
      clearTimeout(timer);
    }
  }

  #failure(call: Call, attempt: Attempt, retries: number): LabelStudioError {
    const status = attempt.status;
    const detail =
      status === null
        ? this.#clean(attempt.failure?.description ?? 'no answer')
        : this.#clean(parseErrorDetail(attempt.text));
    return new LabelStudioError({
      method: call.method,
      path: describePath(call.url),
      status,
      detail,
      retries,
      hint: hintFor(call, attempt, retries),
    });
  }

  #clean(text: string): string {
    return redact(text, this.#secrets);
  }
}

function baseUrlOf(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new RangeError(`label-studio-url is not a URL: '${baseUrl}'. Write it like https://app.humansignal.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`label-studio-url must be an http(s) URL, got '${url.protocol}'`);
  }
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  // Relative API paths must resolve under a path prefix such as https://host/label-studio/.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** Server and runner clocks may disagree by this much about when a token expires. */
const EXPIRY_SKEW_MS = 60_000;

/** True when a Bearer access token's JWT `exp` claim is past, or nearly (clock skew). */
function bearerExpired(authorization: string, now: number): boolean {
  const payload = authorization.startsWith('Bearer ') ? authorization.slice(7).split('.')[1] : undefined;
  if (!payload) return false;
  try {
    const exp: unknown = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp * 1000 <= now + EXPIRY_SKEW_MS;
  } catch {
    return false;
  }
}

function describeNetworkError(error: unknown): Failure {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const description = (code && !message.includes(code) ? `${message} (${code})` : message) || 'connection failed';
  if (code && PERMANENT_NETWORK_CODES.has(code)) {
    return { description, retryable: false, hint: 'Check label-studio-url and the network access of the runner' };
  }
  return { description, retryable: true };
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function hintFor(call: Call, attempt: Attempt, retries: number): string | undefined {
  const status = attempt.status;
  if (status === null || status === 408 || status === 429 || status >= 500) {
    if (status === null && attempt.failure?.retryable === false) return attempt.failure.hint;
    return retries > 0 ? 'The server kept failing; try again later, or raise max-retries or delay-ms' : undefined;
  }
  if (status === 401) {
    return call.authenticate
      ? 'Check label-studio-token: it was refused (revoked or expired, or legacy tokens are switched off for the organization; a personal access token works then)'
      : 'The personal access token in label-studio-token was refused; create a new one in Label Studio (Account & Settings)';
  }
  if (status === 403) {
    return call.method === 'PATCH'
      ? 'The token user needs the Administrator or Owner role in the organization'
      : "Check organization-id: the token user can only read its active organization's members";
  }
  if (status === 404) {
    return call.method === 'PATCH'
      ? 'Check organization-id, and that the user is a member of the organization'
      : 'Check label-studio-url and organization-id';
  }
  if (status >= 300 && status < 400) {
    const location = attempt.headers.location;
    const target = Array.isArray(location) ? location[0] : location;
    return `Check label-studio-url: the server redirects${target ? ` to ${target.split('?')[0]}` : ''}`;
  }
  return undefined;
}
