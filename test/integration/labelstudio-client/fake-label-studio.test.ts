import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabelStudioClient, LabelStudioClientOptions } from '../../../src/labelstudio/client.ts';
import { failure, testClients } from '../../kit/clients.ts';
import { LabelStudioError } from '../../../src/labelstudio/errors.ts';
import { toLiveMember } from '../../../src/labelstudio/wire.ts';
import type { RoleCode } from '../../../src/core/roles.ts';
import { FakeLabelStudio, makeLegacyToken, makePat, mulberry32, type FakeMember, type FakeOptions, type LoggedRequest } from '../../fakes/label-studio.ts';

// The client over real HTTP against the fake Label Studio. Delays and latencies are small so
// the file stays fast; the pacing invariants are checked from the server's own log.

const ORG = 1;
const SELF = 1;
const fakes: FakeLabelStudio[] = [];
// Back-offs of 1 %: 10, 20, 40… ms, so retry tests take milliseconds, not seconds.
const kit = testClients({ concurrency: 4, delayMs: 0, maxRetries: 5, requestTimeoutMs: 2_000, random: () => 0.01 });

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

function roster(n: number): FakeMember[] {
  return Array.from({ length: n }, (_, i) => ({
    userId: i + 1,
    email: `user${i + 1}@example.com`,
    role: i === 0 ? 'AD' : 'AN',
  }));
}

async function fake(options: Partial<FakeOptions> & { members?: FakeMember[] }): Promise<FakeLabelStudio> {
  const f = await FakeLabelStudio.start({ organizationId: ORG, selfUserId: SELF, members: roster(20), ...options });
  fakes.push(f);
  return f;
}

function client(f: FakeLabelStudio, token: string, overrides: Partial<LabelStudioClientOptions> = {}): LabelStudioClient {
  return kit.client(f.url, token, overrides);
}

const isList = (r: LoggedRequest) => r.method === 'GET' && r.path.startsWith(`/api/organizations/${ORG}/memberships`);
const pageOf = (r: LoggedRequest) => new URL(r.path, 'http://x').searchParams.get('page');


/** Sets `role` for users 2…n+1 at once and checks that each write took effect. */
async function setRoles(c: LabelStudioClient, f: FakeLabelStudio, n: number, role: RoleCode): Promise<void> {
  const ids = Array.from({ length: n }, (_, i) => i + 2);
  const answers = await Promise.all(ids.map((id) => c.setRole(ORG, id, role)));
  expect(answers.map((a) => [a.user.id, a.role])).toEqual(ids.map((id) => [id, role]));
  for (const id of ids) expect(f.member(id)?.role).toBe(role);
}

/** Times at which undici created each request to `origin`: the client's own starts. */
function recordDispatches(origin: string): { starts: number[]; stop: () => void } {
  const starts: number[] = [];
  const onCreate = (message: unknown) => {
    const request = (message as { request: { origin?: unknown } }).request;
    if (String(request.origin) === origin) starts.push(performance.now());
  };
  subscribe('undici:request:create', onCreate);
  return { starts, stop: () => unsubscribe('undici:request:create', onCreate) };
}

/**
 * The pacer's own record: the client logs the moment it let each request go, on the pacer's
 * clock, to 0.1 ms. Judged there, not at the server, whose arrival times add whatever a busy
 * machine did to either side; the number of lines is tied to the server's log instead.
 */
function letGoTimes(lines: readonly string[]): number[] {
  return lines.map((line) => / let go at (\d+\.\d) ms$/.exec(line)?.[1]).filter((t): t is string => t !== undefined).map(Number);
}

function expectPaced(letGo: readonly number[], arrivals: number, delayMs: number): void {
  expect(letGo).toHaveLength(arrivals);
  // Two times printed to 0.1 ms may each round 0.05 ms towards the other.
  for (let i = 1; i < letGo.length; i += 1) expect(letGo[i]! - letGo[i - 1]!).toBeGreaterThanOrEqual(delayMs - 0.1);
}

