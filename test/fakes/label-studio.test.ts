import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeJwtPayload, FakeLabelStudio, makePat, mulberry32 } from './label-studio.ts';
import type { FakeMember, FakeOptions } from './label-studio.ts';
import { ApiMemberPage, ApiWhoAmI, toLiveMember } from '../../src/labelstudio/wire.ts';

const LEGACY = 'legacy-key-0123456789abcdef';
const MEMBERS_PATH = '/api/organizations/1/memberships';

const MEMBERS: FakeMember[] = [
  { userId: 1, email: 'admin@example.com', role: 'AD' },
  { userId: 2, email: 'owner@example.com', role: 'OW' },
  { userId: 3, email: 'manager@example.com', role: 'MA' },
  { userId: 4, email: 'bob@example.com', role: 'AN' },
  { userId: 5, email: null, role: 'DI', roleSource: null },
  { userId: 6, email: 'sam@example.com', role: 'RE', roleSource: 'saml' },
  { userId: 7, email: 'viewer@example.com', role: 'VO', userType: 'viewonly' },
];

const started: FakeLabelStudio[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.close()));
});

async function start(options: Partial<FakeOptions> = {}): Promise<FakeLabelStudio> {
  const fake = await FakeLabelStudio.start({ members: MEMBERS, selfUserId: 1, legacyTokens: [LEGACY], ...options });
  started.push(fake);
  return fake;
}

interface MemberJson {
  id: number;
  organization: number;
  role: string;
  role_source?: string | null;
  user_type?: string | null;
  user: { id: number; email?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The union of the answers' fields this file reads; HTML error pages leave all of them undefined. */
interface Body {
  detail: string;
  code: string;
  access: string;
  validation_errors: Record<string, string[]>;
  count: number;
  next: string | null;
  previous: string | null;
  results: MemberJson[];
  [key: string]: unknown;
}

interface Answer {
  status: number;
  headers: Headers;
  body: Body;
}

async function call(
  fake: FakeLabelStudio,
  path: string,
  init: { method?: string; auth?: string | null; json?: unknown; body?: string; contentType?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = init.auth === undefined ? `Token ${LEGACY}` : init.auth;
  if (auth !== null) headers.authorization = auth;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] = 'application/json';
  }
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const res = await fetch(fake.url + path, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: Body = {} as Body;
  try {
    parsed = JSON.parse(text) as Body;
  } catch {
    // HTML error pages carry no fields.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

const patch = (fake: FakeLabelStudio, json: unknown, auth?: string) =>
  call(fake, MEMBERS_PATH, { method: 'PATCH', json, auth });

describe('routing', () => {
  it('answers whoami with the token user and its active organization', async () => {
    const fake = await start();
    const res = await call(fake, '/api/current-user/whoami');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 1,
      email: 'admin@example.com',
      active_organization: 1,
      organization_membership: { organization_id: 1, role: 'AD', active: true, user_type: 'standard' },
    });
    expect(res.body).toHaveProperty('username');
    expect(res.body).toHaveProperty('first_name');
    expect(res.body).toHaveProperty('last_name');
  });

  it('answers 404 for unknown paths and trailing-slash variants', async () => {
    const fake = await start();
    for (const path of [
      '/api/current-user/whoami/',
      `${MEMBERS_PATH}/`,
      '/api/organizations/x/memberships',
      '/api/token/refresh',
      '/api/projects/',
      '/',
    ]) {
      const res = await call(fake, path);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ detail: 'Not found.' });
    }
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const fake = await start();
    const cases: [string, string, string][] = [
      ['/api/current-user/whoami', 'POST', 'GET'],
      [MEMBERS_PATH, 'POST', 'GET, PATCH'],
      [MEMBERS_PATH, 'DELETE', 'GET, PATCH'],
      ['/api/token/refresh/', 'GET', 'POST'],
    ];
    for (const [path, method, allow] of cases) {
      const res = await call(fake, path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.body).toEqual({ detail: `Method "${method}" not allowed.` });
      expect(res.headers.get('allow')).toBe(allow);
    }
  });
});

