import { describe, expect, it } from 'vitest';
import { changeAnnotations } from './annotations.ts';
import { change, deferred, runResult } from './fixtures.test-helpers.ts';

describe('changeAnnotations', () => {
  it('warns on deferred and errs on refused and failed changes, at their roster lines', () => {
    const result = runResult({
      mode: 'apply',
      plan: {
        changes: [
          deferred('2026-12-02T09:00:00.000Z', { user: { id: 42, email: 'bob@example.com' }, rosterLine: 9, rosterColumn: 5 }),
          change({ status: 'refused', user: { id: 1, email: 'owner@example.com' }, from: 'OW', to: 'AN', reason: 'owners are managed by the vendor', rosterLine: 3, rosterColumn: null }),
          change({ status: 'failed', user: { id: 1234, email: null }, from: 'AN', to: 'RE', reason: 'HTTP 500 after 5 retries', rosterLine: 14 }),
          change({ status: 'applied', rosterLine: 20 }),
          change({ status: 'planned', rosterLine: 21 }),
        ],
      },
    });
    const notes = changeAnnotations(result, 'config/members.yaml');
    expect(notes).toEqual([
      {
        level: 'warning',
        file: 'config/members.yaml',
        line: 9,
        column: 5,
        title: 'Deferred: bob@example.com AN → DI',
        message: expect.stringContaining('seat held since 2026-11-25T09:00:00.000Z'),
      },
      {
        level: 'error',
        file: 'config/members.yaml',
        line: 3,
        title: 'Refused: owner@example.com OW → AN',
        message: expect.stringContaining('owners are managed by the vendor'),
      },
      {
        level: 'error',
        file: 'config/members.yaml',
        line: 14,
        column: 5,
        title: 'Failed: user id 1234 AN → RE',
        message: expect.stringContaining('HTTP 500 after 5 retries'),
      },
    ]);
    expect(notes[0]!.message).toContain('Eligible at 2026-12-02T09:00:00.000Z');
  });

  it('skips changes without a roster line', () => {
    const result = runResult({ plan: { changes: [change({ status: 'refused', rosterLine: null, unmanaged: true })] } });
    expect(changeAnnotations(result, 'members.yaml')).toEqual([]);
  });

  it('says when a deferred change has no date yet', () => {
    const result = runResult({ plan: { changes: [change({ status: 'deferred', eligibleAt: null, reason: 'seat-limit 10 reached' })] } });
    const [note] = changeAnnotations(result, 'members.yaml');
    expect(note?.level).toBe('warning');
    expect(note?.message).toContain('once a seat frees');
  });
});
