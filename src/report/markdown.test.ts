import { describe, expect, it } from 'vitest';
import type { Change } from '../core/change.ts';
import { change, deferred, ledgerEvent, runResult, unmanagedMember } from './fixtures.test-helpers.ts';
import { calendar, COMMENT_MAX_LENGTH, PLAN_COMMENT_MARKER, renderComment, renderReport } from './markdown.ts';

/** The rows of the first table after a heading that starts with `heading`, split into cells. */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  expect(start, `no heading ${heading}`).toBeGreaterThanOrEqual(0);
  const head = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = head; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
  return rows;
}

function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}

const mixed = () =>
  runResult({
    mode: 'plan',
    plan: {
      noop: 12,
      changes: [
        deferred('2026-12-02T09:00:00.000Z', { user: { id: 42, email: 'bob@example.com' }, rosterLine: 9 }),
        change({ status: 'planned', user: { id: 43, email: 'carol@example.com' }, from: 'DI', to: 'AN', kind: 'assign', rosterLine: 12 }),
        change({ status: 'refused', user: { id: 1234, email: null }, from: null, to: 'RE', reason: 'not a member of the organization: invite them first', rosterLine: 15 }),
        change({ status: 'failed', user: { id: 44, email: 'dan@example.com' }, from: 'AN', to: 'MA', kind: 'role-change', reason: 'HTTP 503 after 5 retries', rosterLine: 18 }),
      ],
      unmanaged: [unmanagedMember({ user: { id: 77, email: 'eve@example.com' }, role: 'AN' })],
    },
  });

