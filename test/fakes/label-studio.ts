/**
 * A fake Label Studio Enterprise server for integration tests, end-to-end tests, the demo and
 * the benchmark. A real HTTP server on 127.0.0.1, faithful to /work/shared/spec/label-studio-api.md
 * and the OpenAPI excerpt beside it, and strict about method, path, auth and body so that a
 * client bug shows up as an error here instead of against a customer's organization.
 *
 * The demo runs this file with Node's type stripping: erasable TypeScript and node builtins only.
 *
 * Choices where the vendor's definition is silent (each marked "inferred" in the docs below):
 * - `POST /api/token/refresh/` ignores any Authorization header, as the vendor's JWT view does
 *   (it needs none); the log still classifies the header so tests can assert none was sent.
 * - Bodies must be `application/json`; any other or missing Content-Type answers 415 (the real
 *   server also takes forms, which this project never sends).
 * - Unknown JSON fields are validation errors (the real framework ignores them).
 * - An owner's role cannot be changed, and `OW` cannot be given, through PATCH: 403.
 * - On authenticated paths authentication runs before the method check, as in the vendor's
 *   framework: a wrong method with bad credentials answers 401, not 405.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface FakeMember {
  userId: number;
  email: string | null;
  username?: string;
  /** OW AD MA RE AN DI NO VO */
  role: string;
  /** manual | saml | scim | ldap | api | billing | null; default `manual` */
  roleSource?: string | null;
  /** standard | service | viewonly | null; default `standard` */
  userType?: string | null;
  /** Membership id (distinct from the user id); default 5000 + position in `members`. */
  membershipId?: number;
  firstName?: string;
  lastName?: string;
  /** ISO-8601; default a fixed time so answers are reproducible. */
  lastActivity?: string;
}

export interface RateLimit {
  perSecond: number;
  /** Bucket size; default `perSecond`. */
  burst?: number;
  /** How the wait is announced on a 429; default `seconds`. */
  retryAfter?: 'seconds' | 'ms' | 'date' | 'none';
}

export interface FakeFaults {
  /** Added to every answer (not to resets). */
  latencyMs?: number;
  /** A token bucket per credential; 429 when empty. */
  rateLimit?: RateLimit | null;
  /** Share of requests answered 500/502/503 with a JSON or HTML body. */
  errorRate?: number;
  /** Share of requests whose socket is destroyed without an answer. */
  resetRate?: number;
  /** Share of requests that answer only after an extra `slowMs`. */
  slowRate?: number;
  slowMs?: number;
  /** Seeded PRNG so fault sequences are reproducible; default `mulberry32(1)`. */
  random?: () => number;
}

export interface FakeOptions extends FakeFaults {
  /** Default 1. */
  organizationId?: number;
  members: FakeMember[];
  /** The user every accepted credential authenticates as; must be one of `members`. */
  selfUserId: number;
  /** whoami's `active_organization`; default `organizationId`. */
  activeOrganization?: number;
  /** Accepted as `Authorization: Token <key>`. */
  legacyTokens?: string[];
  /** Every `Token` credential answers 401 saying legacy tokens are disabled. */
  legacyTokensDisabled?: boolean;
  /** Personal access tokens (JWT refresh tokens) accepted at `POST /api/token/refresh/`. */
  refreshTokens?: string[];
  /** Lifetime of access tokens issued on refresh; default 300000. */
  accessTtlMs?: number;
  /** Server cap on `page_size`; default 100. */
  maxPageSize?: number;
  /** Page size when the request names none (or an invalid one); default 30. */
  defaultPageSize?: number;
  /** Permanent PATCH failures by user id, answered after the body validates. */
  failPatchFor?: Record<number, { status: number; detail: string }>;
  /** 2025 definition: members carry only `{id, organization, role, user}`. */
  legacyShape?: boolean;
  /**
   * A hostile server: rewrites an answer after the fake has computed it (lying counts, moving or
   * foreign `next` links, odd `active_organization`). Not called for injected faults.
   */
  tamper?: Tamper;
  /**
   * Ground truth for the seat timeline: when each member's current seat was given (epoch ms).
   * Seated members left out count as given when the fake starts.
   */
  seatSince?: Record<number, number>;
  /** The organization's seat report (`GET /api/organizations/{id}/seat-report`); see FakeSeatReport. */
  seatReport?: FakeSeatReport;
}

/**
 * How the fake answers the vendor's seat report, an internal endpoint a token may be refused and
 * whose shape may change. By default every member is a row whose `counts_toward_seat_limit` is
 * what its role and user_type imply, and `seat_usage` counts them against `limit`.
 */
export interface FakeSeatReport {
  /** Answer every request for it with this status instead (403: refused; 404: no such endpoint). */
  refuse?: 403 | 404 | null;
  /** `renamed`: rows carry `is_billable` instead of `counts_toward_seat_limit` (a newer server). */
  shape?: 'standard' | 'renamed';
  /** `counts_toward_seat_limit` by user id, where the vendor disagrees with role and user_type. */
  counts?: Record<number, boolean>;
  /** Users with `has_stale_role_assignments: true`. */
  stale?: number[];
  /** The licence limit of `seat_usage`; default 100. */
  limit?: number;
  /** Fields of `seat_usage` to send as given (any value, for malformed answers): count, total, limit, reached, scope. */
  usage?: Record<string, unknown>;
}

