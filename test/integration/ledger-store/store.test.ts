import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { appendEvents, emptyLedger, serializeLedger, type EventDraft } from '../../../src/files/ledger.ts';
import { ValidationError } from '../../../src/core/problems.ts';
import { openLedgerStore, runEventOf, LedgerOfRecordError } from '../../../src/ledger-store/store.ts';

const TOKEN = 'ghs_storeStoreStoreStore000001';
const REPO = 'acme/roster';
const PATH = 'seat-ledger.jsonl';
const draft = (id: number, at: string): EventDraft => ({ at, event: 'assigned', by: 'sync', user: { id, email: null }, from: 'DI', to: 'AN', run: null });
const one = appendEvents(emptyLedger(PATH), [draft(1, '2026-11-01T00:00:00.000Z')]);
const two = appendEvents(one, [draft(2, '2026-11-02T00:00:00.000Z')]);
const three = appendEvents(two, [draft(3, '2026-11-03T00:00:00.000Z')]);

const setup = fakeGitHubPort(TOKEN, { tokenIsApp: true });
const warnings: string[] = [];
const log = { info: () => undefined, warning: (m: string) => void warnings.push(m) };
const settings = (over: { ref?: string; ledgerBranch?: string | null; commitLedger?: boolean } = {}) => ({
  repository: REPO,
  ref: over.ref ?? 'refs/heads/main',
  ledgerFile: PATH,
  ledgerBranch: over.ledgerBranch ?? null,
  commitLedger: over.commitLedger ?? true,
  runUrl: null,
});

describe('the ledger of record for a plan on a pull request', () => {
  it('compares the head with the merge base, and plans from the base branch as it is now', async () => {
    const { fake, port } = await setup();
    const base = fake.setFile(REPO, 'main', PATH, serializeLedger(two));
    fake.createBranch(REPO, 'feature');
    const head = fake.setFile(REPO, 'feature', 'members.yaml', 'x');
    fake.setFile(REPO, 'main', PATH, serializeLedger(three));
    const event = runEventOf('pull_request', { pull_request: { head: { sha: head }, base: { sha: base, ref: 'main' } } });
    const store = openLedgerStore(settings({ ref: 'refs/pull/1/merge' }), { github: port, clock: () => new Date('2026-12-01T00:00:00Z'), log, event });
    // The checkout (a merge commit) has main's newer ledger: the head's own ledger is what counts.
    const planned = await store.read('plan', three);
    expect(planned.lines).toEqual(three.lines);
  });

  it('without a merge base (commits GitHub does not know), compares the checkout with the base branch head', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(two));
    const event = runEventOf('pull_request', { pull_request: { head: { sha: 'c'.repeat(40) }, base: { sha: 'd'.repeat(40), ref: 'main' } } });
    const store = openLedgerStore(settings({ ref: 'refs/pull/1/merge' }), { github: port, clock: () => new Date('2026-12-01T00:00:00Z'), log, event });
    expect((await store.read('plan', two)).lines).toEqual(two.lines);
    const err = await store.read('plan', one).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems[0]!.message).toContain('the head of the base branch main is missing');
  });

  it('with ledger-branch, reads that branch, or the default branch while it does not exist yet; a proposal into it fails', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(one));
    const into = (base: string) => runEventOf('pull_request', { pull_request: { base: { ref: base } } });
    const open = (base: string) =>
      openLedgerStore(settings({ ref: 'refs/pull/1/merge', ledgerBranch: 'seat-ledger' }), { github: port, clock: () => new Date(), log, event: into(base) });
    expect((await open('main').read('plan', emptyLedger(PATH))).lines).toEqual(one.lines);
    fake.createBranch(REPO, 'seat-ledger');
    fake.setFile(REPO, 'seat-ledger', PATH, serializeLedger(two));
    expect((await open('main').read('plan', emptyLedger(PATH))).lines).toEqual(two.lines);
    await expect(open('seat-ledger').read('plan', emptyLedger(PATH))).rejects.toBeInstanceOf(LedgerOfRecordError);
    await expect(open('seat-ledger').checkProposal(emptyLedger(PATH))).rejects.toThrow(/the ledger branch/);
  });

  it('says whether validate compared the ledger through GitHub: only with a token, a repository, commit-ledger and no ledger branch', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(two));
    const event = runEventOf('pull_request', { pull_request: { head: { sha: 'c'.repeat(40) }, base: { sha: 'd'.repeat(40), ref: 'main' } } });
    const check = (over: Parameters<typeof settings>[0], github: typeof port | null = port, repository = REPO) =>
      openLedgerStore({ ...settings({ ref: 'refs/pull/1/merge', ...over }), repository }, { github, clock: () => new Date(), log, event }).checkProposal(two);
    expect(await check({})).toBe(true);
    expect(await check({ commitLedger: false })).toBe(false);
    expect(await check({ ledgerBranch: 'seat-ledger' })).toBe(false);
    expect(await check({}, null)).toBe(false);
    expect(await check({}, port, '')).toBe(false);
    // Outside a pull request there is nothing to compare.
    const push = openLedgerStore(settings(), { github: port, clock: () => new Date(), log, event: runEventOf('push', null) });
    expect(await push.checkProposal(two)).toBe(false);
  });
});

describe('the ledger of record for an apply', () => {
  it('with commit-ledger: false is the workspace ledger, with no request', async () => {
    const { fake, port } = await setup();
    const store = openLedgerStore(settings({ ref: 'refs/heads/feature', commitLedger: false }), { github: port, clock: () => new Date(), log, event: null });
    expect(await store.read('apply', two)).toBe(two);
    expect(store.branch).toBeNull();
    expect(fake.log).toEqual([]);
  });

  it('takes the longer of the workspace and the branch, and refuses when neither extends the other', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(three));
    const store = openLedgerStore(settings(), { github: port, clock: () => new Date('2026-12-01T00:00:00Z'), log, event: { defaultBranch: 'main', proposal: null } });
    expect((await store.read('apply', one)).lines).toEqual(three.lines);
    const other = appendEvents(one, [draft(9, '2026-11-02T00:00:00.000Z')]);
    await expect(store.read('apply', other)).rejects.toThrow(/differ at line 2/);
  });
});
