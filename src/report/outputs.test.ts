import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { change, deferred, runResult, unmanagedMember } from './fixtures.test-helpers.ts';
import { OUTPUT_NAMES, outputsFor } from './outputs.ts';

describe('outputsFor', () => {
  it('sets exactly the outputs action.yml declares', () => {
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { outputs: Record<string, unknown> };
    expect(Object.keys(action.outputs)).toEqual([...OUTPUT_NAMES]);
  });

  it('sets every output', () => {
    const out = outputsFor(runResult(), '/tmp/plan.json', '/tmp/report.md');
    expect(Object.keys(out).sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it('reports a clean organization', () => {
    expect(outputsFor(runResult(), '/tmp/plan.json', '/tmp/report.md')).toEqual({
      'plan-file': '/tmp/plan.json',
      changes: '0',
      applied: '0',
      deferred: '0',
      refused: '0',
      failed: '0',
      unmanaged: '0',
      drift: 'false',
      'next-eligible-at': '',
      'ledger-changed': 'false',
      'report-file': '/tmp/report.md',
    });
  });

  it('counts each status and the earliest eligibility', () => {
    const result = runResult({
      mode: 'apply',
      plan: {
        changes: [
          change({ status: 'applied' }),
          change({ status: 'applied' }),
          change({ status: 'refused' }),
          change({ status: 'failed' }),
          deferred('2026-12-05T00:00:00.000Z'),
          deferred('2026-12-02T09:00:00.000Z'),
          change({ status: 'deferred', eligibleAt: null }),
        ],
        unmanaged: [unmanagedMember(), unmanagedMember()],
      },
      ledger: { changed: true, status: 'committed' },
    });
    expect(outputsFor(result, '/rt/plan.json', '/rt/report.md')).toEqual({
      'plan-file': '/rt/plan.json',
      changes: '7',
      applied: '2',
      deferred: '3',
      refused: '1',
      failed: '1',
      unmanaged: '2',
      drift: 'true',
      'next-eligible-at': '2026-12-02T09:00:00.000Z',
      'ledger-changed': 'true',
      'report-file': '/rt/report.md',
    });
  });

  it('reports drift for a refused change alone', () => {
    expect(outputsFor(runResult({ plan: { changes: [change({ status: 'refused' })] } }), 'p', 'r').drift).toBe('true');
  });

  it('reports drift for unmanaged members alone', () => {
    expect(outputsFor(runResult({ plan: { unmanaged: [unmanagedMember()] } }), 'p', 'r').drift).toBe('true');
  });

  it('reports no drift when every member is already at its role', () => {
    expect(outputsFor(runResult({ plan: { noop: 40 } }), 'p', 'r').drift).toBe('false');
  });
});
