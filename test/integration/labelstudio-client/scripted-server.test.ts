import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { closeServer, failure, testClients } from '../../kit/clients.ts';
import type { LabelStudioClient, LabelStudioClientOptions } from '../../../src/labelstudio/client.ts';
import { LabelStudioError } from '../../../src/labelstudio/errors.ts';

// Edge cases the fake Label Studio does not produce (path prefixes, old servers without
// `count`, foreign next links, stalled bodies), each against a tiny scripted HTTP server.

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, seen: Seen[]) => void;

const kit = testClients({ concurrency: 2, delayMs: 0, maxRetries: 2, requestTimeoutMs: 2_000, random: () => 0.5 });
const servers = kit.servers;

async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      handler(req, res, body, seen);
    });
  });
  kit.track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

const TOKEN = 'legacy-token-0123456789abcdef';

/** A clock that jumps instead of waiting, so back-offs and pauses cost no real time. */
function jumpingClock() {
  const clock = { time: Date.parse('2026-11-28T10:00:00.000Z'), sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.time,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
      return Promise.resolve();
    },
  };
}

function client(url: string, overrides: Partial<LabelStudioClientOptions> = {}): LabelStudioClient {
  return kit.client(url, TOKEN, overrides);
}

const member = (id: number) => ({ id, organization: 1, role: 'AN', user: { id: id + 100, email: `u${id}@example.com` } });
const WHOAMI = { id: 1, email: 'me@example.com', active_organization: 1 };


