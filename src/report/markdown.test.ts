import { describe, expect, it } from 'vitest';
import { change, deferred, ledgerEvent, runResult, unmanagedMember } from './fixtures.test-helpers.ts';
import type { RunResult } from '../run/run-result.ts';
import { COMMENT_MAX_LENGTH, PLAN_COMMENT_MARKER, renderComment, renderFailureComment, renderSummary, type ReportContext } from './markdown.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const SHA = 'abcdef1234567890abcdef1234567890abcdef12';
const ctx = (over: Partial<ReportContext> = {}): ReportContext => ({
  now: NOW,
  runUrl: 'https://github.com/o/r/actions/runs/1',
  rosterFile: 'members.yaml',
  head: { sha: SHA, url: `https://github.com/o/r/pull/5/commits/${SHA}` },
  ...over,
});
const renderReport = (result: RunResult, over: Partial<ReportContext> = {}) => renderSummary(result, ctx(over));

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

describe('renderSummary', () => {
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
    expect(tableAfter(md, '### Interrupted writes').slice(2)).toEqual([
      ['u108@example.com', 'release Annotator → Deactivated, ledger line 40 (Fri 27 Nov, 10:00 UTC)', 'holds a seat now: its clock restarts now'],
      ['u104@example.com', 'activation Deactivated → Annotator, ledger line 41 (Fri 27 Nov, 10:00 UTC)', 'may have held a seat since: cooling until Sat 5 Dec, 10:00 UTC (in 7 days)'],
    ]);
    expect(md).not.toContain('u105@example.com');
    // The reader learns it before the tables, as a warning.
    expect(md.indexOf('> [!WARNING]')).toBeLessThan(md.indexOf('### '));
    expect(md).toMatch(/> 2 writes of an earlier run were interrupted/);
  });

  it('titles the summary with the mode and the organization', () => {
    expect(renderReport(mixed()).split('\n')[0]).toBe('## Label Studio roster plan: organization 7');
    expect(renderReport(runResult({ mode: 'apply', plan: { organization: 31 } })).split('\n')[0]).toBe('## Label Studio roster apply: organization 31');
  });

  it('opens with one sentence of what merging does, then the alerts, then the sections', () => {
    const md = renderReport(mixed());
    const lines = md.split('\n');
    expect(lines[2]).toBe('Merging changes **1 role** in organization 7; 1 more waits for the seat rule, 1 is refused, 1 failed.');
    expect(lines[4]).toBe('> [!NOTE]');
    expect(md.indexOf('> [!NOTE]')).toBeLessThan(md.indexOf('### '));
  });

  it('keeps every count, in one line under the alerts', () => {
    expect(renderReport(mixed())).toContain('<sub>1 planned · 1 deferred · 1 refused · 1 failed · 12 already at their role · 1 unmanaged · evaluated Sat 28 Nov, 10:00 UTC</sub>');
    const result = runResult({
      mode: 'apply',
      plan: { changes: [change({ status: 'applied' }), change({ status: 'applied' }), change({ status: 'planned' })], noop: 3 },
    });
    const md = renderReport(result);
    expect(md).toContain('This run changed **2 roles** in organization 7; 1 not applied.');
    expect(md).toContain('<sub>2 applied · 1 not applied · 0 deferred · 0 refused · 0 failed · 3 already at their role · 0 unmanaged');
  });

  it('says when there is nothing to do', () => {
    expect(renderReport(runResult())).toContain('Merging changes **nothing**: every member of organization 7 already has the role the roster gives.');
    expect(renderReport(mixed())).not.toContain('Merging changes **nothing**');
  });

  it('groups the changes by status, the status being the section: those that need action first', () => {
    const md = renderReport(mixed());
    const order = ['### Refused', '### Failed', '### Planned', '### Deferred'].map((h) => md.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).not.toContain('### Applied');
    expect(md).not.toMatch(/\| (planned|refused|failed|deferred) \|/);
  });

  it('shows one row per change in at most five columns, a reason column only where a row has one', () => {
    const md = renderReport(mixed());
    expect(tableAfter(md, '### Refused')).toEqual([
      ['User', 'Change', 'Line', 'Reason'],
      ['---', '---', '---', '---'],
      ['id 1234', 'unknown → Reviewer', '15', 'not a member of the organization: invite them first'],
    ]);
    expect(tableAfter(md, '### Planned')).toEqual([
      ['User', 'Change', 'Line'],
      ['---', '---', '---'],
      ['carol@example.com', 'Deactivated → Annotator', '12'],
    ]);
    expect(tableAfter(md, '### Failed')[2]).toEqual(['dan@example.com', 'Annotator → Manager', '18', 'HTTP 503 after 5 retries']);
    expect(tableAfter(md, '### Deferred')).toEqual([
      ['User', 'Change', 'Eligible', 'Line', 'Reason'],
      ['---', '---', '---', '---', '---'],
      ['bob@example.com', 'Annotator → Deactivated', 'Wed 2 Dec, 09:00 UTC (in 4 days)', '9', 'seat held since Wed 25 Nov, 09:00 UTC'],
    ]);
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) expect(cells(line).length).toBeLessThanOrEqual(5);
    // People read dates, not ISO timestamps that break mid-token in a narrow column.
    const outsideMermaid = md.replace(/```mermaid[\s\S]*?```/g, '');
    expect(outsideMermaid).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
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
    expect(rows[2]![1]).toBe('Annotator → Deactivated (offboard)');
    expect(rows[3]![1]).toBe('Annotator → Deactivated (not in roster)');
    expect(rows[3]![2]).toBe('—');
  });

  it('escapes hostile text from the roster and the API everywhere', () => {
    const hostile = 'a|b<script>@x.com';
    const md = renderReport(
      runResult({
        failures: [{ kind: 'refused', count: 1 }],
        ledger: { status: 'failed', detail: { kind: 'record-failed', reason: '- [phish](https://evil.example) **now** <img src=x onerror=alert(1)>' } },
        plan: {
          changes: [change({ status: 'refused', user: { id: 5, email: hostile }, reason: 'role_source is `saml` | <b>idp</b>\nsecond line' })],
          unmanaged: [unmanagedMember({ user: { id: 6, email: 'x<y>|z@example.com' } })],
        },
      }),
      { rosterFile: 'evil|<b>.yaml' },
    );
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('](https://evil.example)');
    const [, , row] = tableAfter(md, '### Refused');
    expect(row).toEqual(['a&#124;b&lt;script&gt;@&#8203;x.com', 'Annotator → Deactivated', '10', 'role\\_source is &#96;saml&#96; &#124; &lt;b&gt;idp&lt;/b&gt; second line']);
    expect(tableAfter(md, '### Unmanaged')[2]![0]).toBe('x&lt;y&gt;&#124;z@example.com');
    expect(md).toContain('\\[phish\\]\\(https:&#8203;//evil.example\\) \\*\\*now\\*\\*');
  });

  it('draws the waiting seats as a Mermaid gantt, soonest first, only when something waits', () => {
    const md = renderReport(
      runResult({
        plan: {
          changes: [
            deferred('2026-12-05T09:00:00.000Z', { user: { id: 1, email: 'late@example.com' } }),
            deferred('2026-12-02T09:00:00.000Z', { user: { id: 2, email: 'soon@example.com' } }),
            deferred('2026-12-03T00:00:00.000Z', { kind: 'assign', from: 'DI', to: 'AN', user: { id: 3, email: 'waits@example.com' } }),
            change({ status: 'deferred', eligibleAt: null, kind: 'assign', reason: 'seat-limit 3 reached and no pending release frees a seat' }),
          ],
          cooling: [{ user: { id: 4, email: 'gone@example.com' }, until: new Date('2026-12-01T10:00:00.000Z'), unsure: false }],
        },
      }),
    );
    const block = md.slice(md.indexOf('```mermaid'), md.indexOf('```\n', md.indexOf('```mermaid') + 3));
    expect(block.split('\n').filter((l) => l.includes(':b'))).toEqual([
      '  soon at example.com :b0, 2026-11-28T10:00, 2026-12-02T09:00',
      '  late at example.com :b1, 2026-11-28T10:00, 2026-12-05T09:00',
      '  gone at example.com :b2, 2026-11-28T10:00, 2026-12-01T10:00',
      '  waits at example.com :b3, 2026-11-28T10:00, 2026-12-03T00:00',
    ]);
    expect(block).toContain('section Cooling');
    expect(tableAfter(md, '### Deferred').slice(2).map((r) => r[2])).toEqual([
      'Wed 2 Dec, 09:00 UTC (in 4 days)',
      'Thu 3 Dec, 00:00 UTC (in 5 days)',
      'Sat 5 Dec, 09:00 UTC (in 7 days)',
      'when a seat frees',
    ]);
    expect(renderReport(mixed().plan.changes.length ? runResult() : runResult())).not.toContain('```mermaid');
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
    expect(rows[2]).toEqual(['eve@example.com', 'Annotator', 'left as is, reported only']);
    expect(rows[3]![0]).toBe('id 78');
    expect(rows[3]![2]).toContain('unmanaged: deactivate');
  });

  it('folds a section over 20 rows into <details> with its count in the summary line', () => {
    const changes = Array.from({ length: 21 }, () => change({ status: 'planned' }));
    const md = renderReport(runResult({ plan: { changes } }));
    expect(md).toContain('<details><summary><strong>Planned: merging applies these (21)</strong></summary>');
    expect(md).not.toContain('### Planned');
    const twenty = renderReport(runResult({ plan: { changes: changes.slice(1) } }));
    expect(twenty).toContain('### Planned: merging applies these (20)');
  });

  it('shows the appended ledger lines as JSON in a collapsed block, fenced beyond any backticks', () => {
    const events = [ledgerEvent(), ledgerEvent({ seq: 2, user: { id: 9, email: 'x````y@z.com' } })];
    const md = renderReport(runResult({ mode: 'apply', ledger: { appended: events, changed: true, status: 'committed' } }));
    expect(md).toContain('2 lines appended to `seat-ledger.jsonl` and committed to the branch.');
    const open = md.indexOf('<details><summary>2 ledger lines appended</summary>');
    expect(open).toBeGreaterThan(0);
    const block = md.slice(open, md.indexOf('</details>', open));
    expect(block).toContain('\n`````json\n');
    expect(block).toContain(`\n${JSON.stringify(events[0])}\n${JSON.stringify(events[1])}\n\`\`\`\`\`\n`);
  });

  it.each([
    ['written', 'not committed (`commit-ledger: false`)'],
    ['unchanged', 'is unchanged: nothing to record'],
    ['plan-mode', 'A plan never changes `seat-ledger.jsonl`.'],
  ] as const)('states the ledger status %s', (status, text) => {
    expect(renderReport(runResult({ ledger: { status } }))).toContain(text);
  });

  it('explains a failed ledger commit and where the ledger was left', () => {
    const md = renderReport(
      runResult({
        mode: 'apply',
        failures: [{ kind: 'ledger-commit' }],
        ledger: { status: 'failed', appended: [ledgerEvent()], changed: true, detail: { kind: 'record-failed', reason: 'HTTP 409 three times' } },
      }),
    );
    expect(md).toContain('**The commit of `seat-ledger.jsonl` failed**');
    expect(md).toContain('left in the workspace');
    expect(md).toContain('HTTP 409 three times');
    expect(md).toMatch(/> \[!CAUTION\]\n> \*\*This step fails\.\*\*\n> - The seat ledger could not be committed/);
  });

  it('puts the failure first, as a CAUTION alert, and seat notices as a WARNING', () => {
    const md = renderReport(
      runResult({
        failures: [{ kind: 'refused', count: 1 }],
        plan: { observed: [{ event: 'assigned', user: { id: 9, email: null }, from: null, to: 'AN', cause: 'found' }] },
      }),
    );
    expect(md.indexOf('> [!CAUTION]')).toBeLessThan(md.indexOf('> [!WARNING]'));
    expect(md).toContain('> - 1 change is refused and can never be applied as written: fix it in `members.yaml`');
    expect(md).toContain('> 1 seat found with no open ledger record was taken as assigned now (by: observed). Their clock starts at Sat 28 Nov, 10:00 UTC (now)');
  });

  it('mentions a what-if time', () => {
    const md = renderReport(runResult({ plan: { asOf: new Date('2026-12-24T00:00:00.000Z') } }));
    expect(md).toContain('evaluated as of Thu 24 Dec, 00:00 UTC (what-if)');
  });

  describe('alerts say what to do', () => {
    it('names the roster for refused changes and explains deferred and failed ones', () => {
      const md = renderReport(
        runResult({ ...mixed(), failures: [{ kind: 'refused', count: 1 }, { kind: 'failed', count: 1 }] }),
        { rosterFile: 'config/members.yaml' },
      );
      expect(md).toContain('fix it in `config/members.yaml`');
      expect(md).toContain('> - 1 change waits for the seat rule until Wed 2 Dec, 09:00 UTC (in 4 days); the first scheduled run after that');
      expect(md).toContain('1 write failed after retries; the next run tries again');
      expect(md).toContain('add it to `members` or `ignore` in `config/members.yaml`');
    });

    it('spans the dates of several deferred changes', () => {
      const same = renderReport(
        runResult({ plan: { changes: [deferred('2026-12-02T09:00:00.000Z'), deferred('2026-12-02T09:00:00.000Z'), deferred('2026-12-02T09:00:00.000Z')] } }),
      );
      expect(same).toContain('3 changes wait for the seat rule until Wed 2 Dec, 09:00 UTC (in 4 days)');
      const spread = renderReport(runResult({ plan: { changes: [deferred('2026-12-02T09:00:00.000Z'), deferred('2026-12-09T10:00:00.000Z')] } }));
      expect(spread).toContain('2 changes wait for the seat rule, the first until Wed 2 Dec, 09:00 UTC (in 4 days) and the last until Wed 9 Dec, 10:00 UTC (in 11 days)');
    });

    it('says that max-changes stopped the apply', () => {
      const changes = Array.from({ length: 30 }, () => change({ status: 'planned' }));
      const failures = [{ kind: 'max-changes', planned: 30, limit: 25 }] as const;
      const apply = renderReport(runResult({ mode: 'apply', failures: [...failures], plan: { changes, maxChanges: { limit: 25, planned: 30, exceeded: true } } }));
      expect(apply).toContain('30 changes to write, above `max-changes` (25): nothing was applied. Raise `max-changes` or split the roster change.');
      const plan = renderReport(runResult({ mode: 'plan', failures: [...failures], plan: { changes, maxChanges: { limit: 25, planned: 30, exceeded: true } } }));
      expect(plan.split('\n')[2]).toBe('Merging changes **nothing**: this plan writes 30 changes, above `max-changes` (25), so the apply run stops before any write.');
      expect(plan).toContain('the apply run would write nothing and fail');
    });

    it('has no alert when there is nothing to do', () => {
      expect(renderReport(runResult())).not.toContain('> [!');
    });
  });
});

