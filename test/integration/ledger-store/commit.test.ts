import { describe, expect, it } from 'vitest';
import { BRANCH_RULE_ANSWERS, type FakeGitHub } from '../../fakes/github.ts';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { appendEvents, emptyLedger, hashLine, parseLedger, serializeLedger } from '../../../src/files/ledger.ts';
import type { EventDraft, Ledger, LedgerEvent } from '../../../src/files/ledger.ts';
import { commitLedger, type CommitLedgerArgs } from '../../../src/ledger-store/commit.ts';

const TOKEN = 'ghs_ledgercommittoken42';
const REPO = 'acme/roster';
const repo = { owner: 'acme', repo: 'roster' };
const PATH = 'seat-ledger.jsonl';

const setup = fakeGitHubPort(TOKEN, { tokenIsApp: true });

function draft(id: number, at: string, run: string, event: EventDraft['event'] = 'assigned'): EventDraft {
  return {
    at,
    event,
    by: 'sync',
    user: { id, email: `user${id}@example.com` },
    from: event === 'assigned' ? 'DI' : 'AN',
    to: event === 'assigned' ? 'AN' : 'DI',
    run,
  };
}

/** What a run holds after reading `local` and appending `drafts`. */
function runAppends(local: Ledger, drafts: EventDraft[]): LedgerEvent[] {
  return appendEvents(local, drafts).events.slice(local.events.length);
}

const RUN_A = 'https://github.com/acme/roster/actions/runs/1';
const RUN_B = 'https://github.com/acme/roster/actions/runs/2';
const base = appendEvents(emptyLedger(PATH), [
  draft(1, '2026-11-20T09:00:00.000Z', RUN_A),
  draft(2, '2026-11-20T09:00:01.000Z', RUN_A),
]);
const ours = runAppends(base, [draft(3, '2026-11-28T10:00:00.000Z', RUN_A), draft(1, '2026-11-28T10:00:01.000Z', RUN_A, 'released')]);

const args = (extra: Partial<CommitLedgerArgs> = {}): CommitLedgerArgs => ({
  repo,
  branch: 'main',
  path: PATH,
  local: base,
  ours,
  message: 'Record seat ledger events',
  retryDelayMs: 0,
  ...extra,
});

const puts = (f: FakeGitHub) => f.log.filter((e) => e.method === 'PUT');