describe('LabelStudioClient against a scripted server', () => {
  it('keeps a base URL path prefix, with or without a trailing slash, and sends the legacy token', async () => {
    const { url, seen } = await serve((req, res) =>
      req.url === '/ls/api/current-user/whoami' ? json(res, 200, WHOAMI) : json(res, 404, { detail: 'Not found.' }),
    );
    expect((await client(`${url}/ls`).whoami()).id).toBe(1);
    expect((await client(`${url}/ls/`).whoami()).id).toBe(1);
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/ls/api/current-user/whoami', `Token ${TOKEN}`],
      ['/ls/api/current-user/whoami', `Token ${TOKEN}`],
    ]);
  });

  it('follows next one page at a time when an old server sends no count', async () => {
    const { url, seen } = await serve((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
      const next = page < 3 ? `http://${req.headers.host}/api/organizations/1/memberships?page=${page + 1}&page_size=2` : null;
      json(res, 200, { next, previous: null, results: [member(page * 10), member(page * 10 + 1)] });
    });
    const members = await client(url).listMembers(1);
    expect(members.map((m) => m.id)).toEqual([10, 11, 20, 21, 30, 31]);
    expect(seen.map((s) => s.url)).toEqual([
      '/api/organizations/1/memberships?page=1&page_size=1000',
      '/api/organizations/1/memberships?page=2&page_size=2',
      '/api/organizations/1/memberships?page=3&page_size=2',
    ]);
  });

  it('never sends the token to a next link on another origin', async () => {
    const other = await serve((_req, res) => json(res, 200, { count: 4, next: null, results: [] }));
    const { url } = await serve((_req, res) =>
      json(res, 200, { count: 4, next: `${other.url}/api/organizations/1/memberships?page=2`, results: [member(1), member(2)] }),
    );
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toContain('another origin');
    expect(error.message).toContain(`set label-studio-url to ${other.url}`);
    expect(error.message).not.toContain(TOKEN);
    expect(other.seen).toEqual([]);
  });

  it('reads the list once more when members were added while the pages were read, and keeps the second read', async () => {
    let reads = 0;
    const { url, seen } = await serve((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
      const link = (n: number) => `http://${req.headers.host}/api/organizations/1/memberships?page=${n}&page_size=1000`;
      if (page === 1) reads++;
      if (reads === 1) {
        // Page 1 counted 5 members in pages of 2; by page 3 a sixth and seventh arrived, and
        // page 2 shifted by one so member 2 shows up twice.
        if (page === 1) return json(res, 200, { count: 5, next: link(2), results: [member(1), member(2)] });
        if (page === 2) return json(res, 200, { count: 6, next: link(3), results: [member(2), member(3)] });
        if (page === 3) return json(res, 200, { count: 7, next: link(4), results: [member(4), member(5)] });
        return json(res, 200, { count: 7, next: null, results: [member(6), member(7)] });
      }
      const results = [1, 2, 3, 4, 5, 6, 7].slice((page - 1) * 2, page * 2).map(member);
      return json(res, 200, { count: 7, next: page < 4 ? link(page + 1) : null, results });
    });
    const logs: string[] = [];
    const members = await client(url, { log: (m) => logs.push(m) }).listMembers(1);
    expect(members.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(reads).toBe(2);
    expect(seen.filter((s) => new URL(s.url, 'http://x').searchParams.get('page') === '1')).toHaveLength(2);
    expect(logs.join('\n')).toContain('the count changed between pages (5 → 6 → 7)');
    expect(logs.join('\n')).toContain('reading the list once more');
  });

  it('reads once more when a counted page vanished (404): members were removed mid-read', async () => {
    let reads = 0;
    const { url, seen } = await serve((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
      const link = (n: number) => `http://${req.headers.host}/api/organizations/1/memberships?page=${n}&page_size=1000`;
      if (page === 1) reads++;
      if (page === 1) return json(res, 200, { count: reads === 1 ? 5 : 4, next: link(2), results: [member(1), member(2)] });
      if (page === 2) return json(res, 200, { count: 4, next: null, results: [member(3), member(4)] });
      return json(res, 404, { detail: 'Invalid page.' });
    });
    const members = await client(url).listMembers(1);
    expect(members.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    // Pages 1–3 of the first read (3 vanished), then pages 1–2 of the second.
    expect(seen).toHaveLength(5);
  });

  it('stops with what the server sent when the list does not add up twice, a same count with a member missing included', async () => {
    const { url } = await serve((req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
      const link = (n: number) => `http://${req.headers.host}/api/organizations/1/memberships?page=${n}&page_size=1000`;
      // Count 4 on every page, but page 2 repeats member 2: member 4 is never seen.
      if (page === 1) return json(res, 200, { count: 4, next: link(2), results: [member(1), member(2)] });
      return json(res, 200, { count: 4, next: null, results: [member(2), member(3)] });
    });
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toContain('did not add up in two reads');
    expect(error.message).toContain('the pages say count 4 but held 3 distinct members');
    expect(error.message).toContain('Nothing was written');
  });

  it("knows the server's clock from the Date header of its latest answer, advanced by the time since", async () => {
    let wall = Date.parse('2026-12-07T10:00:00.000Z');
    const { url } = await serve((_req, res) => json(res, 200, { id: 1, email: 'a@example.com', active_organization: 1 }, { date: 'Tue, 15 Dec 2026 10:00:00 GMT' }));
    const c = client(url, { now: () => wall });
    expect(c.serverDate()).toBeNull();
    await c.whoami();
    wall += 30_000;
    expect(c.serverDate()).toEqual(new Date('2026-12-15T10:00:30.000Z'));
  });

  it('fails listMembers when page 1 is not found, naming the organization path', async () => {
    const { url } = await serve((_req, res) => json(res, 404, { detail: 'Not found.' }));
    const error = await failure(client(url).listMembers(99));
    expect(error.message).toBe(
      'GET /api/organizations/99/memberships?page=1&page_size=1000 answered 404: Not found. Check label-studio-url and organization-id',
    );
  });

  it('times out a body that stalls after the headers, and retries it', async () => {
    const { url, seen } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": 1, ');
    });
    const error = await failure(client(url, { requestTimeoutMs: 100, maxRetries: 1, random: () => 0 }).whoami());
    expect(error.status).toBeNull();
    expect(error.detail).toBe('timed out after 100 ms');
    expect(error.retries).toBe(1);
    expect(seen).toHaveLength(2);
  });

  it('turns an answer that is not JSON, or not of the expected shape, into an error naming the path', async () => {
    const html = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><title>Sign in</title></head></html>');
    });
    const notJson = await failure(client(html.url).whoami());
    expect(notJson.message).toMatch(/^GET \/api\/current-user\/whoami answered 200: the answer is not JSON \(Sign in\)/);

    const shape = await serve((_req, res) => json(res, 200, { id: 'one' }));
    const mismatch = await failure(client(shape.url).whoami());
    expect(mismatch.message).toMatch(/^GET \/api\/current-user\/whoami answered 200: the answer does not have the expected shape \(id: /);
  });

  it('hides a token the server echoes back, in errors and in log lines', async () => {
    const { url } = await serve((req, res) =>
      json(res, req.method === 'GET' ? 503 : 401, { detail: `Invalid token ${TOKEN} for ${req.headers.authorization}` }),
    );
    const logs: string[] = [];
    const clock = jumpingClock();
    const c = client(url, { log: (m) => logs.push(m), maxRetries: 1, now: clock.now, sleep: clock.sleep });
    const get = await failure(c.whoami());
    const patch = await failure(c.setRole(1, 2, 'AN'));
    for (const text of [get.message, get.detail, patch.message, patch.detail, ...logs]) expect(text).not.toContain(TOKEN);
    expect(patch.detail).toBe('Invalid token *** for Token ***');
    expect(logs.length).toBeGreaterThan(0);
  });

  it('honours retry-after-ms on 429 by pausing, Retry-After on 503, and backs off otherwise', async () => {
    const answers = [
      [429, { 'retry-after-ms': '1500' }],
      [503, { 'retry-after': '3' }],
      [408, {}],
      [500, {}],
      [200, {}],
    ] as const;
    const { url, seen } = await serve((_req, res, _body, log) => {
      const [status, headers] = answers[log.length - 1]!;
      json(res, status, status === 200 ? WHOAMI : { detail: 'busy' }, headers);
    });
    const clock = jumpingClock();
    const c = client(url, { maxRetries: 4, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    expect((await c.whoami()).id).toBe(1);
    expect(seen).toHaveLength(5);
    // 1500 ms pause (the pacer's wait), 3 s as asked, then jittered back-off: 0.5 × 4 s, 0.5 × 8 s.
    expect(clock.clock.sleeps).toEqual([1_500, 3_000, 2_000, 4_000]);
    expect(c.stats).toEqual({ requests: 5, retries: 4, throttled: 1, refreshes: 0 });
  });

  it('gives up after maxRetries and does not retry other 4xx answers', async () => {
    const { url, seen } = await serve((req, res) =>
      req.method === 'GET'
        ? json(res, 502, { detail: 'Bad gateway.' })
        : json(res, 400, { detail: 'Invalid data', validation_errors: { role: ['"XX" is not a valid choice.'] } }),
    );
    const clock = jumpingClock();
    const c = client(url, { now: clock.now, sleep: clock.sleep });
    const busy = await failure(c.whoami());
    expect(busy.message).toBe(
      'GET /api/current-user/whoami answered 502: Bad gateway. (after 2 retries). The server kept failing; try again later, or raise max-retries or delay-ms',
    );
    const invalid = await failure(c.setRole(1, 5, 'AN'));
    expect(invalid.status).toBe(400);
    expect(invalid.detail).toBe('Invalid data — role: "XX" is not a valid choice.');
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'GET', 'PATCH']);
    expect(JSON.parse(seen[3]!.body)).toEqual({ user_id: 5, role: 'AN' });
  });

  it('retries a refused connection and then reports it', async () => {
    const { url } = await serve((_req, res) => json(res, 200, WHOAMI));
    await Promise.all(servers.splice(0).map(closeServer));
    const clock = jumpingClock();
    const c = client(url, { now: clock.now, sleep: clock.sleep });
    const error = await failure(c.whoami());
    expect(error.status).toBeNull();
    expect(error.detail).toContain('ECONNREFUSED');
    expect(c.stats.requests).toBe(3);
  });

  it('refreshes a PAT access token once on 401 and then gives up', async () => {
    const pat = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"exp":9999999999}').toString('base64url')}.c2ln`;
    let issued = 0;
    const { url, seen } = await serve((req, res, body) => {
      if (req.url === '/api/token/refresh/') {
        expect(req.headers.authorization).toBeUndefined();
        expect(JSON.parse(body)).toEqual({ refresh: pat });
        return json(res, 200, { access: `access-token-${++issued}` });
      }
      json(res, 401, { detail: 'Token is invalid or expired' });
    });
    const secrets: string[] = [];
    const c = client(url, { token: pat, onSecret: (s) => secrets.push(s) });
    expect(c.tokenKind).toBe('pat');
    const error = await failure(c.whoami());
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('access-token-');
    expect(error.message).not.toContain(pat);
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/api/token/refresh/', undefined],
      ['/api/current-user/whoami', 'Bearer access-token-1'],
      ['/api/token/refresh/', undefined],
      ['/api/current-user/whoami', 'Bearer access-token-2'],
    ]);
    expect(secrets).toEqual(['access-token-1', 'access-token-2']);
    expect(c.stats.refreshes).toBe(2);
  });

  it('renews again, each time for a retry, when the refused access token has expired by its own exp', async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const pat = `${b64({ alg: 'HS256' })}.${b64({ exp: 9999999999 })}.c2ln`;
    // Access tokens whose `exp` is long past: what a back-off longer than a token's life leaves.
    const expiredAccess = (n: number) => `${b64({ alg: 'HS256' })}.${b64({ exp: 1, n })}.c2ln`;
    const run = async (acceptFrom: number) => {
      let issued = 0;
      const { url, seen } = await serve((req, res) => {
        if (req.url === '/api/token/refresh/') return json(res, 200, { access: expiredAccess(++issued) });
        if (issued < acceptFrom) return json(res, 401, { detail: 'Token is invalid or expired' });
        json(res, 200, WHOAMI);
      });
      const c = client(url, { token: pat, maxRetries: 2 });
      return { c, seen, result: await c.whoami().catch((error: unknown) => error) };
    };

    const healed = await run(3);
    expect(healed.result).toEqual(WHOAMI);
    expect(healed.seen.map((s) => s.url)).toEqual(Array(3).fill(['/api/token/refresh/', '/api/current-user/whoami']).flat());
    expect(healed.c.stats.retries).toBe(1);

    // A server that refuses every token is asked once more per retry, then the request fails.
    const refused = await run(Infinity);
    expect(refused.result).toBeInstanceOf(LabelStudioError);
    expect((refused.result as LabelStudioError).status).toBe(401);
    expect(refused.c.stats.refreshes).toBe(4);
  });

  it('fails requests still waiting for their turn when the client is closed, without retrying them', async () => {
    // The server holds the first answer long enough that a busy machine still closes the client under it.
    const { url, seen } = await serve((_req, res) => setTimeout(() => json(res, 200, WHOAMI), 1_000));
    const c = client(url, { concurrency: 1 });
    const settled = Promise.allSettled([c.whoami(), c.whoami(), c.whoami()]);
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 10_000, interval: 5 });
    await c.close();
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const error = (results[1] as PromiseRejectedResult).reason as LabelStudioError;
    expect(error).toBeInstanceOf(LabelStudioError);
    expect(error.status).toBeNull();
    expect(error.retries).toBe(0);
    expect(error.message).toBe('GET /api/current-user/whoami failed: the client was closed before the request was sent');
    expect(seen).toHaveLength(1);
  });
});

