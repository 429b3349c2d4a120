// The client reading the vendor's seat report over real HTTP against the fake Label Studio: the
// same pages, pacing, back-off and distrust as the member list, and the fake's switches.
import { afterEach, describe, expect, it } from 'vitest';
import { LabelStudioError } from '../../../src/labelstudio/errors.ts';
import { testClients } from '../../kit/clients.ts';
import { FakeLabelStudio, makeLegacyToken, mulberry32, type FakeMember, type FakeOptions } from '../../fakes/label-studio.ts';

const ORG = 1;
const fakes: FakeLabelStudio[] = [];
const kit = testClients({ concurrency: 4, delayMs: 0, maxRetries: 5, requestTimeoutMs: 2_000, random: () => 0.01 });
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const people = (n: number): FakeMember[] =>
  Array.from({ length: n }, (_, i) => ({ userId: i + 1, email: `user${i + 1}@example.com`, role: i === 0 ? 'AD' : i % 4 === 0 ? 'DI' : 'AN', ...(i === 5 ? { userType: 'viewonly' } : {}) }));

async function start(options: Partial<FakeOptions> = {}): Promise<{ f: FakeLabelStudio; token: string }> {
  const token = makeLegacyToken();
  const f = await FakeLabelStudio.start({ organizationId: ORG, selfUserId: 1, members: people(250), legacyTokens: [token], ...options });
  fakes.push(f);
  return { f, token };
}

const query = (f: FakeLabelStudio) => f.seatReportRequests().map((r) => new URL(r.path, f.url).searchParams);

describe('the seat report through the client', () => {
  it('reads every row over capped pages, asking for seat_usage on the first page only', async () => {
    const { f, token } = await start({ seatReport: { counts: { 6: true, 2: false }, stale: [3], limit: 300 } });
    const answer = await kit.client(f.url, token).seatReport(ORG, { usage: true });
    expect(answer.rows).toHaveLength(250);
    const byId = new Map(answer.rows.map((r) => [r.userId, r]));
    // The fake's defaults follow role and user_type; its switches override them.
    expect(byId.get(5)).toMatchObject({ counts: false, stale: false }); // DI
    expect(byId.get(4)).toMatchObject({ counts: true });
    expect(byId.get(6)).toMatchObject({ counts: true }); // view-only, counted by the vendor
    expect(byId.get(2)).toMatchObject({ counts: false }); // AN, not counted
    expect(byId.get(3)).toMatchObject({ stale: true });
    const counted = answer.rows.filter((r) => r.counts).length;
    expect(answer.usage).toEqual({ count: counted, total: 250, limit: 300, reached: false, scope: 'organization' });
    const q = query(f);
    expect(q.map((p) => [p.get('page'), p.get('include_seat_usage')])).toEqual([
      ['1', 'true'],
      ['2', null],
      ['3', null],
    ]);
  });

  it('asks for no seat_usage when not told to', async () => {
    const { f, token } = await start();
    const answer = await kit.client(f.url, token).seatReport(ORG, { usage: false });
    expect(answer.usage).toBeUndefined();
    expect(query(f).every((p) => p.get('include_seat_usage') === null)).toBe(true);
  });

  it('retries server errors and resets like every read', async () => {
    const { f, token } = await start({ errorRate: 0.2, resetRate: 0.05, random: mulberry32(7) });
    const c = kit.client(f.url, token);
    const answer = await c.seatReport(ORG, { usage: false });
    expect(answer.rows).toHaveLength(250);
    expect(f.injected.length).toBeGreaterThan(0);
    expect(c.stats.retries).toBe(f.injected.filter((i) => i.kind !== 'slow').length);
  });

  it('is refused with the status the fake is switched to', async () => {
    for (const refuse of [403, 404] as const) {
      const { f, token } = await start({ seatReport: { refuse } });
      const error = await kit.client(f.url, token).seatReport(ORG, { usage: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LabelStudioError);
      expect((error as LabelStudioError).status).toBe(refuse);
    }
  });

  it('refuses an answer of another shape, saying which field is missing', async () => {
    const { f, token } = await start({ seatReport: { shape: 'renamed' } });
    const error = await kit.client(f.url, token).seatReport(ORG, { usage: false }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/does not have the expected shape \(results\.0\.counts_toward_seat_limit/);
  });

  it('does not follow a next link to another origin', async () => {
    const { f, token } = await start({
      tamper: (req, answer) =>
        req.path.endsWith('/seat-report') && answer.json && typeof answer.json === 'object'
          ? { ...answer, json: { ...answer.json, next: 'https://evil.example/api/organizations/1/seat-report?page=2' } }
          : answer,
    });
    const error = await kit.client(f.url, token).seatReport(ORG, { usage: false }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/another origin \(https:\/\/evil\.example\)/);
    expect(f.seatReportRequests()).toHaveLength(1);
  });
});
