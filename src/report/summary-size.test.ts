// The job summary's size: GitHub drops a summary above 1 MiB whole, so the report cuts itself
// in UTF-8 bytes, not characters (a 6 MB summary from one oversize email).
import { describe, expect, it } from 'vitest';
import { change, runResult } from './fixtures.test-helpers.ts';
import { renderFailureSummary, renderSummary, SUMMARY_MAX_BYTES } from './markdown.ts';

const ctx = { now: new Date('2026-11-28T10:00:00.000Z'), runUrl: 'https://github.com/o/r/actions/runs/1', rosterFile: 'members.yaml' };

describe('summary size', () => {
  it('a report of many three-byte characters is cut below the byte limit, on a row, saying so', () => {
    const changes = Array.from({ length: 3000 }, (_, i) =>
      change({ status: 'refused', user: { id: i + 10, email: `${'\u4E2D'.repeat(200)}${i}@x.test` }, reason: '\u6587'.repeat(300) }),
    );
    const md = renderSummary(runResult({ plan: { changes } }), ctx);
    const bytes = Buffer.byteLength(md, 'utf8');
    expect(bytes).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(bytes).toBeGreaterThan(SUMMARY_MAX_BYTES * 0.9);
    expect(md).toMatch(/This report is cut to fit GitHub's size limit/);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.at(-1)).toMatch(/\| \u6587+ \|$/); // the last row is whole
  });

  it('the summary of a run that stopped on 20,000 problems is cut the same way, by the same cut', () => {
    const problems = Array.from({ length: 20_000 }, (_, i) => ({ file: 'members.yaml', line: i + 1, column: 3, message: `\u00E9${'x'.repeat(100)}` }));
    const md = renderFailureSummary({ kind: 'invalid-files', problems }, ctx);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(md).toContain('- and 19900 more, in the step log');
  });
});