describe('authentication', () => {
  it('rejects missing, unknown and malformed credentials with 401', async () => {
    const fake = await start();
    const none = await call(fake, '/api/current-user/whoami', { auth: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    const bad = await call(fake, '/api/current-user/whoami', { auth: 'Token nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.detail).toBe('Invalid token.');
    const basic = await call(fake, '/api/current-user/whoami', { auth: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    const bearer = await call(fake, '/api/current-user/whoami', { auth: 'Bearer not-issued' });
    expect(bearer.status).toBe(401);
    expect(bearer.body).toMatchObject({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
    expect(fake.log.map((r) => r.auth)).toEqual(['none', 'invalid', 'invalid', 'invalid']);
  });

  it('checks credentials before the method, as the vendor framework does', async () => {
    const fake = await start();
    expect((await call(fake, MEMBERS_PATH, { method: 'DELETE', auth: null })).status).toBe(401);
  });

  it('refuses legacy tokens when the organization disabled them', async () => {
    const fake = await start({ legacyTokensDisabled: true });
    const res = await call(fake, '/api/current-user/whoami');
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/^Legacy tokens are disabled/);
  });

  it('exchanges a PAT for an access token that works until it expires', async () => {
    const pat = makePat({ userId: 1 });
    const fake = await start({ refreshTokens: [pat], accessTtlMs: 60_000 });
    const refreshed = await call(fake, '/api/token/refresh/', { method: 'POST', json: { refresh: pat }, auth: null });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['access']);
    const access: string = refreshed.body.access;
    const payload = decodeJwtPayload(access);
    expect(payload?.token_type).toBe('access');
    const exp = payload?.exp as number;
    expect(exp * 1000).toBeGreaterThan(Date.now() + 50_000);
    expect(exp * 1000).toBeLessThanOrEqual(Date.now() + 61_000);

    expect((await call(fake, '/api/current-user/whoami', { auth: `Bearer ${access}` })).status).toBe(200);
    // A PAT is a refresh token: it is no access token.
    expect((await call(fake, '/api/current-user/whoami', { auth: `Bearer ${pat}` })).status).toBe(401);

    fake.expireAccessTokens();
    const expired = await call(fake, '/api/current-user/whoami', { auth: `Bearer ${access}` });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('token_not_valid');

    const again = await call(fake, '/api/token/refresh/', { method: 'POST', json: { refresh: pat }, auth: null });
    expect((await call(fake, '/api/current-user/whoami', { auth: `Bearer ${again.body.access}` })).status).toBe(200);
    expect(fake.log.filter((r) => r.path === '/api/token/refresh/').map((r) => r.auth)).toEqual(['none', 'none']);
  });

  it('lets an access token lapse after accessTtlMs', async () => {
    const pat = makePat();
    const fake = await start({ refreshTokens: [pat], accessTtlMs: 1 });
    const { body } = await call(fake, '/api/token/refresh/', { method: 'POST', json: { refresh: pat }, auth: null });
    await new Promise((r) => setTimeout(r, 10));
    expect((await call(fake, '/api/current-user/whoami', { auth: `Bearer ${body.access}` })).status).toBe(401);
  });

  it('refuses unknown, expired and malformed refresh requests', async () => {
    const expired = makePat({ expSeconds: -10 });
    const fake = await start({ refreshTokens: [expired] });
    const refresh = (init: Parameters<typeof call>[2]) =>
      call(fake, '/api/token/refresh/', { method: 'POST', auth: null, ...init });

    for (const token of [makePat(), expired, 'not-a-jwt']) {
      const res = await refresh({ json: { refresh: token } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
    }
    const missing = await refresh({ json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.validation_errors).toEqual({ refresh: ['This field is required.'] });
    expect((await refresh({ body: `refresh=${expired}`, contentType: 'text/plain' })).status).toBe(415);
  });

  it('makes PATs shaped like the vendor JWT refresh tokens', () => {
    const pat = makePat({ expSeconds: 60, userId: 9 });
    const parts = pat.split('.');
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    const payload = decodeJwtPayload(pat)!;
    expect(payload).toMatchObject({ token_type: 'refresh', user_id: 9 });
    expect(payload.exp).toBe(Math.floor(Date.now() / 1000) + 60);
    expect(typeof payload.jti).toBe('string');
  });
});

describe('listing members', () => {
  it('pages with absolute links, caps page_size and answers 404 past the end', async () => {
    const fake = await start({ maxPageSize: 3 });
    const seen: MemberJson[] = [];
    let next: string | null = `${fake.url}${MEMBERS_PATH}?page_size=1000`;
    const nexts: (string | null)[] = [];
    while (next) {
      const res = await call(fake, next.slice(fake.url.length));
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(7);
      expect(res.body.results.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.results);
      next = res.body.next;
      nexts.push(next);
    }
    expect(nexts).toEqual([
      `${fake.url}${MEMBERS_PATH}?page=2&page_size=1000`,
      `${fake.url}${MEMBERS_PATH}?page=3&page_size=1000`,
      null,
    ]);
    expect(seen.map((m) => m.user.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const ids = seen.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const m of seen) expect(m.id).not.toBe(m.user.id);

    const past = await call(fake, `${MEMBERS_PATH}?page=4&page_size=1000`);
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ detail: 'Invalid page.' });
    expect((await call(fake, `${MEMBERS_PATH}?page=0`)).status).toBe(404);
    expect((await call(fake, `${MEMBERS_PATH}?page=abc`)).status).toBe(404);
  });

  it('keeps other query parameters in next and previous and drops page=1 from previous', async () => {
    const fake = await start();
    const res = await call(fake, `${MEMBERS_PATH}?role=AN,RE,AD&page_size=1&page=2`);
    expect(res.body.count).toBe(3);
    expect(res.body.results.map((m) => m.user.id)).toEqual([4]);
    expect(res.body.next).toBe(`${fake.url}${MEMBERS_PATH}?page=3&page_size=1&role=AN%2CRE%2CAD`);
    expect(res.body.previous).toBe(`${fake.url}${MEMBERS_PATH}?page_size=1&role=AN%2CRE%2CAD`);
  });

  it('sends members in the 2026 shape', async () => {
    const fake = await start();
    const { body } = await call(fake, `${MEMBERS_PATH}?page_size=100`);
    const byUser = (id: number): MemberJson => {
      const found = body.results.find((m) => m.user.id === id);
      if (!found) throw new Error(`user ${id} missing from the page`);
      return found;
    };
    const bob = byUser(4);
    expect(bob).toMatchObject({
      organization: 1,
      role: 'AN',
      role_source: 'manual',
      user_type: 'standard',
      tags: [],
      concurrency: null,
      contributed_to_projects: null,
      created_projects: null,
      flex: null,
      user: { id: 4, email: 'bob@example.com', first_name: '', last_name: '' },
    });
    expect(bob.user).toHaveProperty('username');
    expect(bob.user).toHaveProperty('last_activity');
    const noEmail = byUser(5);
    expect(noEmail.user).not.toHaveProperty('email');
    expect(noEmail.role_source).toBeNull();
    expect(byUser(6).role_source).toBe('saml');
    expect(byUser(7)).toMatchObject({ role: 'VO', user_type: 'viewonly' });
  });

  it("parses with the project's own API schemas in both shapes", async () => {
    for (const legacyShape of [false, true]) {
      const fake = await start({ legacyShape });
      const page = ApiMemberPage.parse((await call(fake, MEMBERS_PATH)).body);
      expect(page.results.map(toLiveMember)).toEqual(
        MEMBERS.map((m) => ({
          userId: m.userId,
          email: m.email,
          role: m.role,
          roleSource: legacyShape ? null : m.roleSource === undefined ? 'manual' : m.roleSource,
          userType: legacyShape ? null : (m.userType ?? 'standard'),
        })),
      );
      expect(ApiWhoAmI.parse((await call(fake, '/api/current-user/whoami')).body)).toMatchObject({
        id: 1,
        active_organization: 1,
      });
    }
  });

  it('sends members in the 2025 shape when asked', async () => {
    const fake = await start({ legacyShape: true });
    const { body } = await call(fake, MEMBERS_PATH);
    for (const m of body.results) expect(Object.keys(m).sort()).toEqual(['id', 'organization', 'role', 'user']);
    const patched = await patch(fake, { user_id: 4, role: 'RE' });
    expect(Object.keys(patched.body).sort()).toEqual(['id', 'organization', 'role', 'user']);
  });

  it('answers 404 for an unknown organization and 403 for one that is not active', async () => {
    const fake = await start();
    expect((await call(fake, '/api/organizations/99/memberships')).status).toBe(404);
    const other = await start({ activeOrganization: 2 });
    const res = await call(other, MEMBERS_PATH);
    expect(res.status).toBe(403);
    expect(typeof res.body.detail).toBe('string');
    expect((await patch(other, { user_id: 4, role: 'DI' })).status).toBe(403);
    expect((await call(other, '/api/current-user/whoami')).body.active_organization).toBe(2);
  });
});

describe('changing roles', () => {
  it('sets a role, answers the updated member and is idempotent', async () => {
    const fake = await start();
    const first = await patch(fake, { user_id: 4, role: 'DI' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ organization: 1, role: 'DI', user: { id: 4 } });
    expect(fake.member(4)?.role).toBe('DI');
    const again = await patch(fake, { user_id: 4, role: 'DI' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(fake.patches().map((r) => r.body)).toEqual([
      { user_id: 4, role: 'DI' },
      { user_id: 4, role: 'DI' },
    ]);
    const listed = await call(fake, `${MEMBERS_PATH}?role=DI`);
    expect(listed.body.results.map((m) => m.user.id)).toEqual([4, 5]);
  });

  it('upgrades a view-only member to a standard seat when given a working role', async () => {
    const fake = await start();
    const res = await patch(fake, { user_id: 7, role: 'AN' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'AN', user_type: 'standard' });
    expect(fake.member(7)).toMatchObject({ role: 'AN', userType: 'standard' });
    expect((await patch(fake, { user_id: 4, role: 'RE', user_type: 'standard' })).status).toBe(200);
  });

  it('validates the body field by field', async () => {
    const fake = await start();
    const cases: [unknown, Record<string, string[]>][] = [
      [{ user_id: 4, role: 'XX' }, { role: ['"XX" is not a valid choice.'] }],
      [{ user_id: 4, role: 'VO' }, { role: ['"VO" is not a valid choice.'] }],
      [{ user_id: 4, role: 'an' }, { role: ['"an" is not a valid choice.'] }],
      [{ role: 'AN' }, { user_id: ['This field is required.'] }],
      [{ user_id: '4', role: 'AN' }, { user_id: ['A valid integer is required.'] }],
      [{ user_id: 4.5, role: 'AN' }, { user_id: ['A valid integer is required.'] }],
      [{ user_id: 4 }, { role: ['This field is required.'] }],
      [{ user_id: 4, role: 'AN', user_type: 'viewonly' }, { user_type: ['"viewonly" is not a valid choice.'] }],
      [{ user_id: 4, role: 'AN', id: 5003 }, { id: ['Unknown field.'] }],
    ];
    for (const [json, errors] of cases) {
      const res = await patch(fake, json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body).toEqual({ detail: 'Invalid data', validation_errors: errors });
    }
    const list = await patch(fake, [{ user_id: 4, role: 'AN' }]);
    expect(list.status).toBe(400);
    expect(list.body.validation_errors.non_field_errors).toHaveLength(1);
    expect(fake.member(4)?.role).toBe('AN');
    expect(fake.patches()).toEqual([]);
    expect(fake.patchAttempts()).toHaveLength(cases.length + 1);
  });

  it('requires a JSON body', async () => {
    const fake = await start();
    const form = await call(fake, MEMBERS_PATH, {
      method: 'PATCH',
      body: 'user_id=4&role=DI',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body.detail).toContain('application/x-www-form-urlencoded');
    const none = await call(fake, MEMBERS_PATH, { method: 'PATCH', body: '{"user_id":4,"role":"DI"}' });
    expect(none.status).toBe(415);
    const broken = await call(fake, MEMBERS_PATH, { method: 'PATCH', body: '{"user_id":', contentType: 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/^JSON parse error/);
    const charset = await call(fake, MEMBERS_PATH, {
      method: 'PATCH',
      body: '{"user_id":4,"role":"DI"}',
      contentType: 'application/json; charset=utf-8',
    });
    expect(charset.status).toBe(200);
  });

  it('refuses a token user who is not an administrator or owner', async () => {
    const fake = await start({ selfUserId: 3 });
    const res = await patch(fake, { user_id: 4, role: 'DI' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect(fake.member(4)?.role).toBe('AN');
  });

  it('refuses the token user changing their own role, non-members and owners', async () => {
    const fake = await start();
    const self = await patch(fake, { user_id: 1, role: 'AN' });
    expect(self.status).toBe(405);
    expect(typeof self.body.detail).toBe('string');
    expect((await patch(fake, { user_id: 404, role: 'AN' })).status).toBe(404);
    expect((await patch(fake, { user_id: 2, role: 'AD' })).status).toBe(403);
    expect((await patch(fake, { user_id: 4, role: 'OW' })).status).toBe(403);
    expect(fake.members().map((m) => m.role)).toEqual(MEMBERS.map((m) => m.role));
  });

  it('fails PATCHes for the users named in failPatchFor', async () => {
    const fake = await start({ failPatchFor: { 4: { status: 422, detail: 'Seat limit reached.' } } });
    const res = await patch(fake, { user_id: 4, role: 'RE' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ detail: 'Seat limit reached.' });
    expect(fake.member(4)?.role).toBe('AN');
    expect((await patch(fake, { user_id: 6, role: 'AN' })).status).toBe(200);
    expect(fake.patches().map((r) => (r.body as { user_id: number }).user_id)).toEqual([6]);
  });

  it('lets tests change members behind the client', async () => {
    const fake = await start();
    fake.updateMember(4, { role: 'DI' });
    fake.addMember({ userId: 40, email: 'new@example.com', role: 'NO' });
    const { body } = await call(fake, MEMBERS_PATH);
    expect(body.results.at(-1)).toMatchObject({ role: 'NO', user: { id: 40 } });
    expect(fake.member(4)?.role).toBe('DI');
    expect(() => fake.addMember({ userId: 40, email: null, role: 'AN' })).toThrow(/already a member/);
  });
});

describe('faults', () => {
  const throttle = async (retryAfter: 'seconds' | 'ms' | 'date' | 'none') => {
    const fake = await start({ rateLimit: { perSecond: 1, burst: 1, retryAfter } });
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(200);
    const res = await call(fake, '/api/current-user/whoami');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ detail: 'Request was throttled. Expected available in 1 second.' });
    return { fake, res };
  };

  it('throttles with Retry-After in whole seconds', async () => {
    const { res } = await throttle('seconds');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('retry-after-ms')).toBeNull();
  });

  it('throttles with retry-after-ms', async () => {
    const { res } = await throttle('ms');
    const ms = Number(res.headers.get('retry-after-ms'));
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(1000);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('throttles with Retry-After as an HTTP date', async () => {
    const { res } = await throttle('date');
    const at = Date.parse(res.headers.get('retry-after') ?? '');
    expect(at).toBeGreaterThan(Date.now());
    expect(at).toBeLessThanOrEqual(Date.now() + 2000);
  });

  it('throttles without any hint', async () => {
    const { res } = await throttle('none');
    expect(res.headers.get('retry-after')).toBeNull();
    expect(res.headers.get('retry-after-ms')).toBeNull();
  });

  it('keeps one bucket per credential, shared by a PAT and its access tokens', async () => {
    const pat = makePat();
    const other = 'second-legacy-key';
    const fake = await start({ legacyTokens: [LEGACY, other], refreshTokens: [pat], rateLimit: { perSecond: 1, burst: 2 } });
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(200);
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(200);
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(429);
    expect((await call(fake, '/api/current-user/whoami', { auth: `Token ${other}` })).status).toBe(200);
    const refreshed = await call(fake, '/api/token/refresh/', { method: 'POST', json: { refresh: pat }, auth: null });
    expect(refreshed.status).toBe(200);
    expect((await call(fake, '/api/current-user/whoami', { auth: `Bearer ${refreshed.body.access}` })).status).toBe(200);
    expect((await call(fake, '/api/current-user/whoami', { auth: `Bearer ${refreshed.body.access}` })).status).toBe(429);
    fake.setFaults({ rateLimit: null });
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(200);
  });

  it('resets connections without an answer and logs them', async () => {
    const fake = await start({ resetRate: 1 });
    await expect(fetch(`${fake.url}/api/current-user/whoami`)).rejects.toThrow();
    expect(fake.log.map((r) => r.status)).toEqual(['reset']);
    expect(fake.log[0]!.endedAt).toBeGreaterThanOrEqual(fake.log[0]!.startedAt);
    fake.setFaults({ resetRate: 0 });
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(200);
  });

  it('answers 5xx with JSON or HTML bodies, reproducibly for a seed', async () => {
    const run = async () => {
      const fake = await start({ errorRate: 1, random: mulberry32(7) });
      const answers: string[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await call(fake, MEMBERS_PATH, { method: 'PATCH', json: { user_id: 4, role: 'DI' } });
        expect([500, 502, 503]).toContain(res.status);
        answers.push(`${res.status} ${res.headers.get('content-type')}`);
      }
      expect(fake.member(4)?.role).toBe('AN');
      expect(fake.patches()).toEqual([]);
      expect(fake.patchAttempts()).toHaveLength(12);
      return answers;
    };
    const first = await run();
    expect(first.some((a) => a.includes('application/json'))).toBe(true);
    expect(first.some((a) => a.includes('text/html'))).toBe(true);
    expect(await run()).toEqual(first);
  });

  it('applies faults to the refresh endpoint too', async () => {
    const pat = makePat();
    const fake = await start({ refreshTokens: [pat], errorRate: 1 });
    const res = await call(fake, '/api/token/refresh/', { method: 'POST', json: { refresh: pat }, auth: null });
    expect(res.status).toBeGreaterThanOrEqual(500);
  });

  it('delays answers by latencyMs and counts requests in flight', async () => {
    // Long enough that all four arrive before the first answers, even on a busy machine.
    const fake = await start({ latencyMs: 200 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => call(fake, '/api/current-user/whoami')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(fake.maxInFlight).toBe(4);
    expect(fake.log.map((r) => r.inFlightAtStart).sort()).toEqual([1, 2, 3, 4]);
    for (const r of fake.log) expect(r.endedAt - r.startedAt).toBeGreaterThanOrEqual(195);
  });

  it('makes a share of requests slow', async () => {
    const fake = await start({ slowRate: 1, slowMs: 40 });
    expect((await call(fake, '/api/current-user/whoami')).status).toBe(200);
    expect(fake.log[0]!.endedAt - fake.log[0]!.startedAt).toBeGreaterThanOrEqual(35);
  });

  it('closes promptly while keep-alive sockets and slow requests are open', async () => {
    const fake = await start({ slowRate: 1, slowMs: 60_000 });
    const pending = fetch(`${fake.url}/api/current-user/whoami`, { headers: { authorization: `Token ${LEGACY}` } });
    const settled = pending.then(
      () => 'answered',
      () => 'failed',
    );
    // Wait for the request to arrive, however busy the machine is, then close under it.
    await vi.waitFor(() => expect(fake.log).toHaveLength(1), { timeout: 10_000, interval: 5 });
    await fake.close();
    expect(await settled).toBe('failed');
  });
});

describe('options', () => {
  it('refuses a token user who is not a member', async () => {
    await expect(FakeLabelStudio.start({ members: MEMBERS, selfUserId: 99 })).rejects.toThrow(/selfUserId 99/);
    await expect(
      FakeLabelStudio.start({ members: [{ userId: 1, email: null, role: 'XX' }], selfUserId: 1 }),
    ).rejects.toThrow(/role "XX"/);
  });
});

describe('ground truth and injected faults', () => {
  it('keeps a seat timeline: initial seats at seatSince, PATCHes by the tool, hand changes, view-only upgrades', async () => {
    const fake = await start({ seatSince: { 4: 1000 } });
    const initial = fake.seatTimeline.map((e) => [e.userId, e.event, e.by]);
    expect(initial).toEqual([
      [1, 'given', 'initial'],
      [2, 'given', 'initial'],
      [3, 'given', 'initial'],
      [4, 'given', 'initial'],
      [6, 'given', 'initial'],
    ]);
    expect(fake.seatEventsOf(4)[0]!.at).toBe(1000);
    expect((await patch(fake, { user_id: 4, role: 'DI' })).status).toBe(200);
    expect((await patch(fake, { user_id: 3, role: 'AN' })).status).toBe(200); // seat to seat: no event
    expect((await patch(fake, { user_id: 7, role: 'AN' })).status).toBe(200); // view-only upgraded: a seat
    fake.updateMember(4, { role: 'RE' });
    const later = fake.seatTimeline.slice(initial.length);
    expect(later.map((e) => [e.userId, e.event, e.by, e.from, e.to])).toEqual([
      [4, 'taken', 'tool', 'AN', 'DI'],
      [7, 'given', 'tool', 'VO', 'AN'],
      [4, 'given', 'hand', 'DI', 'RE'],
    ]);
    expect(later[0]!.requestSeq).toBe(fake.log[0]!.seq);
    expect(later.map((e) => e.order)).toEqual([6, 7, 8]);
  });

  it('drops a PATCH its gate refuses, writing nothing, and logs every fault it injects', async () => {
    const fake = await start({ errorRate: 1, random: mulberry32(7) });
    fake.patchGate = ({ n }) => (n === 1 ? 'drop' : 'proceed');
    await expect(patch(fake, { user_id: 4, role: 'DI' })).rejects.toThrow();
    expect((await patch(fake, { user_id: 4, role: 'DI' })).status).toBeGreaterThanOrEqual(500);
    expect(fake.member(4)!.role).toBe('AN');
    expect(fake.injected.map((f) => [f.seq, f.kind])).toEqual([
      [1, 'dropped'],
      [2, '5xx'],
    ]);
    expect(fake.log.map((r) => r.status)).toEqual(['reset', fake.injected[1]!.status]);
  });
});
