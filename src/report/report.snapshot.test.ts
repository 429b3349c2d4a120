// Snapshots of the Markdown people read, rendered from fixed facts and a fixed clock,
// so a change in wording or layout shows up as a reviewed diff of a .md file. The large cases
// snapshot their head and their cut, and assert the sizes GitHub enforces.
import { describe, expect, it } from 'vitest';
import type { Change } from '../core/change.ts';
import type { RunResult } from '../run/run-result.ts';
import { change, ledgerEvent, runResult, unmanagedMember } from './fixtures.test-helpers.ts';
import { COMMENT_LIMIT, renderComment, renderFailureComment, renderFailureSummary, renderSummary, type ReportContext } from './markdown.ts';

const NOW = new Date('2026-12-03T09:57:00.000Z');
const DAY = 86_400_000;
const at = (days: number, hours = 0) => new Date(NOW.getTime() + days * DAY + hours * 3_600_000);
const SHA = '5d41402abc4b2a76b9719d911017c592ae3f1c2b';
const ctx: ReportContext = {
  now: NOW,
  runUrl: 'https://github.com/acme/labeling/actions/runs/4242',
  rosterFile: 'members.yaml',
  head: { sha: SHA, url: `https://github.com/acme/labeling/pull/5/commits/${SHA}` },
};
const snap = (name: string) => `./__snapshots__/${name}.md`;

function base(over: Parameters<typeof runResult>[0] = {}): RunResult {
  return runResult({ generatedAt: NOW, observedAt: NOW, ...over, plan: { asOf: NOW, ...over.plan }, seatRule: { minSeatDays: 7, seatLimit: 8 } });
}

const u = (id: number, name: string) => ({ id, email: `${name}@example.com` });

function normalPlan(): RunResult {
  const changes: Change[] = [
    change({ user: u(11, 'bob'), from: 'AN', to: 'DI', kind: 'release', status: 'deferred', eligibleAt: at(4), reason: `seat held since ${at(-3).toISOString()}; min-seat-days is 7`, rosterLine: 9 }),
    change({ user: u(12, 'dave'), from: 'RE', to: 'DI', kind: 'release', status: 'planned', offboard: true, reason: `offboarding: released at once; the seat stays occupied (cooling) until ${at(2).toISOString()}`, rosterLine: 14 }),
    // Carol was made an annotator by hand after this action made her a reviewer: merging reverts that.
    change({ user: u(13, 'carol'), from: 'AN', to: 'RE', kind: 'role-change', status: 'planned', rosterLine: 11, handChange: { ledgerRole: 'RE', at: at(-20) } }),
    change({ user: u(14, 'erin'), from: 'DI', to: 'AN', kind: 'assign', status: 'planned', rosterLine: 17 }),
    change({ user: u(15, 'frank'), from: 'DI', to: 'AN', kind: 'assign', status: 'deferred', eligibleAt: at(2), reason: `seat-limit 8 reached; the next seat frees at ${at(2).toISOString()}`, rosterLine: 19 }),
    change({ user: u(16, 'grace'), from: 'AN', to: 'MA', kind: 'role-change', status: 'planned', rosterLine: 21 }),
  ];
  return base({
    plan: {
      changes,
      noop: 9,
      unmanaged: [unmanagedMember({ user: u(40, 'mallory'), role: 'AN' })],
      cooling: [{ user: u(12, 'dave'), until: at(2), unsure: false }],
      // The owner, the token's user, bob, dave, carol, grace and one more: 7 of 8 licensed.
      seats: { inUse: 7, cooling: 0 },
    },
  });
}

function manyChanges(n: number): Change[] {
  return Array.from({ length: n }, (_, i): Change => {
    const user = u(1000 + i, `member${String(i).padStart(6, '0')}`);
    if (i % 3 === 0) return change({ user, from: 'AN', to: 'RE', kind: 'role-change', status: 'planned', rosterLine: 4 + 2 * i });
    if (i % 3 === 1) return change({ user, from: 'AN', to: 'DI', kind: 'release', status: 'deferred', eligibleAt: at(1 + (i % 6), i % 24), reason: `seat held since ${at(-6 + (i % 6), i % 24).toISOString()}; min-seat-days is 7`, rosterLine: 4 + 2 * i });
    return change({ user, from: 'DI', to: 'AN', kind: 'assign', status: 'planned', rosterLine: 4 + 2 * i });
  });
}