describe('a server that lies about its pages is not followed (docs/security.md)', () => {
  const pageOf = (req: IncomingMessage) => Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
  const link = (req: IncomingMessage, n: number | string) => `http://${req.headers.host}/api/organizations/1/memberships?page=${n}&page_size=1000`;

  it('count 50,000,000 on page 1: one request, then an error that says the count', async () => {
    const { url, seen } = await serve((req, res) => json(res, 200, { count: 50_000_000, next: link(req, 2), results: [member(1)] }));
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toMatch(/answered 200: the answer says count 50000000, more than the 1,000,000 members/);
    expect(error.message).toMatch(/nothing was written/);
    expect(seen).toHaveLength(1);
  });

  it('an empty page whose next keeps moving: stopped at the first empty page', async () => {
    const { url, seen } = await serve((req, res) => {
      const page = pageOf(req);
      json(res, 200, { next: link(req, page + 1), results: page === 1 ? [member(1)] : [] });
    });
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toMatch(/page=2.* answered 200: the page has no members but a next link \(http:\/\/127\.0\.0\.1:\d+\/api\/organizations\/1\/memberships\?page=3/);
    expect(seen).toHaveLength(2);
  });

  it('more pages than count allows: never more than ⌈count / size⌉ + 1 pages', async () => {
    const { url, seen } = await serve((req, res) => {
      const page = pageOf(req);
      json(res, 200, { count: 4, next: link(req, page + 1), results: [member(page * 10), member(page * 10 + 1)] });
    });
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toMatch(/next link after 3 pages, more than its count of 4 members in pages of 2 allows \(at most 3 pages\)/);
    expect(seen).toHaveLength(3);
  });

  it('no count and a next link that never ends: stopped at what 1,000,000 members could fill', async () => {
    const { url, seen } = await serve((req, res) => {
      const page = pageOf(req);
      const results = Array.from({ length: 1000 }, (_, i) => member(page * 1000 + i));
      json(res, 200, { next: link(req, page + 1), results });
    });
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toMatch(/next link after 1001 pages without a count/);
    expect(seen).toHaveLength(1001);
  }, 60_000);

  it('a next link back to a page already read is a loop, not the end', async () => {
    const { url, seen } = await serve((req, res) => {
      const page = pageOf(req);
      json(res, 200, { next: link(req, page === 3 ? 2 : page + 1), results: [member(page)] });
    });
    const error = await failure(client(url).listMembers(1));
    expect(error.message).toMatch(/leads back to a page already read/);
    expect(seen).toHaveLength(3);
  });
});