/** A fault the fake chose to inject, in the order it chose them: what tests judge, not timing. */
export interface InjectedFault {
  /** The request's `seq` in the log. */
  seq: number;
  method: string;
  path: string;
  /**
   * `reset`: socket destroyed unanswered; `5xx`: a server error; `429`: throttled; `slow`: the
   * answer held back an extra `slowMs`; `dropped`: a PATCH refused by `patchGate` (socket destroyed, nothing written).
   */
  kind: 'reset' | '5xx' | '429' | 'slow' | 'dropped';
  status?: number;
}

/**
 * One change of who holds a standard seat, as the fake saw it happen: the ground truth that
 * property checks compare the tool's behaviour with (never the tool's own ledger).
 */
export interface SeatEvent {
  /** Order among all seat events, from 1. */
  order: number;
  /** Date.now() when the change took effect (or the `seatSince` given for an initial seat). */
  at: number;
  userId: number;
  event: 'given' | 'taken';
  /** `initial`: held when the fake started; `tool`: a PATCH; `hand`: updateMember/addMember. */
  by: 'initial' | 'tool' | 'hand';
  from: string | null;
  to: string;
  /** The PATCH's `seq` in the log, for `tool` events. */
  requestSeq: number | null;
  /**
   * On a `taken` event, whether the roster offboarded the user at that moment; unset, the judge
   * asks its own list of offboarded users. (This fake never sets it: a model whose roster changes
   * over the timeline does.)
   */
  offboard?: boolean;
}

/** What `patchGate` sees of a PATCH that has arrived: `n` counts PATCH attempts from 1, this one included. */
export interface PatchArrival {
  n: number;
  seq: number;
  body: unknown;
}

/** What `tamper` may rewrite: the status, JSON body and headers of one answer. */
export interface FakeAnswer {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}
export type Tamper = (request: { method: string; path: string; query: URLSearchParams; baseUrl: string }, answer: FakeAnswer) => FakeAnswer;

export interface LoggedRequest {
  /** Arrival order, from 1. */
  seq: number;
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** performance.now() ms */
  startedAt: number;
  /** Date.now() at arrival: comparable with times the action writes (ledger `at`). */
  startedWall: number;
  /** performance.now() ms; 0 while in flight. */
  endedAt: number;
  /** 0 while in flight; `reset` when the socket was destroyed on purpose. */
  status: number | 'reset';
  /** Requests in flight when this one arrived, itself included. */
  inFlightAtStart: number;
  /** How the Authorization header fared: accepted `token` / `bearer`, absent, or rejected. */
  auth: 'token' | 'bearer' | 'none' | 'invalid';
  /** Parsed JSON when the body parses, else the raw text, else null. */
  body: unknown;
}

const ASSIGNABLE_ROLES: readonly string[] = ['OW', 'AD', 'MA', 'RE', 'AN', 'DI', 'NO'];
const LIVE_ROLES: ReadonlySet<string> = new Set([...ASSIGNABLE_ROLES, 'VO']);
const WORKING_ROLES: ReadonlySet<string> = new Set(['OW', 'AD', 'MA', 'RE', 'AN']);
const ROLE_MANAGERS: ReadonlySet<string> = new Set(['OW', 'AD']);
const PATCH_FIELDS: ReadonlySet<string> = new Set(['user_id', 'role', 'user_type']);
const DEFAULT_LAST_ACTIVITY = '2026-01-05T09:00:00.000000Z';
const DATE_JOINED = '2025-06-01T08:00:00.000000Z';

const WHOAMI_PATH = '/api/current-user/whoami';
const REFRESH_PATH = '/api/token/refresh/';
const MEMBERSHIPS_PATH = /^\/api\/organizations\/(\d+)\/memberships$/;
const SEAT_REPORT_PATH = /^\/api\/organizations\/(\d+)\/seat-report$/;

const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.' };
const TOKEN_NOT_VALID = {
  detail: 'Given token not valid for any token type',
  code: 'token_not_valid',
  messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
};
const REFRESH_NOT_VALID = { detail: 'Token is invalid or expired', code: 'token_not_valid' };
const NO_PERMISSION = { detail: 'You do not have permission to perform this action.' };
const NOT_FOUND = { detail: 'Not found.' };

/** A small seeded PRNG (uniform in [0, 1)), so fault sequences repeat from run to run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

function makeJwt(payload: Record<string, unknown>): string {
  return [
    b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
    b64url(JSON.stringify(payload)),
    b64url(randomBytes(32)),
  ].join('.');
}

/** The payload of a JWT-shaped string, or undefined when it is not one. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A personal access token as the vendor issues it: a JWT refresh token. The signature is random
 * bytes; the fake checks tokens by identity, not by signature.
 */