describe('report snapshots', () => {
  it('a normal plan: comment', async () => {
    await expect(renderComment(normalPlan(), ctx)).toMatchFileSnapshot(snap('plan-comment'));
  });

  it('an apply: summary', async () => {
    const result = normalPlan();
    result.mode = 'apply';
    result.plan.changes = result.plan.changes.map((c) => (c.status === 'planned' ? { ...c, status: 'applied' } : c));
    result.ledger = {
      file: 'seat-ledger.jsonl',
      appended: [ledgerEvent({ seq: 41, at: NOW.toISOString(), user: { id: 12, email: 'dave@example.com' }, from: 'RE', to: 'DI', reason: 'offboard' } as never)],
      changed: true,
      status: 'committed',
      detail: { kind: 'committed', branch: 'main', events: 1 },
    };
    await expect(renderSummary(result, { ...ctx, head: null })).toMatchFileSnapshot(snap('apply-summary'));
  });

  it('a failure: the comment is replaced by why the plan failed, for the new head', async () => {
    const failure = {
      kind: 'invalid-files' as const,
      problems: [
        { file: 'members.yaml', line: 9, column: 11, message: 'unknown role "wizard"; expected one of owner, administrator, manager, reviewer, annotator, deactivated, not-activated' },
        { file: 'members.yaml', line: 12, column: 5, message: 'bob@example.com is named twice: first on line 8' },
      ],
    };
    await expect(renderFailureComment(failure, ctx)).toMatchFileSnapshot(snap('failure-comment'));
    expect(renderFailureSummary(failure, ctx).split('\n')[0]).toBe('## Label Studio Roster Sync: failed');
  });

  it('a refused plan over max-changes: the step fails, said first', async () => {
    const changes = manyChanges(30).map((c, i) => (i === 0 ? { ...c, status: 'refused' as const, reason: 'changing the role of the owner is refused' } : c));
    const planned = changes.filter((c) => c.status === 'planned').length;
    const result = base({
      failures: [{ kind: 'max-changes', planned, limit: 10 }, { kind: 'refused', count: 1 }],
      plan: { changes, maxChanges: { limit: 10, planned, exceeded: true } },
    });
    const md = renderComment(result, ctx);
    expect(md.split('\n')[2]).toMatch(/^Merging changes \*\*nothing\*\*/);
    expect(md.split('\n')[4]).toBe('> [!CAUTION]');
    await expect(md).toMatchFileSnapshot(snap('max-changes-comment'));
  });

  it('adoption: the first run on an organization warns first', async () => {
    const result = base({
      plan: {
        changes: [change({ user: u(11, 'bob'), from: 'AN', to: 'DI', kind: 'release', status: 'deferred', eligibleAt: at(7), reason: `seat held since ${NOW.toISOString()}; min-seat-days is 7`, rosterLine: 9 })],
        observed: [
          { event: 'assigned', user: u(11, 'bob'), from: null, to: 'AN', cause: 'found' },
          { event: 'assigned', user: u(12, 'carol'), from: null, to: 'RE', cause: 'found' },
          { event: 'released', user: u(13, 'dan'), from: null, to: 'DI', cause: 'adoption' },
        ],
        adoptionCooling: { members: 1, until: at(7) },
        cooling: [{ user: u(13, 'dan'), until: at(7), unsure: true }],
        // What adoption found: 8 seats in use and 1 cooling against seat-limit 8.
        seats: { inUse: 8, cooling: 1 },
        noop: 1,
      },
    });
    const md = renderComment(result, ctx);
    expect(md.indexOf('> [!WARNING]')).toBeLessThan(md.indexOf('> [!NOTE]'));
    expect(md).toContain('> - **More seats are occupied than licensed:** 8 in use + 1 cooling = 9, against 8 licensed.');
    await expect(md).toMatchFileSnapshot(snap('adoption-comment'));
  });

  it('a 400-member organization: sections over 20 rows are folded, the comment is small', async () => {
    const changes = manyChanges(200);
    const result = base({ plan: { changes, noop: 190, unmanaged: Array.from({ length: 10 }, (_, i) => unmanagedMember({ user: u(9000 + i, `stray${i}`) })) } });
    const md = renderComment(result, ctx);
    expect(md.length).toBeLessThan(30_000);
    expect(md).toContain('<details><summary><strong>Planned: merging applies these (133)</strong></summary>');
    // 67 waiting releases, drawn as one bar per end time (8 here), never more than 30.
    const bars = md.split('\n').filter((l) => / :b\d+, /.test(l));
    expect(bars).toHaveLength(8);
    expect(bars.filter((b) => b.includes(' more :'))).not.toHaveLength(0);
    await expect(md).toMatchFileSnapshot(snap('org-400-comment'));
  });

  it('a 100,000-member organization: the summary stays under 1 MiB and the comment under 65,536 characters, each cut once', async () => {
    const result = base({ plan: { changes: manyChanges(100_000), noop: 0 } });
    const summary = renderSummary(result, ctx);
    const comment = renderComment(result, ctx);
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(comment.length).toBeLessThan(COMMENT_LIMIT);
    for (const md of [summary, comment]) expect(md.match(/This report is cut to fit GitHub's size limit/g)).toHaveLength(1);
    const ends = (md: string) => `${md.slice(0, 4000)}\n\n[… ${md.length - 5000} characters …]\n\n${md.slice(-1000)}`;
    await expect(ends(summary)).toMatchFileSnapshot(snap('org-100k-summary-ends'));
    await expect(ends(comment)).toMatchFileSnapshot(snap('org-100k-comment-ends'));
  });
});
