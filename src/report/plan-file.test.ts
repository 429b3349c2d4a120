import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { change, deferred, runResult, unmanagedMember } from './fixtures.test-helpers.ts';
import { planFileJson, writePlanFile } from './plan-file.ts';

const DOCUMENTED_EXAMPLE = runResult({
  mode: 'plan',
  generatedAt: new Date('2026-11-28T10:00:00.000Z'),
  plan: {
    organization: 7,
    asOf: new Date('2026-11-28T10:00:00.000Z'),
    noop: 12,
    changes: [
      deferred('2026-12-02T09:00:00.000Z', { user: { id: 42, email: 'bob@example.com' }, from: 'AN', to: 'DI', rosterLine: 9 }),
      change({ status: 'planned', user: { id: 43, email: 'carol@example.com' }, from: 'DI', to: 'AN', kind: 'assign', rosterLine: 12 }),
      change({ status: 'refused', user: { id: 1234, email: null }, from: null, to: 'RE', reason: 'not a member of the organization: invite them first', rosterLine: 15 }),
    ],
    unmanaged: [unmanagedMember({ user: { id: 77, email: 'eve@example.com' }, role: 'AN' }), unmanagedMember({ user: { id: 78, email: null }, role: 'MA' })],
  },
});

describe('planFileJson', () => {
  it('matches docs/inputs-and-outputs.md field for field, in order', () => {
    const json = planFileJson(DOCUMENTED_EXAMPLE);
    expect(JSON.stringify(json)).toBe(
      JSON.stringify({
        version: 1,
        mode: 'plan',
        organization: 7,
        generatedAt: '2026-11-28T10:00:00.000Z',
        asOf: '2026-11-28T10:00:00.000Z',
        counts: { changes: 3, applied: 0, planned: 1, deferred: 1, refused: 1, failed: 0, noop: 12, unmanaged: 2 },
        changes: [
          {
            user: { id: 42, email: 'bob@example.com' },
            from: 'AN',
            to: 'DI',
            status: 'deferred',
            reason: 'seat held since 2026-11-25T09:00:00.000Z',
            eligibleAt: '2026-12-02T09:00:00.000Z',
            rosterLine: 9,
          },
          { user: { id: 43, email: 'carol@example.com' }, from: 'DI', to: 'AN', status: 'planned', reason: null, eligibleAt: null, rosterLine: 12 },
          {
            user: { id: 1234, email: null },
            from: null,
            to: 'RE',
            status: 'refused',
            reason: 'not a member of the organization: invite them first',
            eligibleAt: null,
            rosterLine: 15,
          },
        ],
        unmanaged: [
          { user: { id: 77, email: 'eve@example.com' }, role: 'AN' },
          { user: { id: 78, email: null }, role: 'MA' },
        ],
      }),
    );
  });

  it('uses the as-of time and the run mode of an apply', () => {
    const json = planFileJson(
      runResult({
        mode: 'apply',
        generatedAt: new Date('2026-12-01T00:00:05.000Z'),
        plan: {
          asOf: new Date('2026-12-01T00:00:00.000Z'),
          changes: [change({ status: 'applied' }), change({ status: 'failed' }), change({ status: 'applied', rosterLine: null, unmanaged: true })],
        },
      }),
    );
    expect(json.mode).toBe('apply');
    expect(json.generatedAt).toBe('2026-12-01T00:00:05.000Z');
    expect(json.asOf).toBe('2026-12-01T00:00:00.000Z');
    expect(json.counts).toEqual({ changes: 3, applied: 2, planned: 0, deferred: 0, refused: 0, failed: 1, noop: 12, unmanaged: 0 });
    expect(json.changes[2]!.rosterLine).toBeNull();
  });
});

describe('writePlanFile', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the JSON under the directory and returns its path', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'plan-file-'));
    const file = await writePlanFile(DOCUMENTED_EXAMPLE, dir);
    expect(file).toBe(path.join(dir, 'label-studio-roster-sync', 'plan.json'));
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual(planFileJson(DOCUMENTED_EXAMPLE));
    expect(text.endsWith('}\n')).toBe(true);
    // Same result, same bytes.
    await writePlanFile(DOCUMENTED_EXAMPLE, dir);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