describe('LabelStudioClient against the fake Label Studio', () => {
  it('reads 250 members over 3 capped pages with exactly 3 list requests, none past the end', async () => {
    const token = makeLegacyToken();
    const f = await fake({ members: roster(250), legacyTokens: [token], maxPageSize: 100, latencyMs: 20 });
    const c = client(f, token);
    const me = await c.whoami();
    expect(me).toMatchObject({ id: SELF, active_organization: ORG });
    const members = await c.listMembers(ORG);
    expect(members.map((m) => m.user.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const lists = f.log.filter(isList);
    expect(lists.map(pageOf)).toEqual(['1', '2', '3']);
    expect(lists.every((r) => r.status === 200)).toBe(true);
    // Pages 2 and 3 were read in parallel once page 1 told how many there are.
    expect(lists[2]!.startedAt).toBeLessThan(lists[1]!.endedAt);
    expect(f.log).toHaveLength(4);
    expect(c.stats).toEqual({ requests: 4, retries: 0, throttled: 0, refreshes: 0 });
  });

  it('reads members in the 2025 shape, with a trailing slash on the base URL', async () => {
    const token = makeLegacyToken();
    const f = await fake({ members: roster(30), legacyTokens: [token], legacyShape: true, maxPageSize: 25 });
    const members = await client(f, token, { baseUrl: `${f.url}/` }).listMembers(ORG);
    expect(members).toHaveLength(30);
    expect(members[0]).not.toHaveProperty('role_source');
    expect(toLiveMember(members[1]!)).toEqual({
      userId: 2,
      email: 'user2@example.com',
      role: 'AN',
      roleSource: null,
      userType: null,
    });
    expect(f.log.filter(isList).map(pageOf)).toEqual(['1', '2']);
  });

  it('never exceeds concurrency nor starts two requests closer than delayMs, refreshes included', async () => {
    const pat = makePat();
    // Answers take 70 ms and starts come every 20 ms, so without the cap a fourth would overlap.
    const f = await fake({ members: roster(120), refreshTokens: [pat], latencyMs: 70, maxPageSize: 30 });
    const lines: string[] = [];
    const c = client(f, pat, { concurrency: 3, delayMs: 20, log: (line) => lines.push(line) });
    await Promise.all([c.whoami(), c.listMembers(ORG), setRoles(c, f, 12, 'RE')]);
    expect(f.maxInFlight).toBeGreaterThan(1);
    expect(f.maxInFlight).toBeLessThanOrEqual(3);
    expect(f.log.filter((r) => r.path === '/api/token/refresh/')).toHaveLength(1);
    expectPaced(letGoTimes(lines), f.log.length, 20);
    expect(f.log).toHaveLength(c.stats.requests);
  });

  for (const retryAfter of ['seconds', 'ms', 'date', 'none'] as const) {
    it(`rides out a 429 storm announced as ${retryAfter}: every PATCH succeeds`, async () => {
      const token = makeLegacyToken();
      const f = await fake({ legacyTokens: [token], rateLimit: { perSecond: 40, burst: 4, retryAfter }, latencyMs: 2 });
      // The client's own record, on one clock: when it paused everyone and for how long, and when
      // it created each request. Causality, not timing, decides what may fall inside a pause.
      const pauses: { at: number; ms: number }[] = [];
      const c = client(f, token, {
        maxRetries: 10,
        log: (message) => {
          const m = / pausing all requests (\d+) ms/.exec(message);
          if (m) pauses.push({ at: performance.now(), ms: Number(m[1]) });
        },
      });
      const dispatches = recordDispatches(f.url);
      try {
        await setRoles(c, f, 16, 'MA');
      } finally {
        dispatches.stop();
      }
      const throttled = f.log.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      expect(c.stats.throttled).toBe(throttled.length);
      expect(f.patches()).toHaveLength(16);
      expect(pauses.length).toBeGreaterThan(0);
      if (retryAfter === 'seconds') {
        // Retry-After is at least 1 s in this form, and a 429 holds every worker, not just its own.
        // Inside a pause only requests granted before the client saw the 429 can still be created:
        // at most one per other worker (concurrency 4).
        for (const pause of pauses) {
          expect(pause.ms).toBeGreaterThanOrEqual(1000);
          const inside = dispatches.starts.filter((t) => t > pause.at && t < pause.at + pause.ms - 1);
          expect(inside.length).toBeLessThanOrEqual(3);
        }
      }
    });
  }

  it('completes through 20 % server errors and 5 % connection resets, retrying only what failed', async () => {
    const token = makeLegacyToken();
    const f = await fake({ members: roster(60), legacyTokens: [token], errorRate: 0.2, resetRate: 0.05, random: mulberry32(7), maxPageSize: 20 });
    const maxRetries = 8;
    const c = client(f, token, { maxRetries });
    const members = await c.listMembers(ORG);
    expect(members).toHaveLength(60);
    await setRoles(c, f, 40, 'RE');
    const failed = f.log.filter((r) => r.status !== 200);
    expect(failed.some((r) => r.status === 'reset')).toBe(true);
    expect(failed.some((r) => typeof r.status === 'number' && r.status >= 500)).toBe(true);
    // Every request the server saw was sent by the client, and each failure cost exactly one retry.
    expect(f.log).toHaveLength(c.stats.requests);
    expect(c.stats.retries).toBe(failed.length);
    for (let id = 2; id <= 41; id += 1) {
      const attempts = f.patchAttempts().filter((r) => (r.body as { user_id: number }).user_id === id);
      expect(attempts.length).toBeLessThanOrEqual(1 + maxRetries);
      // Nothing is sent again once a write succeeded.
      expect(attempts.map((r) => r.status === 200)).toEqual([...attempts.slice(1).map(() => false), true]);
    }
  });

  it('retries answers slower than requestTimeoutMs', async () => {
    const token = makeLegacyToken();
    // A slow answer is 4 s against a 1 s time-out: far apart, so a busy machine's own delays never
    // decide which requests time out. The test judges the answers the fake made slow, not durations.
    const f = await fake({ legacyTokens: [token], slowRate: 0.3, slowMs: 4000, random: mulberry32(3) });
    const c = client(f, token, { requestTimeoutMs: 1000, maxRetries: 8 });
    await setRoles(c, f, 10, 'DI');
    const slow = f.injected.filter((i) => i.kind === 'slow' && i.method === 'PATCH');
    expect(slow.length).toBeGreaterThan(0);
    expect(c.stats.retries).toBeGreaterThanOrEqual(slow.length);
    // Each write the fake held past the time-out was sent again: a later attempt for the same user.
    const attempts = f.patchAttempts();
    for (const i of slow) {
      const held = attempts.find((r) => r.seq === i.seq)!;
      const user = (held.body as { user_id: number }).user_id;
      expect(attempts.some((r) => r.seq > i.seq && (r.body as { user_id: number }).user_id === user), `retry of request ${i.seq}`).toBe(true);
    }
  });

  it('refreshes an expired PAT access token once for all workers and completes', async () => {
    const pat = makePat();
    const f = await fake({ refreshTokens: [pat], latencyMs: 5 });
    const secrets: string[] = [];
    const c = client(f, pat, { onSecret: (s) => secrets.push(s) });
    await c.whoami();
    f.expireAccessTokens();
    await setRoles(c, f, 12, 'AN');
    const refreshes = f.log.filter((r) => r.path === '/api/token/refresh/');
    expect(refreshes).toHaveLength(2);
    expect(refreshes.every((r) => r.auth === 'none' && r.method === 'POST')).toBe(true);
    expect(c.stats.refreshes).toBe(2);
    expect(secrets).toHaveLength(2);
    expect(new Set(secrets).size).toBe(2);
    // Requests after the expiry that were refused carried the old token; every retry the new one.
    expect(f.log.filter((r) => r.status === 401).every((r) => r.auth === 'invalid')).toBe(true);
    expect(f.patches().every((r) => r.auth === 'bearer')).toBe(true);
  });

  it('reports a refused PAT with the server detail and without the token', async () => {
    const pat = makePat();
    const f = await fake({ refreshTokens: [makePat()] });
    const error = await failure(client(f, pat).whoami());
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^POST \/api\/token\/refresh\/ answered 401: Token is invalid or expired\. /);
    expect(error.message).not.toContain(pat);
    expect(f.log).toHaveLength(1);
  });

  it('surfaces the detail of a refused legacy token without retrying or showing it', async () => {
    const token = makeLegacyToken();
    const f = await fake({ legacyTokens: [makeLegacyToken()] });
    const error = await failure(client(f, token).whoami());
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^GET \/api\/current-user\/whoami answered 401: Invalid token\. Check label-studio-token/);
    expect(error.message).not.toContain(token);
    expect(f.log).toHaveLength(1);

    const disabled = await fake({ legacyTokens: [token], legacyTokensDisabled: true });
    const off = await failure(client(disabled, token).listMembers(ORG));
    expect(off.detail).toBe('Legacy tokens are disabled for this organization. Create a personal access token and use it instead.');
    expect(off.message).not.toContain(token);
  });

  it('explains a 403 on reading an organization that is not the active one', async () => {
    const token = makeLegacyToken();
    const f = await fake({ legacyTokens: [token], activeOrganization: 2 });
    const error = await failure(client(f, token).listMembers(ORG));
    expect(error.message).toBe(
      "GET /api/organizations/1/memberships?page=1&page_size=1000 answered 403: You can access members only of your current active organization. Check organization-id: the token user can only read its active organization's members",
    );
    expect(f.log).toHaveLength(1);
  });

  it('fails a permanently forbidden PATCH with its detail, once, while the others succeed', async () => {
    const token = makeLegacyToken();
    const detail = 'You do not have permission to perform this action.';
    const f = await fake({ legacyTokens: [token], failPatchFor: { 5: { status: 403, detail } } });
    const c = client(f, token);
    const results = await Promise.allSettled([3, 4, 5, 6].map((id) => c.setRole(ORG, id, 'RE')));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const error = (results[2] as PromiseRejectedResult).reason as LabelStudioError;
    expect(error).toBeInstanceOf(LabelStudioError);
    expect(error.message).toBe(
      `PATCH /api/organizations/1/memberships answered 403: ${detail} The token user needs the Administrator or Owner role in the organization`,
    );
    expect([error.method, error.path, error.status, error.detail, error.retries]).toEqual([
      'PATCH',
      '/api/organizations/1/memberships',
      403,
      detail,
      0,
    ]);
    expect(error.message).not.toContain(token);
    expect(f.patchAttempts().filter((r) => (r.body as { user_id: number }).user_id === 5)).toHaveLength(1);
    expect(f.member(5)?.role).toBe('AN');
  });
});
