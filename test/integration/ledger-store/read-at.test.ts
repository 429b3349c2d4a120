import { describe, expect, it } from 'vitest';
import { fakeGitHubPort } from '../../kit/github-port.ts';
import { appendEvents, emptyLedger, serializeLedger } from '../../../src/files/ledger.ts';
import { ValidationError } from '../../../src/core/problems.ts';
import { readLedgerAt } from '../../../src/ledger-store/read-at.ts';

const TOKEN = 'ghs_baseledgertoken77';
const REPO = 'acme/roster';
const repo = { owner: 'acme', repo: 'roster' };
const PATH = 'seat-ledger.jsonl';
const RUN = 'https://github.com/acme/roster/actions/runs/1';

const setup = fakeGitHubPort(TOKEN, { tokenIsApp: true });

const assigned = (id: number, at: string) =>
  ({ at, event: 'assigned', by: 'sync', user: { id, email: null }, from: 'DI', to: 'AN', run: RUN }) as const;
const base = appendEvents(emptyLedger(PATH), [assigned(1, '2026-11-20T09:00:00.000Z')]);
const head = appendEvents(base, [assigned(2, '2026-11-28T10:00:00.000Z')]);

describe('readLedgerAt', () => {
  it('reads the ledger at the base commit, not the branch head', async () => {
    const { fake, port } = await setup();
    const baseSha = fake.setFile(REPO, 'main', PATH, serializeLedger(base));
    fake.setFile(REPO, 'main', PATH, serializeLedger(head));

    const ledger = await readLedgerAt(port, repo, PATH, baseSha, `the base branch's ledger (commit ${baseSha.slice(0, 7)})`);
    expect(ledger.lines).toEqual(base.lines);
    expect(ledger.file).toBe(PATH);
  });

  it('is empty when the base has no ledger', async () => {
    const { fake, port } = await setup();
    const baseSha = fake.headSha(REPO, 'main');
    expect(await readLedgerAt(port, repo, PATH, baseSha, `the base branch's ledger (commit ${baseSha.slice(0, 7)})`)).toEqual(emptyLedger(PATH));
  });

  it('names the base commit in the problems of an invalid base ledger', async () => {
    const { fake, port } = await setup();
    const baseSha = fake.setFile(REPO, 'main', PATH, 'not json\n');
    const err = await readLedgerAt(port, repo, PATH, baseSha, `the base branch's ledger (commit ${baseSha.slice(0, 7)})`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const problem = (err as ValidationError).problems[0]!;
    expect(problem).toMatchObject({ file: PATH, line: 1 });
    expect(problem.message).toContain(`base branch's ledger (commit ${baseSha.slice(0, 7)})`);
  });
});
