// The job summary's size: GitHub drops a summary above 1 MiB whole, so the report cuts itself
// in UTF-8 bytes, not characters (issue 9: a 6 MB summary from one oversize email).
import { describe, expect, it } from 'vitest';
import { fitSummary } from '../action/publish.ts';
import { change, runResult } from './fixtures.test-helpers.ts';
import { SUMMARY_MAX_BYTES, renderReport } from './markdown.ts';

describe('summary size', () => {
  it('a report of many three-byte characters is cut below the byte limit, on a row, saying so', () => {
    const changes = Array.from({ length: 3000 }, (_, i) =>
      change({ status: 'refused', user: { id: i + 10, email: `${'\u4E2D'.repeat(200)}${i}@x.test` }, reason: '\u6587'.repeat(300) }),
    );
    const md = renderReport(runResult({ plan: { changes } }), { maxBytes: SUMMARY_MAX_BYTES, runUrl: 'https://github.com/o/r/actions/runs/1' });
    const bytes = Buffer.byteLength(md, 'utf8');
    expect(bytes).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(bytes).toBeGreaterThan(SUMMARY_MAX_BYTES * 0.9);
    expect(md).toMatch(/This report is cut to fit GitHub's size limit/);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.at(-1)).toMatch(/\| \d+ \|$/); // the last row is whole
  });

  it('fitSummary cuts any other summary on a line boundary below the limit and says so', () => {
    const md = Array.from({ length: 100 }, (_, i) => `- line ${i} ${'\u00E9'.repeat(50)}`).join('\n');
    const cut = fitSummary(md, 2000);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(2000);
    expect(cut).toMatch(/cut to fit GitHub's 1 MiB limit/);
    expect(md.startsWith(cut.split('\n\n---')[0]!)).toBe(true);
    expect(fitSummary('short')).toBe('short');
  });
});