export function makePat(opts: { expSeconds?: number; userId?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return makeJwt({
    token_type: 'refresh',
    exp: now + (opts.expSeconds ?? 365 * 24 * 3600),
    iat: now,
    jti: randomBytes(16).toString('hex'),
    user_id: opts.userId ?? 1,
  });
}

/** A legacy API key in the vendor's form (40 hex characters). */
export function makeLegacyToken(): string {
  return randomBytes(20).toString('hex');
}

interface StoredMember {
  userId: number;
  email: string | null;
  username: string;
  role: string;
  roleSource: string | null;
  userType: string | null;
  membershipId: number;
  firstName: string;
  lastName: string;
  lastActivity: string;
}

type Answer = FakeAnswer;

type ResolvedFaults = Required<Omit<FakeFaults, 'rateLimit'>> & { rateLimit: RateLimit | null };

interface AuthOk {
  ok: true;
  kind: 'token' | 'bearer';
}
interface AuthFailed {
  ok: false;
  answer: Answer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toStored(m: FakeMember, index: number): StoredMember {
  return {
    userId: m.userId,
    email: m.email,
    username: m.username ?? (m.email ? m.email : `user${m.userId}`),
    role: m.role,
    roleSource: m.roleSource === undefined ? 'manual' : m.roleSource,
    userType: m.userType === undefined ? 'standard' : m.userType,
    membershipId: m.membershipId ?? 5000 + index,
    firstName: m.firstName ?? '',
    lastName: m.lastName ?? '',
    lastActivity: m.lastActivity ?? DEFAULT_LAST_ACTIVITY,
  };
}

function toPublic(m: StoredMember): FakeMember {
  return {
    userId: m.userId,
    email: m.email,
    username: m.username,
    role: m.role,
    roleSource: m.roleSource,
    userType: m.userType,
    membershipId: m.membershipId,
    firstName: m.firstName,
    lastName: m.lastName,
    lastActivity: m.lastActivity,
  };
}

function checkMember(m: FakeMember, where: string): void {
  if (!Number.isInteger(m.userId) || m.userId <= 0) {
    throw new Error(`FakeLabelStudio: ${where} has userId ${String(m.userId)}; give a positive integer.`);
  }
  if (!LIVE_ROLES.has(m.role)) {
    throw new Error(`FakeLabelStudio: ${where} has role "${m.role}"; use one of ${[...LIVE_ROLES].join(', ')}.`);
  }
}

function resolveFaults(f: FakeFaults, previous?: ResolvedFaults): ResolvedFaults {
  const pick = <K extends keyof FakeFaults>(key: K, fallback: NonNullable<FakeFaults[K]>) =>
    f[key] ?? previous?.[key] ?? fallback;
  const rateLimit = 'rateLimit' in f ? (f.rateLimit ?? null) : (previous?.rateLimit ?? null);
  if (rateLimit && !(rateLimit.perSecond > 0)) {
    throw new Error('FakeLabelStudio: rateLimit.perSecond must be above 0; pass rateLimit: null to switch it off.');
  }
  return {
    latencyMs: pick('latencyMs', 0),
    rateLimit,
    errorRate: pick('errorRate', 0),
    resetRate: pick('resetRate', 0),
    slowRate: pick('slowRate', 0),
    slowMs: pick('slowMs', 0),
    random: pick('random', mulberry32(1)),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function parseForLog(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The request body as JSON, or the vendor framework's answer when it cannot be read as JSON. */
function jsonBody(req: IncomingMessage, raw: string): { ok: true; value: unknown } | { ok: false; answer: Answer } {
  const type = mediaType(req);
  if (type !== 'application/json') {
    return { ok: false, answer: { status: 415, json: { detail: `Unsupported media type "${type}" in request.` } } };
  }
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, answer: { status: 400, json: { detail: `JSON parse error - ${(error as Error).message}` } } };
  }
}

function invalidData(errors: Record<string, string[]>): Answer {
  return { status: 400, json: { detail: 'Invalid data', validation_errors: errors } };
}

const SERVER_ERROR_HTML: Record<number, string> = {
  500: '<!doctype html>\n<html lang="en">\n<head><title>Server Error (500)</title></head>\n<body><h1>Server Error (500)</h1><p></p></body>\n</html>\n',
  502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  503: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
};
const SERVER_ERROR_JSON: Record<number, unknown> = {
  500: { detail: 'A server error occurred.' },
  502: { detail: 'Bad gateway.' },
  503: { detail: 'Service temporarily unavailable, try again later.' },
};

export class FakeLabelStudio {
  readonly log: LoggedRequest[] = [];
  /** Peak of requests in flight at once; tests may reset it to 0. */
  maxInFlight = 0;
  /** Every fault the fake injected, in the order it decided them. */
  readonly injected: InjectedFault[] = [];
  /** Who held a standard seat when, as it happened here (see SeatEvent). */
  readonly seatTimeline: SeatEvent[] = [];
  /**
   * Runs when a PATCH to the memberships path arrives, before any fault or write: `drop` destroys
   * the socket and writes nothing (e.g. after killing the client, for an exact crash point).
   */
  patchGate: ((arrival: PatchArrival) => 'proceed' | 'drop') | null = null;
  /** Runs after each member page is answered (`page` from 1): e.g. removeMember() between two page reads. */
  afterPage: ((page: number) => void) | null = null;
  /** Added to the `Date` header of every answer: a server clock ahead (> 0) or behind the runner's. */
  dateOffsetMs = 0;

  private readonly server: Server;
  private readonly organizationId: number;
  private readonly activeOrganization: number;
  private readonly selfUserId: number;
  private readonly legacyTokens: ReadonlySet<string>;
  private readonly legacyTokensDisabled: boolean;
  private readonly refreshTokens: ReadonlySet<string>;
  private readonly accessTtlMs: number;
  private readonly maxPageSize: number;
  private readonly defaultPageSize: number;
  private readonly failPatchFor: Record<number, { status: number; detail: string }>;
  private readonly legacyShape: boolean;
  private readonly tamper: Tamper | undefined;
  private readonly state: StoredMember[];
  private readonly accessTokens = new Map<string, { expiresAt: number; pat: string }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly sleepers = new Map<ReturnType<typeof setTimeout>, () => void>();
  private faults: ResolvedFaults;
  private seatReportOptions: FakeSeatReport;
  private baseUrl = '';
  private inFlight = 0;
  private seq = 0;
  private closing: Promise<void> | undefined;

  private constructor(options: FakeOptions) {
    this.organizationId = options.organizationId ?? 1;
    this.activeOrganization = options.activeOrganization ?? this.organizationId;
    this.selfUserId = options.selfUserId;
    this.legacyTokens = new Set(options.legacyTokens ?? []);
    this.legacyTokensDisabled = options.legacyTokensDisabled ?? false;
    this.refreshTokens = new Set(options.refreshTokens ?? []);
    this.accessTtlMs = options.accessTtlMs ?? 300_000;
    this.maxPageSize = options.maxPageSize ?? 100;
    this.defaultPageSize = Math.min(options.defaultPageSize ?? 30, this.maxPageSize);
    this.failPatchFor = { ...(options.failPatchFor ?? {}) };
    this.legacyShape = options.legacyShape ?? false;
    this.tamper = options.tamper;
    this.faults = resolveFaults(options);
    this.seatReportOptions = { ...(options.seatReport ?? {}) };

    const seenUsers = new Set<number>();
    const seenMemberships = new Set<number>();
    this.state = options.members.map((m, i) => {
      checkMember(m, `members[${i}]`);
      const stored = toStored(m, i);
      if (seenUsers.has(stored.userId)) throw new Error(`FakeLabelStudio: members[${i}] repeats userId ${stored.userId}.`);
      if (seenMemberships.has(stored.membershipId)) {
        throw new Error(`FakeLabelStudio: members[${i}] repeats membershipId ${stored.membershipId}.`);
      }
      seenUsers.add(stored.userId);
      seenMemberships.add(stored.membershipId);
      return stored;
    });
    this.state.sort((a, b) => a.membershipId - b.membershipId);
    const startedAt = Date.now();
    for (const m of this.state) {
      if (holdsSeat(m)) this.recordSeat(m.userId, 'given', 'initial', null, m.role, null, options.seatSince?.[m.userId] ?? startedAt);
    }
    if (!seenUsers.has(this.selfUserId)) {
      throw new Error(`FakeLabelStudio: selfUserId ${this.selfUserId} is not among members; add the token user to members.`);
    }

    this.server = createServer((req, res) => this.onRequest(req, res));
  }

  static async start(options: FakeOptions): Promise<FakeLabelStudio> {
    const fake = new FakeLabelStudio(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.baseUrl = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** `http://127.0.0.1:PORT`, no trailing slash. */
  get url(): string {
    return this.baseUrl;
  }

  /** Switch faults at run time; keys left out keep their value, `rateLimit: null` turns limiting off. */
  setFaults(faults: Partial<FakeFaults>): void {
    this.faults = resolveFaults(faults, this.faults);
    if ('rateLimit' in faults) this.buckets.clear();
  }

  /** The member's current state, or undefined when the user is not a member. */
  member(userId: number): FakeMember | undefined {
    const m = this.state.find((s) => s.userId === userId);
    return m ? toPublic(m) : undefined;
  }

  members(): FakeMember[] {
    return this.state.map(toPublic);
  }

  /** Switch how the seat report answers from now on (replaces the earlier setting). */
  setSeatReport(report: FakeSeatReport): void {
    this.seatReportOptions = { ...report };
  }

  /** GET requests to the seat report, in arrival order. */
  seatReportRequests(): LoggedRequest[] {
    return this.log.filter((r) => r.method === 'GET' && SEAT_REPORT_PATH.test(pathOf(r.path)));
  }

  /** Change a member behind the client's back, as an administrator in the web app would. */
  updateMember(userId: number, changes: Partial<Omit<FakeMember, 'userId' | 'membershipId'>>): void {
    const m = this.state.find((s) => s.userId === userId);
    if (!m) throw new Error(`FakeLabelStudio: user ${userId} is not a member; add them with addMember().`);
    const next = toStored({ ...toPublic(m), ...changes, userId, membershipId: m.membershipId }, 0);
    checkMember(toPublic(next), `updateMember(${userId})`);
    const before = { held: holdsSeat(m), role: m.role };
    Object.assign(m, next);
    this.seatChange(m, before, 'hand', null);
  }

  addMember(member: FakeMember): void {
    checkMember(member, `addMember(${member.userId})`);
    if (this.state.some((s) => s.userId === member.userId)) {
      throw new Error(`FakeLabelStudio: user ${member.userId} is already a member; use updateMember().`);
    }
    const nextId = Math.max(5000, ...this.state.map((s) => s.membershipId)) + 1;
    const stored = toStored({ ...member, membershipId: member.membershipId ?? nextId }, 0);
    this.state.push(stored);
    this.state.sort((a, b) => a.membershipId - b.membershipId);
    this.seatChange(stored, { held: false, role: null }, 'hand', null);
  }

  /** Remove a member, as an administrator in the web app would; a held seat is given up. */
  removeMember(userId: number): void {
    const at = this.state.findIndex((s) => s.userId === userId);
    if (at < 0) throw new Error(`FakeLabelStudio: user ${userId} is not a member.`);
    const [m] = this.state.splice(at, 1);
    if (holdsSeat(m!)) this.recordSeat(userId, 'taken', 'hand', m!.role, 'DI', null, Date.now());
  }

  /** One user's seat events, oldest first. */
  seatEventsOf(userId: number): SeatEvent[] {
    return this.seatTimeline.filter((e) => e.userId === userId);
  }

  private seatChange(m: StoredMember, before: { held: boolean; role: string | null }, by: SeatEvent['by'], requestSeq: number | null): void {
    const held = holdsSeat(m);
    if (held === before.held) return;
    this.recordSeat(m.userId, held ? 'given' : 'taken', by, before.role, m.role, requestSeq, Date.now());
  }

  private recordSeat(
    userId: number,
    event: SeatEvent['event'],
    by: SeatEvent['by'],
    from: string | null,
    to: string,
    requestSeq: number | null,
    at: number,
  ): void {
    this.seatTimeline.push({ order: this.seatTimeline.length + 1, at, userId, event, by, from, to, requestSeq });
  }

  /** PATCH requests to the memberships path answered 200: the writes that took effect. */
  patches(): LoggedRequest[] {
    return this.log.filter((r) => r.method === 'PATCH' && MEMBERSHIPS_PATH.test(pathOf(r.path)) && r.status === 200);
  }

  /** Every PATCH request to the memberships path, faulted and refused ones included. */
  /**
   * Requests other than the reads a plan or apply starts at once, beside its file checks
   * (src/run/read-ahead.ts: whoami and member pages, and a token refresh to send them): what a
   * run stopped by a bad file must never have sent.
   */
  beyondReadAhead(): LoggedRequest[] {
    return this.log.filter((r) => {
      const p = pathOf(r.path);
      if (r.method === 'GET' && (p === WHOAMI_PATH || MEMBERSHIPS_PATH.test(p))) return false;
      return !(r.method === 'POST' && p === REFRESH_PATH);
    });
  }

  patchAttempts(): LoggedRequest[] {
    return this.log.filter((r) => r.method === 'PATCH' && MEMBERSHIPS_PATH.test(pathOf(r.path)));
  }

  /** Every access token issued on refresh so far, oldest first: for tests that look for leaked secrets. */
  issuedAccessTokens(): string[] {
    return [...this.accessTokens.keys()];
  }

  /** Make every access token issued so far expire now; the next Bearer request answers 401. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  /** Stops listening and destroys open (keep-alive) sockets, so tests end promptly. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const [timer, wake] of this.sleepers) {
        clearTimeout(timer);
        wake();
      }
      this.sleepers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const entry: LoggedRequest = {
      seq: ++this.seq,
      method: req.method ?? '',
      path: req.url ?? '',
      startedAt: performance.now(),
      startedWall: Date.now(),
      endedAt: 0,
      status: 0,
      inFlightAtStart: this.inFlight,
      auth: this.classifyAuth(req.headers.authorization),
      body: null,
    };
    this.log.push(entry);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      entry.endedAt = performance.now();
      this.inFlight -= 1;
    };
    res.on('close', finish);
    // Every request takes the same draws, in arrival order, whatever it turns out to be: the faults
    // the n-th request gets depend on the seed alone, not on timing.
    const r = this.faults.random;
    const draws: Draws = { reset: r(), error: r(), status: r(), body: r(), slow: r() };
    this.handle(req, res, entry, finish, draws).catch((error: unknown) => {
      this.send(res, entry, { status: 500, json: { detail: `Fake server bug: ${String(error)}` } });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, finish: () => void, draws: Draws) {
    const raw = await readBody(req);
    entry.body = parseForLog(raw);
    const f = this.faults;
    const inject = (kind: InjectedFault['kind'], status?: number) =>
      this.injected.push({ seq: entry.seq, method: entry.method, path: entry.path, kind, ...(status !== undefined ? { status } : {}) });
    const drop = (kind: 'reset' | 'dropped') => {
      inject(kind);
      entry.status = 'reset';
      req.socket.destroy();
      finish();
    };

    if (this.patchGate && entry.method === 'PATCH' && MEMBERSHIPS_PATH.test(pathOf(entry.path))) {
      const n = this.log.filter((e) => e.method === 'PATCH' && MEMBERSHIPS_PATH.test(pathOf(e.path)) && e.seq <= entry.seq).length;
      if (this.patchGate({ n, seq: entry.seq, body: entry.body }) === 'drop') {
        drop('dropped');
        return;
      }
    }
    if (f.resetRate > 0 && draws.reset < f.resetRate) {
      drop('reset');
      return;
    }
    // A slow answer is slow whatever it says: a 5xx or a 429 may be late too.
    const slow = f.slowRate > 0 && draws.slow < f.slowRate;
    if (slow) inject('slow');
    const wait = f.latencyMs + (slow ? f.slowMs : 0);
    if (f.errorRate > 0 && draws.error < f.errorRate) {
      const status = [500, 502, 503][Math.min(2, Math.floor(draws.status * 3))]!;
      inject('5xx', status);
      const answer: Answer =
        draws.body < 0.5 ? { status, json: SERVER_ERROR_JSON[status] } : { status, html: SERVER_ERROR_HTML[status] };
      await this.sleep(wait);
      this.send(res, entry, answer);
      return;
    }
    if (f.rateLimit) {
      const waitMs = this.take(this.credentialKey(req, entry.body), f.rateLimit);
      if (waitMs > 0) {
        inject('429', 429);
        await this.sleep(wait);
        this.send(res, entry, throttled(waitMs, f.rateLimit.retryAfter ?? 'seconds'));
        return;
      }
    }
    await this.sleep(wait);
    const answer = this.route(req, raw, entry.seq);
    if (!this.tamper) return this.send(res, entry, answer);
    const target = req.url ?? '';
    const query = new URLSearchParams(target.includes('?') ? target.slice(target.indexOf('?') + 1) : '');
    this.send(res, entry, this.tamper({ method: req.method ?? '', path: pathOf(target), query, baseUrl: this.baseUrl }, answer));
  }

  private route(req: IncomingMessage, raw: string, seq: number): Answer {
    const target = req.url ?? '';
    const path = pathOf(target);
    const query = new URLSearchParams(target.includes('?') ? target.slice(target.indexOf('?') + 1) : '');
    const method = req.method ?? '';

    if (path === REFRESH_PATH) {
      if (method !== 'POST') return notAllowed(method, ['POST']);
      return this.refresh(req, raw);
    }
    const memberships = MEMBERSHIPS_PATH.exec(path);
    const seatReport = SEAT_REPORT_PATH.exec(path);
    if (path !== WHOAMI_PATH && !memberships && !seatReport) return { status: 404, json: NOT_FOUND };

    const auth = this.authenticate(req.headers.authorization);
    if (!auth.ok) return auth.answer;

    if (seatReport) {
      if (method !== 'GET') return notAllowed(method, ['GET']);
      return this.seatReport(Number(seatReport[1]), path, query);
    }

    if (path === WHOAMI_PATH) {
      if (method !== 'GET') return notAllowed(method, ['GET']);
      return { status: 200, json: this.whoami() };
    }
    const orgId = Number(memberships![1]);
    if (method === 'GET') {
      const answer = this.listMembers(orgId, path, query);
      if (answer.status === 200) this.afterPage?.(Number(query.get('page') ?? '1'));
      return answer;
    }
    if (method === 'PATCH') return this.patchMember(orgId, req, raw, seq);
    return notAllowed(method, ['GET', 'PATCH']);
  }

  private classifyAuth(header: string | undefined): LoggedRequest['auth'] {
    if (header === undefined) return 'none';
    const result = this.authenticate(header);
    return result.ok ? result.kind : 'invalid';
  }

  private authenticate(header: string | undefined): AuthOk | AuthFailed {
    const fail = (json: unknown, scheme = 'Token'): AuthFailed => ({
      ok: false,
      answer: { status: 401, json, headers: { 'www-authenticate': scheme === 'Bearer' ? 'Bearer realm="api"' : 'Token' } },
    });
    if (!header) return fail(NOT_PROVIDED);
    const parts = header.trim().split(/\s+/);
    const scheme = parts[0] ?? '';
    if (scheme.toLowerCase() === 'token') {
      if (parts.length === 1) return fail({ detail: 'Invalid token header. No credentials provided.' });
      if (parts.length > 2) return fail({ detail: 'Invalid token header. Token string should not contain spaces.' });
      if (this.legacyTokensDisabled) {
        return fail({
          detail: 'Legacy tokens are disabled for this organization. Create a personal access token and use it instead.',
        });
      }
      return this.legacyTokens.has(parts[1]!) ? { ok: true, kind: 'token' } : fail({ detail: 'Invalid token.' });
    }
    if (scheme === 'Bearer') {
      if (parts.length !== 2) {
        return fail(
          { detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' },
          'Bearer',
        );
      }
      const issued = this.accessTokens.get(parts[1]!);
      return issued && issued.expiresAt > Date.now() ? { ok: true, kind: 'bearer' } : fail(TOKEN_NOT_VALID, 'Bearer');
    }
    // No authenticator claims an unknown scheme, so the request is simply anonymous.
    return fail(NOT_PROVIDED);
  }

  /** Rate limits follow the credential; an access token counts against the PAT it came from. */
  private credentialKey(req: IncomingMessage, body: unknown): string {
    const header = req.headers.authorization;
    if (header) {
      const [scheme, value] = header.trim().split(/\s+/);
      if (scheme === 'Bearer' && value) {
        const issued = this.accessTokens.get(value);
        return issued ? `pat:${issued.pat}` : `bearer:${value}`;
      }
      return `header:${header}`;
    }
    if (isRecord(body) && typeof body.refresh === 'string') return `pat:${body.refresh}`;
    return 'anonymous';
  }

  /** Takes one token from the credential's bucket: 0 when allowed, else ms until one is available. */
  private take(key: string, limit: RateLimit): number {
    const capacity = Math.max(1, limit.burst ?? limit.perSecond);
    const now = performance.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) / limit.perSecond) * 1000;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  private send(res: ServerResponse, entry: LoggedRequest, answer: Answer): void {
    entry.status = answer.status;
    if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
    const html = answer.html !== undefined;
    const text = html ? answer.html! : JSON.stringify(answer.json ?? {});
    res.writeHead(answer.status, {
      'content-type': html ? 'text/html; charset=utf-8' : 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      vary: 'Accept, Authorization, Cookie',
      ...(this.dateOffsetMs !== 0 ? { date: new Date(Date.now() + this.dateOffsetMs).toUTCString() } : {}),
      ...answer.headers,
    });
    res.end(text);
  }

  private self(): StoredMember {
    return this.state.find((m) => m.userId === this.selfUserId)!;
  }

  /** The members the fake knows of an organization: all of its own, or only the token user of another active one. */
  private membersOf(orgId: number): StoredMember[] | undefined {
    if (orgId === this.organizationId) return this.state;
    if (orgId === this.activeOrganization) return [this.self()];
    return undefined;
  }

  private whoami(): Record<string, unknown> {
    const me = this.self();
    const membership = {
      organization_id: this.activeOrganization,
      role: me.role,
      active: true,
      user_type: me.userType,
      flex: null,
    };
    return {
      id: me.userId,
      username: me.username,
      ...(me.email === null ? {} : { email: me.email }),
      first_name: me.firstName,
      last_name: me.lastName,
      avatar: null,
      initials: initials(me),
      phone: '',
      date_joined: DATE_JOINED,
      last_activity: me.lastActivity,
      active_organization: this.activeOrganization,
      active_organization_meta: { title: `Organization ${this.activeOrganization}`, email: me.email ?? '' },
      allow_newsletters: null,
      custom_hotkeys: null,
      lse_fields: {
        active_organization_external_id: null,
        email_notification_settings: {},
        invite_expired: null,
        invite_expired_at: null,
      },
      org_membership: [membership],
      organization_membership: membership,
      pause: null,
      permissions: [],
      social_accounts: [],
    };
  }

  private memberJson(m: StoredMember, orgId: number): Record<string, unknown> {
    const user: Record<string, unknown> = {
      id: m.userId,
      username: m.username,
      ...(m.email === null ? {} : { email: m.email }),
      first_name: m.firstName,
      last_name: m.lastName,
      last_activity: m.lastActivity,
      date_joined: DATE_JOINED,
      avatar: null,
      initials: initials(m),
      phone: '',
      active_organization: orgId,
      allow_newsletters: null,
      custom_hotkeys: null,
      pause: null,
      lse_fields: { email_notification_settings: {}, invite_expired: null, invite_expired_at: null },
      contributed_to_projects: null,
      created_projects: null,
    };
    if (this.legacyShape) return { id: m.membershipId, organization: orgId, role: m.role, user };
    return {
      id: m.membershipId,
      organization: orgId,
      role: m.role,
      role_source: m.roleSource,
      user_type: m.userType,
      tags: [],
      concurrency: null,
      contributed_to_projects: null,
      created_projects: null,
      flex: null,
      user,
    };
  }

  private orgAccess(orgId: number): { ok: true; members: StoredMember[] } | { ok: false; answer: Answer } {
    const members = this.membersOf(orgId);
    if (!members) return { ok: false, answer: { status: 404, json: NOT_FOUND } };
    if (orgId !== this.activeOrganization) {
      return {
        ok: false,
        answer: {
          status: 403,
          json: { detail: 'You can access members only of your current active organization.' },
        },
      };
    }
    return { ok: true, members };
  }

  private listMembers(orgId: number, path: string, query: URLSearchParams): Answer {
    const access = this.orgAccess(orgId);
    if (!access.ok) return access.answer;

    const pageSize = positiveInt(query.get('page_size'), this.maxPageSize) ?? this.defaultPageSize;
    const matching = access.members.filter((m) => matchesFilters(m, query));
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    const pageText = query.get('page') ?? '1';
    const page = pageText === 'last' ? pages : /^\d+$/.test(pageText) ? Number(pageText) : NaN;
    if (!Number.isInteger(page) || page < 1 || page > pages) return { status: 404, json: { detail: 'Invalid page.' } };

    const link = (n: number | null): string => {
      const params = new URLSearchParams(query);
      if (n === null) params.delete('page');
      else params.set('page', String(n));
      // The vendor's framework rebuilds the query sorted by key.
      params.sort();
      const qs = params.toString();
      return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
    };
    return {
      status: 200,
      json: {
        count: matching.length,
        next: page < pages ? link(page + 1) : null,
        previous: page > 1 ? link(page === 2 ? null : page - 1) : null,
        results: matching.slice((page - 1) * pageSize, page * pageSize).map((m) => this.memberJson(m, orgId)),
      },
    };
  }

  /** The seat report, paged and checked exactly like the member list; `seat_usage` only when asked for. */
  private seatReport(orgId: number, path: string, query: URLSearchParams): Answer {
    const options = this.seatReportOptions;
    // The vendor publishes it as internal: a token may be refused it, or a server not have it.
    if (options.refuse === 403) return { status: 403, json: NO_PERMISSION };
    if (options.refuse === 404) return { status: 404, json: NOT_FOUND };
    const listing = this.listMembers(orgId, path, query);
    if (listing.status !== 200) return listing;
    const page = listing.json as { count: number; next: string | null; previous: string | null; results: { user: { id: number } }[] };
    const byUser = new Map(this.state.map((m) => [m.userId, m]));
    const counts = (m: StoredMember) => options.counts?.[m.userId] ?? holdsSeat(m);
    const results = page.results.map((row) => {
      const m = byUser.get(row.user.id)!;
      const seat = counts(m);
      return {
        user_id: m.userId,
        email: m.email ?? '',
        first_name: m.firstName,
        last_name: m.lastName,
        account_is_active: true,
        ...(options.shape === 'renamed' ? { is_billable: seat } : { counts_toward_seat_limit: seat }),
        has_stale_role_assignments: options.stale?.includes(m.userId) ?? false,
        organization_role: m.role,
        organization_role_display: m.role,
        role_source: m.roleSource,
        role_source_display: m.roleSource,
        user_type: m.userType,
        user_type_display: m.userType,
        organization_role_assignments: [],
        project_role_assignments: [],
        workspace_access_assignments: [],
      };
    });
    const json: Record<string, unknown> = { count: page.count, next: page.next, previous: page.previous, results };
    if (query.get('include_seat_usage') === 'true') {
      const count = this.state.filter(counts).length;
      const limit = options.limit ?? 100;
      json.seat_usage = { count, total: this.state.length, limit, reached: count >= limit, scope: 'organization', ...options.usage };
    }
    return { status: 200, json };
  }

  private patchMember(orgId: number, req: IncomingMessage, raw: string, seq: number): Answer {
    const access = this.orgAccess(orgId);
    if (!access.ok) return access.answer;
    if (!ROLE_MANAGERS.has(this.self().role)) return { status: 403, json: NO_PERMISSION };

    const parsed = jsonBody(req, raw);
    if (!parsed.ok) return parsed.answer;
    const body = parsed.value;
    if (!isRecord(body)) {
      const got = Array.isArray(body) ? 'list' : body === null ? 'null' : typeof body;
      return invalidData({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
    }
    const errors: Record<string, string[]> = {};
    for (const key of Object.keys(body)) {
      if (!PATCH_FIELDS.has(key)) errors[key] = ['Unknown field.'];
    }
    if (!('user_id' in body)) errors.user_id = ['This field is required.'];
    else if (typeof body.user_id !== 'number' || !Number.isInteger(body.user_id)) {
      errors.user_id = ['A valid integer is required.'];
    }
    if (!('role' in body)) errors.role = ['This field is required.'];
    else if (typeof body.role !== 'string' || !ASSIGNABLE_ROLES.includes(body.role)) {
      errors.role = [`"${String(body.role)}" is not a valid choice.`];
    }
    if ('user_type' in body && body.user_type !== 'standard') {
      errors.user_type = [`"${String(body.user_type)}" is not a valid choice.`];
    }
    if (Object.keys(errors).length > 0) return invalidData(errors);

    const userId = body.user_id as number;
    const role = body.role as string;
    const failure = this.failPatchFor[userId];
    if (failure) return { status: failure.status, json: { detail: failure.detail } };

    const target = access.members.find((m) => m.userId === userId);
    if (!target) return { status: 404, json: NOT_FOUND };
    if (userId === this.selfUserId) {
      return { status: 405, json: { detail: 'User cannot change their own role.' } };
    }
    if (target.role === 'OW' && role !== 'OW') {
      return { status: 403, json: { detail: "The organization owner's role cannot be changed; contact support." } };
    }
    if (role === 'OW' && target.role !== 'OW') {
      return { status: 403, json: { detail: 'Ownership cannot be transferred through this endpoint; contact support.' } };
    }

    const before = { held: holdsSeat(target), role: target.role };
    target.role = role;
    // A working role upgrades a view-only member to a paid standard seat.
    if (body.user_type === 'standard' || (WORKING_ROLES.has(role) && target.userType === 'viewonly')) {
      target.userType = 'standard';
    }
    this.seatChange(target, before, 'tool', seq);
    return { status: 200, json: this.memberJson(target, orgId) };
  }

  private refresh(req: IncomingMessage, raw: string): Answer {
    const parsed = jsonBody(req, raw);
    if (!parsed.ok) return parsed.answer;
    const body = parsed.value;
    if (!isRecord(body) || !('refresh' in body)) return invalidData({ refresh: ['This field is required.'] });
    if (typeof body.refresh !== 'string') return invalidData({ refresh: ['Not a valid string.'] });
    if (body.refresh === '') return invalidData({ refresh: ['This field may not be blank.'] });

    const pat = body.refresh;
    const payload = decodeJwtPayload(pat);
    const exp = payload?.exp;
    if (
      !this.refreshTokens.has(pat) ||
      payload?.token_type !== 'refresh' ||
      typeof exp !== 'number' ||
      exp * 1000 <= Date.now()
    ) {
      return { status: 401, json: REFRESH_NOT_VALID };
    }
    const now = Date.now();
    const expiresAt = now + this.accessTtlMs;
    const access = makeJwt({
      token_type: 'access',
      exp: Math.ceil(expiresAt / 1000),
      iat: Math.floor(now / 1000),
      jti: randomBytes(16).toString('hex'),
      user_id: this.selfUserId,
    });
    this.accessTokens.set(access, { expiresAt, pat });
    return { status: 200, json: { access } };
  }
}

interface Draws {
  reset: number;
  error: number;
  status: number;
  body: number;
  slow: number;
}

/** A standard, licensed seat: a working role, not a service or view-only account. */
function holdsSeat(m: StoredMember): boolean {
  return WORKING_ROLES.has(m.role) && m.userType !== 'service' && m.userType !== 'viewonly';
}

function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

function notAllowed(method: string, allowed: string[]): Answer {
  return { status: 405, json: { detail: `Method "${method}" not allowed.` }, headers: { allow: allowed.join(', ') } };
}

function throttled(waitMs: number, form: NonNullable<RateLimit['retryAfter']>): Answer {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const headers: Record<string, string> = {};
  if (form === 'seconds') headers['retry-after'] = String(seconds);
  if (form === 'ms') headers['retry-after-ms'] = String(Math.max(1, Math.ceil(waitMs)));
  // An HTTP date has whole seconds: round up so a client that waits until it is never early.
  if (form === 'date') headers['retry-after'] = new Date(Math.ceil((Date.now() + waitMs) / 1000) * 1000).toUTCString();
  return {
    status: 429,
    json: { detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.` },
    headers,
  };
}

/** The vendor framework's reading of `page_size`: a positive integer, capped; anything else means the default. */
function positiveInt(text: string | null, cap: number): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? Math.min(n, cap) : undefined;
}

function commaList(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.get(name);
  return raw === null || raw === '' ? undefined : raw.split(',').map((s) => s.trim());
}

function matchesFilters(m: StoredMember, query: URLSearchParams): boolean {
  const roles = commaList(query, 'role');
  if (roles && !roles.includes(m.role)) return false;
  const types = commaList(query, 'user_type');
  if (types && !types.includes(m.userType ?? '')) return false;
  // Nobody in the fake is soft-deleted.
  if (query.get('is_deleted') === 'true') return false;
  const search = query.get('search')?.toLowerCase();
  if (search) {
    const haystack = [m.email ?? '', m.username, m.firstName, m.lastName].join('\n').toLowerCase();
    if (!haystack.includes(search)) return false;
  }
  return true;
}

function initials(m: StoredMember): string {
  const fromNames = `${m.firstName.charAt(0)}${m.lastName.charAt(0)}`;
  return (fromNames || m.username.slice(0, 2)).toLowerCase() || '?';
}