describe('renderReport', () => {
  it('lists interrupted writes with the worst case taken for each, and leaves out those that touched no seat', () => {
    const at = new Date('2026-11-27T10:00:00.000Z');
    const md = renderReport(
      runResult({
        mode: 'apply',
        plan: {
          unresolved: [
            { user: { id: 108, email: 'u108@example.com' }, intent: { seq: 40, at, from: 'AN', to: 'DI', run: null }, outcome: 'seat-held', coolingUntil: null },
            {
              user: { id: 104, email: 'u104@example.com' },
              intent: { seq: 41, at, from: 'DI', to: 'AN', run: null },
              outcome: 'cooling',
              coolingUntil: new Date('2026-12-05T10:00:00.000Z'),
            },
            { user: { id: 105, email: 'u105@example.com' }, intent: { seq: 42, at, from: 'DI', to: 'NO', run: null }, outcome: 'no-seat', coolingUntil: null },
          ],
        },
      }),
    );
    expect(md).toContain('### Interrupted writes (2)');
    expect(md).toContain(
      '| u108@example.com | the last run was interrupted while releasing this seat (AN → DI, ledger line 40, 2026-11-27T10:00:00.000Z) | holds a seat now: its clock restarts now |',
    );
    expect(md).toContain(
      '| u104@example.com | the last run was interrupted while activating this seat (DI → AN, ledger line 41, 2026-11-27T10:00:00.000Z) | may have held a seat since: cooling until 2026-12-05T10:00:00.000Z |',
    );
    expect(md).not.toContain('u105@example.com');
  });

  it('titles the report with the mode and the organization', () => {
    expect(renderReport(mixed()).split('\n')[0]).toBe('## Label Studio roster sync: plan for organization 7');
    expect(renderReport(runResult({ mode: 'apply', plan: { organization: 31 } })).split('\n')[0]).toBe(
      '## Label Studio roster sync: apply for organization 31',
    );
  });

  it('puts the counts first, as a table', () => {
    const md = renderReport(mixed());
    const [head, , values] = tableAfter(md, '## ');
    expect(head).toEqual(['Changes', 'Planned', 'Deferred', 'Refused', 'Failed', 'No-op', 'Unmanaged']);
    expect(values).toEqual(['4', '1', '1', '1', '1', '12', '1']);
    expect(md.indexOf('| Changes |')).toBeLessThan(md.indexOf('### '));
  });

  it('counts applied changes after an apply, and the changes left unapplied', () => {
    const result = runResult({
      mode: 'apply',
      plan: { changes: [change({ status: 'applied' }), change({ status: 'applied' }), change({ status: 'planned' })], noop: 3 },
    });
    const [head, , values] = tableAfter(renderReport(result), '## ');
    expect(head).toEqual(['Changes', 'Applied', 'Not applied', 'Deferred', 'Refused', 'Failed', 'No-op', 'Unmanaged']);
    expect(values).toEqual(['3', '2', '1', '0', '0', '0', '3', '0']);
  });

  it('says when there is nothing to do', () => {
    expect(renderReport(runResult())).toContain('No drift');
    expect(renderReport(mixed())).not.toContain('No drift');
  });

  it('groups the changes by status: those that need action first', () => {
    const md = renderReport(mixed());
    const order = ['### Refused', '### Failed', '### Planned', '### Deferred'].map((h) => md.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).not.toContain('### Applied');
  });

  it('shows one row per change: user, from → to, status, reason, roster line', () => {
    const md = renderReport(mixed());
    expect(tableAfter(md, '### Refused')).toEqual([
      ['User', 'Change', 'Status', 'Reason', 'Roster line'],
      ['---', '---', '---', '---', '---'],
      ['id 1234', 'unknown → RE (reviewer)', 'refused', 'not a member of the organization: invite them first', '15'],
    ]);
    expect(tableAfter(md, '### Planned')[2]).toEqual(['carol@example.com', 'DI (deactivated) → AN (annotator)', 'planned', '', '12']);
    expect(tableAfter(md, '### Failed')[2]).toEqual(['dan@example.com', 'AN (annotator) → MA (manager)', 'failed', 'HTTP 503 after 5 retries', '18']);
    expect(tableAfter(md, '### Deferred')[2]).toEqual([
      'bob@example.com',
      'AN (annotator) → DI (deactivated)',
      'deferred',
      '2026-12-02T09:00:00.000Z',
      'seat held since 2026-11-25T09:00:00.000Z',
      '9',
    ]);
  });

  it('marks offboarding and unmanaged changes', () => {
    const md = renderReport(
      runResult({
        mode: 'apply',
        plan: {
          changes: [
            change({ status: 'applied', offboard: true, user: { id: 1, email: 'off@example.com' } }),
            change({ status: 'applied', unmanaged: true, rosterLine: null, user: { id: 2, email: 'stray@example.com' } }),
          ],
        },
      }),
    );
    const rows = tableAfter(md, '### Applied');
    expect(rows[2]![1]).toBe('AN (annotator) → DI (deactivated) (offboard)');
    expect(rows[3]![1]).toBe('AN (annotator) → DI (deactivated) (unmanaged)');
    expect(rows[3]![4]).toBe('');
  });

  it('escapes hostile text from the roster and the API everywhere', () => {
    const hostile = 'a|b<script>@x.com';
    const md = renderReport(
      runResult({
        failure: 'refused: <img src=x onerror=alert(1)>',
        notices: ['- [phish](https://evil.example) **now**'],
        plan: {
          changes: [change({ status: 'refused', user: { id: 5, email: hostile }, reason: 'role_source is `saml` | <b>idp</b>\nsecond line' })],
          unmanaged: [unmanagedMember({ user: { id: 6, email: 'x<y>|z@example.com' } })],
        },
      }),
    );
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('](https://evil.example)');
    const [, , row] = tableAfter(md, '### Refused');
    expect(row).toEqual(['a&#124;b&lt;script&gt;@&#8203;x.com', 'AN (annotator) → DI (deactivated)', 'refused', 'role\\_source is &#96;saml&#96; &#124; &lt;b&gt;idp&lt;/b&gt; second line', '10']);
    expect(tableAfter(md, '### Unmanaged')[2]![0]).toBe('x&lt;y&gt;&#124;z@example.com');
    expect(md).toContain('- \\- \\[phish\\]\\(https:&#8203;//evil.example\\) \\*\\*now\\*\\*');
  });

  it('shows the deferred changes as a calendar by UTC date', () => {
    const md = renderReport(
      runResult({
        plan: {
          changes: [
            deferred('2026-12-05T09:00:00.000Z'),
            deferred('2026-12-02T23:59:59.999Z'),
            deferred('2026-12-02T09:00:00.000Z'),
            deferred('2026-12-03T00:00:00.000Z'),
            deferred('2026-12-02T00:00:00.000Z'),
            change({ status: 'deferred', eligibleAt: null, reason: 'seat-limit 3 reached and no pending release frees a seat' }),
          ],
        },
      }),
    );
    const days = md.split('\n').filter((l) => l.startsWith('- **'));
    expect(days.map((l) => l.slice(0, l.indexOf(': ', l.indexOf('**:') + 3)))).toEqual([
      '- **2026-12-02 (Wed)**: 3 changes',
      '- **2026-12-03 (Thu)**: 1 change',
      '- **2026-12-05 (Sat)**: 1 change',
      '- **when a seat frees (no date yet)**: 1 change',
    ]);
  });

  it('lists the unmanaged members and what the policy does with them', () => {
    const md = renderReport(
      runResult({
        plan: {
          unmanaged: [
            unmanagedMember({ user: { id: 77, email: 'eve@example.com' }, role: 'AN' }),
            unmanagedMember({ user: { id: 78, email: null }, role: 'RE', deactivating: true }),
          ],
        },
      }),
    );
    const rows = tableAfter(md, '### Unmanaged');
    expect(rows[2]).toEqual(['eve@example.com', 'AN (annotator)', 'left as is, reported only']);
    expect(rows[3]![0]).toBe('id 78');
    expect(rows[3]![2]).toContain('unmanaged: deactivate');
  });

  it('shows the appended ledger lines as JSON in a collapsed block, fenced beyond any backticks', () => {
    const events = [ledgerEvent(), ledgerEvent({ seq: 2, user: { id: 9, email: 'x````y@z.com' } })];
    const md = renderReport(runResult({ mode: 'apply', ledger: { appended: events, changed: true, status: 'committed' } }));
    expect(md).toContain('2 lines appended to seat-ledger.jsonl and committed to the branch.');
    const open = md.indexOf('<details><summary>2 ledger lines appended</summary>');
    expect(open).toBeGreaterThan(0);
    const block = md.slice(open, md.indexOf('</details>', open));
    expect(block).toContain('\n`````json\n');
    expect(block).toContain(`\n${JSON.stringify(events[0])}\n${JSON.stringify(events[1])}\n\`\`\`\`\`\n`);
  });

  it.each([
    ['written', 'not committed (`commit-ledger: false`)'],
    ['unchanged', 'is unchanged: nothing to record'],
    ['plan-mode', 'Plan mode: seat-ledger.jsonl is not changed.'],
  ] as const)('states the ledger status %s', (status, text) => {
    expect(renderReport(runResult({ ledger: { status } }))).toContain(text);
  });

  it('explains a failed ledger commit and where the ledger was left', () => {
    const md = renderReport(
      runResult({ mode: 'apply', ledger: { status: 'failed', appended: [ledgerEvent()], changed: true, message: 'HTTP 409 three times' } }),
    );
    expect(md).toContain('**The commit of seat-ledger.jsonl failed**');
    expect(md).toContain('left in the workspace');
    expect(md).toContain('HTTP 409 three times');
  });

  it('shows notices and the failure', () => {
    const md = renderReport(runResult({ failure: '1 change was refused', notices: ['First run on organization 7: every seat clock starts now.'] }));
    expect(md).toContain('> **The step fails:** 1 change was refused');
    expect(md).toContain('### Notices\n\n- First run on organization 7: every seat clock starts now.');
  });

  it('mentions a what-if time', () => {
    const md = renderReport(runResult({ plan: { asOf: new Date('2026-12-24T00:00:00.000Z') } }));
    expect(md).toContain('Evaluated as of `2026-12-24T00:00:00.000Z` (what-if)');
  });

  describe('what to do next', () => {
    const next = (md: string) => md.slice(md.indexOf('### What to do next'), md.indexOf('\n\n', md.indexOf('### What to do next') + 25));

    it('names the roster for refused changes and explains deferred and failed ones', () => {
      const md = next(renderReport(mixed(), { rosterFile: 'config/members.yaml' }));
      expect(md).toContain('Fix the 1 refused change in config/members.yaml');
      expect(md).toContain('This deferred change applies on the first run after 2026-12-02T09:00:00.000Z');
      expect(md).toContain('1 change failed after retries');
      expect(md).toContain('writes the 1 planned change');
      expect(md).toContain('add it to `members` or `ignore` in config/members.yaml');
    });

    it('spans the dates of several deferred changes', () => {
      const md = renderReport(
        runResult({ plan: { changes: [deferred('2026-12-02T09:00:00.000Z'), deferred('2026-12-02T09:00:00.000Z'), deferred('2026-12-02T09:00:00.000Z')] } }),
      );
      expect(md).toContain('These 3 deferred changes apply on the first run after 2026-12-02T09:00:00.000Z; a scheduled run');
      const spread = renderReport(runResult({ plan: { changes: [deferred('2026-12-02T09:00:00.000Z'), deferred('2026-12-09T10:00:00.000Z')] } }));
      expect(spread).toContain('These 2 deferred changes become eligible between 2026-12-02T09:00:00.000Z and 2026-12-09T10:00:00.000Z');
    });

    it('says that max-changes stopped the apply', () => {
      const changes = Array.from({ length: 30 }, () => change({ status: 'planned' }));
      const apply = renderReport(runResult({ mode: 'apply', plan: { changes, maxChanges: { limit: 25, planned: 30, exceeded: true } } }));
      expect(apply).toContain('**max-changes exceeded**: 30 changes against a limit of 25; nothing was applied. Raise `max-changes` or split the roster change.');
      const plan = renderReport(runResult({ mode: 'plan', plan: { changes, maxChanges: { limit: 25, planned: 30, exceeded: true } } }));
      expect(plan).toContain('an apply run would write nothing and fail');
      expect(plan).not.toContain('writes the 30 planned changes');
    });

    it('is left out when there is nothing to do', () => {
      expect(renderReport(runResult())).not.toContain('What to do next');
    });
  });
});