describe('the one cut', () => {
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

  it('cuts the comment under its budget on a row boundary, closes the open <details>, and links to the run once in the footer', () => {
    const md = renderComment(huge(), ctx({ runUrl: 'https://github.com/o/r/actions/runs/99' }));
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(60_000);
    expect(md).toMatch(/The full report is in the \[run's job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/99\) and its plan file\.\n<!-- label-studio-roster-sync:plan -->$/);
    expect(md.match(/This report is cut/g)).toHaveLength(1);
    const body = md.slice(0, md.lastIndexOf('\n\n---\n'));
    const lines = body.split('\n');
    expect(lines.at(-1)).toBe('</details>');
    // The last kept row is whole, with all its cells.
    expect(lines.at(-2)).toMatch(/^\| member-number-\d+@example\.com \| .* \|$/);
    expect(cells(lines.at(-2)!)).toHaveLength(4);
    // The counts are still there, in full.
    expect(md).toContain('<sub>1000 applied · 1000 deferred · 1000 refused · 0 failed');
  });

  it('is not applied under the budget', () => {
    const result = mixed();
    expect(renderReport(result, { budget: { max: 1_000_000, measure: (s) => s.length } })).toBe(renderReport(result));
  });

  it('closes an open code block and <details> when cutting inside them', () => {
    const result = runResult({
      mode: 'apply',
      ledger: { appended: Array.from({ length: 200 }, (_, i) => ledgerEvent({ seq: i + 1 })), status: 'committed', changed: true },
    });
    const full = renderComment(result, ctx());
    const max = Math.floor(full.length / 2);
    const md = renderComment(result, ctx({ runUrl: null, budget: { max, measure: (s) => s.length } }));
    expect(md.length).toBeLessThanOrEqual(max + PLAN_COMMENT_MARKER.length + 1);
    const body = md.slice(0, md.lastIndexOf('\n\n---\n'));
    expect(body.endsWith('\n```\n</details>')).toBe(true);
    expect(body.match(/^```/gm)).toHaveLength(2);
    expect(md).toMatch(/The full report is in the run's job summary and its plan file\.\n/);
  });
});

describe('renderComment', () => {
  it('names the head commit and links the run on its first line, and ends with the hidden marker', () => {
    const comment = renderComment(mixed(), ctx());
    expect(comment.split('\n')[0]).toBe(
      `**Label Studio roster plan, organization 7** · commit [\`abcdef1\`](https://github.com/o/r/pull/5/commits/${SHA}) · [workflow run](https://github.com/o/r/actions/runs/1) · Sat 28 Nov, 10:00 UTC`,
    );
    expect(comment.endsWith(`\n${PLAN_COMMENT_MARKER}`)).toBe(true);
    expect(renderReport(mixed())).not.toContain(PLAN_COMMENT_MARKER);
    expect(PLAN_COMMENT_MARKER).toBe('<!-- label-studio-roster-sync:plan -->');
  });

  it('names no commit it cannot vouch for', () => {
    expect(renderComment(mixed(), ctx({ head: { sha: '](https://evil.example)', url: null } })).split('\n')[0]).toContain('commit unknown');
    expect(renderComment(mixed(), ctx({ head: null })).split('\n')[0]).toContain('commit unknown');
  });

  it('fits GitHub’s comment limit with 3000 changes', () => {
    const changes = Array.from({ length: 3000 }, (_, i) => change({ status: 'planned', user: { id: i, email: `m${i}@example.com` } }));
    const comment = renderComment(runResult({ plan: { changes } }), ctx({ runUrl: 'https://github.com/o/r/actions/runs/5' }));
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(comment).toContain('(https://github.com/o/r/actions/runs/5)');
  });

  it('says at the top why a plan failed, for the commit it describes', () => {
    const comment = renderFailureComment(
      { kind: 'invalid-files', problems: [{ file: 'members.yaml', line: 4, column: 11, message: 'unknown role "wizard" @team' }] },
      ctx(),
    );
    const lines = comment.split('\n');
    expect(lines[0]).toMatch(/^\*\*Label Studio roster plan failed\*\* · commit \[`abcdef1`\]/);
    expect(lines[2]).toBe('Nothing was planned and nothing was changed: `members.yaml` has 1 problem.');
    expect(lines[4]).toBe('> [!CAUTION]');
    expect(comment).toContain('- members.yaml:4:11: unknown role &quot;wizard&quot; @&#8203;team');
  });
});