describe('commitLedger', () => {
  it('commits local + ours when the branch still has the ledger this run read', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));

    const result = await commitLedger(port, args({ branch: 'refs/heads/main' }));

    expect(result).toMatchObject({ status: 'committed', attempts: 1 });
    const committed = fake.getFile(REPO, 'main', PATH)!;
    expect(committed).toBe(serializeLedger(appendEvents(base, ours)));
    expect(result.ledger.lines).toEqual(committed.trimEnd().split('\n'));
    expect(fake.history(REPO, 'main')[0]!.message).toBe('Record seat ledger events');
    if (result.status === 'committed') expect(result.commitSha).toBe(fake.headSha(REPO, 'main'));
  });

  it.each(Object.entries(BRANCH_RULE_ANSWERS))('a branch rule’s refusal (%s) is not a conflict: one try, and the fix named', async (_kind, answer) => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    fake.refusePushes(REPO, 'main', answer);

    const result = await commitLedger(port, args({ maxAttempts: 3 }));

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(puts(fake)).toHaveLength(1);
    if (result.status === 'failed') {
      expect(result.reason).toContain('trying again cannot help');
      expect(result.reason).toContain('ledger-branch');
    }
  });

  it('creates the ledger when the branch has none', async () => {
    const { fake, port } = await setup();
    const local = emptyLedger(PATH);
    const mine = runAppends(local, [draft(5, '2026-11-28T10:00:00.000Z', RUN_A)]);

    const result = await commitLedger(port, args({ local, ours: mine }));

    expect(result).toMatchObject({ status: 'committed', attempts: 1 });
    const events = parseLedger(fake.getFile(REPO, 'main', PATH)!, PATH).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, prev: '0'.repeat(64), user: { id: 5 } });
  });

  it('re-appends its events after another run that appended meanwhile, renumbering seq and prev', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    const theirs = appendEvents(base, [draft(9, '2026-11-28T09:59:59.000Z', RUN_B)]);
    fake.onBeforePut = () => {
      fake.onBeforePut = null;
      fake.setFile(REPO, 'main', PATH, serializeLedger(theirs), 'Another run records seats');
    };

    const result = await commitLedger(port, args());

    expect(result).toMatchObject({ status: 'committed', attempts: 2 });
    expect(puts(fake).map((e) => e.status)).toEqual([409, 200]);
    // parseLedger verifies the whole chain and the numbering.
    const final = parseLedger(fake.getFile(REPO, 'main', PATH)!, PATH);
    expect(final.lines.slice(0, 3)).toEqual(theirs.lines);
    expect(final.events.map((e) => [e.seq, e.user.id, e.run])).toEqual([
      [1, 1, RUN_A],
      [2, 2, RUN_A],
      [3, 9, RUN_B],
      [4, 3, RUN_A],
      [5, 1, RUN_A],
    ]);
    expect(final.events[3]!.prev).toBe(hashLine(theirs.lines[2]!));
    expect(final.events.slice(3).map(({ seq: _s, prev: _p, ...rest }) => rest)).toEqual(
      ours.map(({ seq: _s, prev: _p, ...rest }) => rest),
    );
    expect(result.ledger.lines).toEqual(final.lines);
    expect(fake.history(REPO, 'main').map((c) => c.message).slice(0, 2)).toEqual([
      'Record seat ledger events',
      'Another run records seats',
    ]);
  });

  it('retries when the file appeared after it was read as absent (422: sha not supplied)', async () => {
    const { fake, port } = await setup();
    const local = emptyLedger(PATH);
    const mine = runAppends(local, [draft(5, '2026-11-28T10:00:00.000Z', RUN_A)]);
    fake.onBeforePut = () => {
      fake.onBeforePut = null;
      fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    };

    const result = await commitLedger(port, args({ local, ours: mine }));

    expect(result).toMatchObject({ status: 'committed', attempts: 2 });
    expect(puts(fake).map((e) => e.status)).toEqual([422, 200]);
    expect(parseLedger(fake.getFile(REPO, 'main', PATH)!, PATH).events.map((e) => e.user.id)).toEqual([1, 2, 5]);
  });

  it('fails without writing when the branch’s ledger was rewritten rather than appended to', async () => {
    const { fake, port } = await setup();
    const rewritten = appendEvents(emptyLedger(PATH), [draft(7, '2026-11-19T09:00:00.000Z', RUN_B)]);
    fake.setFile(REPO, 'main', PATH, serializeLedger(rewritten));

    const result = await commitLedger(port, args());

    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.reason).toContain('seat-ledger.jsonl on branch main');
    expect(result.reason).toContain('not overwritten');
    expect(result.ledger.lines).toEqual(appendEvents(base, ours).lines);
    expect(puts(fake)).toEqual([]);
    expect(fake.getFile(REPO, 'main', PATH)).toBe(serializeLedger(rewritten));
  });

  it('catches up a branch that is behind the workspace (an earlier run died before its commit)', async () => {
    const { fake, port } = await setup();
    const first = appendEvents(emptyLedger(PATH), [draft(1, '2026-11-20T09:00:00.000Z', RUN_A)]);
    fake.setFile(REPO, 'main', PATH, serializeLedger(first));

    const result = await commitLedger(port, args());

    expect(result).toMatchObject({ status: 'committed', attempts: 1 });
    expect(fake.getFile(REPO, 'main', PATH)).toBe(serializeLedger(appendEvents(base, ours)));
  });

  it('fails without writing when the branch’s ledger is invalid', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base).replace('user1@', 'mallory@'));

    const result = await commitLedger(port, args());

    expect(result.status).toBe('failed');
    if (result.status === 'failed') expect(result.reason).toContain('invalid');
    expect(puts(fake)).toEqual([]);
  });

  it('gives up after the first try and 3 retries that all conflict, leaving the branch as it was', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    fake.failNextPuts(4, 409);

    const result = await commitLedger(port, args());

    expect(result).toMatchObject({ status: 'failed', attempts: 4 });
    if (result.status === 'failed') {
      expect(result.reason).toContain('kept changing');
      expect(result.ledger.lines).toEqual(appendEvents(base, ours).lines);
    }
    expect(puts(fake).map((e) => e.status)).toEqual([409, 409, 409, 409]);
    expect(fake.getFile(REPO, 'main', PATH)).toBe(serializeLedger(base));
  });

  it('commits on the third retry after 3 conflicts', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    fake.failNextPuts(3, 409);

    const result = await commitLedger(port, args());

    expect(result).toMatchObject({ status: 'committed', attempts: 4 });
    expect(fake.getFile(REPO, 'main', PATH)).toBe(serializeLedger(appendEvents(base, ours)));
  });

  it('honours a smaller maxAttempts', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    fake.failNextPuts(1, 409);

    expect(await commitLedger(port, args({ maxAttempts: 0 }))).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('fails at once, without retrying, when the token may not write', async () => {
    const { fake, port } = await setup();
    fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    fake.failNextPuts(5, 403);

    const result = await commitLedger(port, args());

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    if (result.status === 'failed') expect(result.reason).toContain('contents: write');
    expect(puts(fake)).toHaveLength(1);
  });

  it('makes no request when the run appended nothing', async () => {
    const { fake, port } = await setup();
    const result = await commitLedger(port, args({ ours: [] }));
    expect(result).toMatchObject({ status: 'committed', attempts: 0, commitSha: null });
    expect(result.ledger).toBe(base);
    expect(fake.log).toEqual([]);
  });
});