describe('calendar', () => {
  it('groups by UTC day, soonest first, undated last', () => {
    const a = deferred('2026-12-02T23:00:00.000-05:00'); // 2026-12-03 in UTC
    const b = deferred('2026-12-02T09:00:00.000Z');
    const c = change({ status: 'deferred', eligibleAt: null });
    const days = calendar([c, a, b] as Change[]);
    expect(days.map((d) => [d.date, d.changes])).toEqual([
      ['2026-12-02 (Wed)', [b]],
      ['2026-12-03 (Thu)', [a]],
      [null, [c]],
    ]);
  });
});

describe('truncation', () => {
  const huge = () =>
    runResult({
      mode: 'apply',
      plan: {
        changes: Array.from({ length: 3000 }, (_, i) =>
          change({
            status: i % 3 === 0 ? 'refused' : i % 3 === 1 ? 'applied' : 'deferred',
            eligibleAt: i % 3 === 2 ? new Date(Date.UTC(2026, 11, 1 + (i % 20), 9)) : null,
            user: { id: i, email: `member-number-${i}@example.com` },
            reason: 'a reason long enough to make three thousand rows far larger than one comment',
          }),
        ),
      },
      ledger: { appended: Array.from({ length: 1000 }, (_, i) => ledgerEvent({ seq: i + 1 })), status: 'committed', changed: true },
    });

  it('cuts under the limit on a row boundary and links to the run', () => {
    const md = renderReport(huge(), { maxLength: 65_000, runUrl: 'https://github.com/o/r/actions/runs/99' });
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md.length).toBeGreaterThan(60_000);
    expect(md).toMatch(/The full report is in the \[run's job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/99\) and its plan file\.$/);
    expect(md).toMatch(/\(\d+ more lines\)/);
    const body = md.slice(0, md.lastIndexOf('\n\n---\n'));
    const last = body.split('\n').at(-1)!;
    // The last kept line is a whole table row, with all its cells.
    expect(last).toMatch(/^\| member-number-\d+@example\.com \| .* \|$/);
    expect(cells(last)).toHaveLength(5);
    // The counts are still there, in full.
    expect(tableAfter(md, '## ')[2]).toEqual(['3000', '1000', '1000', '1000', '0', '12', '0']);
  });

  it('is not applied under the limit', () => {
    const result = mixed();
    expect(renderReport(result, { maxLength: 1_000_000 })).toBe(renderReport(result));
  });

  it('closes an open code block and <details> when cutting inside them', () => {
    const result = runResult({
      mode: 'apply',
      ledger: { appended: Array.from({ length: 200 }, (_, i) => ledgerEvent({ seq: i + 1 })), status: 'committed', changed: true },
    });
    const full = renderReport(result);
    const md = renderReport(result, { maxLength: Math.floor(full.length / 2), runUrl: null });
    expect(md.length).toBeLessThanOrEqual(Math.floor(full.length / 2));
    const body = md.slice(0, md.lastIndexOf('\n\n---\n'));
    expect(body.endsWith('\n```\n</details>')).toBe(true);
    expect(body.match(/^```/gm)).toHaveLength(2);
    expect(md).toMatch(/The full report is in the run's job summary and its plan file\.$/);
  });
});

describe('renderComment', () => {
  it('starts with the hidden marker, which the summary does not carry', () => {
    const comment = renderComment(mixed(), 'https://github.com/o/r/actions/runs/1');
    expect(comment.startsWith(`${PLAN_COMMENT_MARKER}\n## Label Studio roster sync`)).toBe(true);
    expect(renderReport(mixed())).not.toContain(PLAN_COMMENT_MARKER);
    expect(PLAN_COMMENT_MARKER).toBe('<!-- label-studio-roster-sync:plan -->');
  });

  it('fits GitHub’s comment limit with 3000 changes', () => {
    const changes = Array.from({ length: 3000 }, (_, i) => change({ status: 'planned', user: { id: i, email: `m${i}@example.com` } }));
    const comment = renderComment(runResult({ plan: { changes } }), 'https://github.com/o/r/actions/runs/5');
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(comment).toContain('(https://github.com/o/r/actions/runs/5)');
  });
});
