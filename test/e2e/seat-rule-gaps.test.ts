// The seat rule where randomized runs did not look: a member list that shifts while it is read, a
// runner clock that disagrees with the servers', one's own cooling seat, a view-only upgrade the
// server does not show, and an activation held back behind a failed release. End to end through
// the bundle; each judged by what the fakes recorded (the seat timeline, PATCHes, ledger commits).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger, type EventDraft } from '../../src/files/ledger.ts';
import type { PlanFile } from '../../src/report/plan-file.ts';
import type { RoleCode } from '../../src/core/roles.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft, byTime } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { seatRuleViolations } from '../kit/seat-truth.ts';
import { DAY, iso, LEDGER, ORG, REPO, ROSTER } from '../kit/e2e.ts';

const GITHUB_TOKEN = 'ghs_seatGapsSeatGapsSeatGaps00001';

const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW', membershipId: 5001 };
const ADMIN: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD', membershipId: 5003 };
const u = (id: number, role: RoleCode | 'VO', extra: Partial<FakeMember> = {}): FakeMember => ({ userId: id, email: `u${id}@example.com`, role, membershipId: 6000 + id, ...extra });
const ref = (id: number) => ({ id, email: `u${id}@example.com` });

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

interface World {
  ls: FakeLabelStudio;
  gh: FakeGitHub;
  run(roster: string): Promise<ActionRun>;
}

async function world(opts: {
  members: FakeMember[];
  seatSince?: Record<number, number>;
  drafts: EventDraft[];
  seatLimit?: number;
  maxPageSize?: number;
  failPatchFor?: Record<number, { status: number; detail: string }>;
}): Promise<World> {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({
    organizationId: ORG,
    members: opts.members,
    selfUserId: ADMIN.userId,
    legacyTokens: [token],
    ...(opts.seatSince ? { seatSince: opts.seatSince } : {}),
    ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}),
    ...(opts.failPatchFor ? { failPatchFor: opts.failPatchFor } : {}),
  });
  open.push(ls);
  const gh = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
  open.push(gh);
  gh.setFile(REPO, 'main', LEDGER, serializeLedger(appendEvents(emptyLedger(LEDGER), byTime(opts.drafts))));
  return {
    ls,
    gh,
    run: (roster) => {
      // An apply runs on the branch's head: the roster it applies is the one merged there.
      if (gh.getFile(REPO, 'main', ROSTER) !== roster) gh.setFile(REPO, 'main', ROSTER, roster, 'Roster change');
      return runAction({
        inputs: {
          'label-studio-url': ls.url,
          'label-studio-token': token,
          'github-token': GITHUB_TOKEN,
          mode: 'apply',
          concurrency: '1',
          'delay-ms': '0',
          'min-seat-days': '7',
          ...(opts.seatLimit !== undefined ? { 'seat-limit': String(opts.seatLimit) } : {}),
        },
        workspace: makeWorkspace({ [ROSTER]: roster, [LEDGER]: gh.getFile(REPO, 'main', LEDGER) ?? '' }),
        env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
      });
    },
  };
}

function roster(entries: Array<{ id: number; role: string; offboard?: boolean }>): string {
  return [
    'version: 1',
    `organization: ${ORG}`,
    'members:',
    ...entries.flatMap((e) => [`  - email: u${e.id}@example.com`, `    role: ${e.role}`, ...(e.offboard ? ['    offboard: true'] : [])]),
    'ignore:',
    '  - email: owner@example.com',
    '  - email: admin@example.com',
    '',
  ].join('\n');
}

const describeRun = (run: ActionRun) => `exit ${run.exitCode} signal ${run.signal}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-1500)}`;
const planOf = (run: ActionRun) => JSON.parse(readFileSync(run.outputs['plan-file']!, 'utf8')) as PlanFile;
const changeOf = (run: ActionRun, id: number) => planOf(run).changes.find((c) => c.user.id === id);
const errorsOf = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n');
const ledgerOf = (w: World) => parseLedger(w.gh.getFile(REPO, 'main', LEDGER) ?? '', LEDGER).events;
const longAgo = () => iso(Date.now() - 300 * DAY);

describe('a member list that shifts while it is read', () => {
  /**
   * Pages of 2, ordered by membership: [owner, u9] [admin, u10] [u11, u12]. Once page 1 is read,
   * an administrator removes u9, so page 2 starts one member later and the admin's seat is never
   * seen. Seat-limit 4 is full (owner, admin, u10, u11); the roster activates u12.
   */
  const shifting = () =>
    world({
      members: [OWNER, u(9, 'DI', { membershipId: 5002 }), ADMIN, u(10, 'AN', { membershipId: 5004 }), u(11, 'AN', { membershipId: 5005 }), u(12, 'DI', { membershipId: 5006 })],
      drafts: [assignedDraft(ref(1), longAgo(), 'OW'), assignedDraft(ref(2), longAgo(), 'AD'), assignedDraft(ref(10), longAgo()), assignedDraft(ref(11), longAgo())],
      seatLimit: 4,
      maxPageSize: 2,
    });
  const wanted = roster([
    { id: 10, role: 'AN' },
    { id: 11, role: 'AN' },
    { id: 12, role: 'AN' },
  ]);

  it('reads the list once more after a removal between two pages, so no seated member is missed and seat-limit holds', async () => {
    const w = await shifting();
    let removed = false;
    w.ls.afterPage = (page) => {
      if (page === 1 && !removed) {
        removed = true;
        w.ls.removeMember(9);
      }
    };
    const run = await w.run(wanted);
    // Refused (the step fails): four seats are held and no release will free one.
    expect(changeOf(run, 12)!.status, describeRun(run)).toBe('refused');
    expect(removed).toBe(true);
    expect(w.ls.member(12)!.role).toBe('DI');
    expect(w.ls.patchAttempts()).toEqual([]);
    // The admin's seat was seen: no `released` line for it.
    expect(ledgerOf(w).filter((e) => e.user.id === 2 && e.event === 'released')).toEqual([]);
    expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: 4 })).toEqual([]);
  });

  it('stops before any write, saying what the server sent, when the list does not add up twice', async () => {
    const w = await shifting();
    let added = 0;
    w.ls.afterPage = (page) => {
      if (page === 1) w.ls.addMember(u(20 + added++, 'NO'));
    };
    const ledgerBefore = w.gh.getFile(REPO, 'main', LEDGER);
    const run = await w.run(wanted);
    expect(run.exitCode, describeRun(run)).toBe(1);
    expect(added).toBe(2);
    expect(errorsOf(run)).toContain('did not add up in two reads');
    expect(errorsOf(run)).toContain('the count changed between pages (6 → 7)');
    expect(errorsOf(run)).toContain('(7 → 8)');
    expect(w.ls.patchAttempts()).toEqual([]);
    expect(w.gh.getFile(REPO, 'main', LEDGER)).toBe(ledgerBefore);
  });
});

describe("one's own cooling seat", () => {
  it('an uncertain own cooling waits, deferred, while the seats without that user reach seat-limit, uncertain ones counted', async () => {
    const now = Date.now();
    // Seat-limit 5: owner, admin, u10, u11 in use. u12's seat was first observed, then offboarded
    // yesterday (an uncertain end); u13's release of yesterday never got its outcome line (worst
    // case: cooling). Without u12: 4 + 1 = 5, the limit.
    const w = await world({
      members: [OWNER, ADMIN, u(10, 'AN'), u(11, 'AN'), u(12, 'DI'), u(13, 'DI')],
      drafts: [
        assignedDraft(ref(1), longAgo(), 'OW'),
        assignedDraft(ref(2), longAgo(), 'AD'),
        assignedDraft(ref(10), longAgo()),
        assignedDraft(ref(11), longAgo()),
        assignedDraft(ref(13), iso(now - 30 * DAY)),
        { ...assignedDraft(ref(12), iso(now - 3 * DAY)), by: 'observed', from: null },
        { at: iso(now - DAY), event: 'released', by: 'sync', user: ref(12), from: 'AN', to: 'DI', run: null, reason: 'offboard' },
        { at: iso(now - DAY), event: 'intent', by: 'sync', user: ref(13), from: 'AN', to: 'DI', run: null },
      ],
      seatLimit: 5,
    });
    const run = await w.run(roster([{ id: 10, role: 'AN' }, { id: 11, role: 'AN' }, { id: 12, role: 'AN' }, { id: 13, role: 'DI' }]));
    expect(run.exitCode, describeRun(run)).toBe(0);
    const own = changeOf(run, 12)!;
    expect(own.status).toBe('deferred');
    expect(own.reason).toContain('may already be someone else');
    expect(w.ls.patchAttempts()).toEqual([]);
    expect(w.ls.member(12)!.role).toBe('DI');
  });

  it('an exact own cooling (the action assigned and offboarded it) is given back even when a hand activation passed seat-limit', async () => {
    const now = Date.now();
    const w = await world({
      members: [OWNER, ADMIN, u(10, 'AN'), u(11, 'DI'), u(12, 'AN')],
      seatSince: { 1: now - 300 * DAY, 2: now - 300 * DAY, 10: now - 300 * DAY, 12: now - 2 * DAY },
      drafts: [assignedDraft(ref(1), longAgo(), 'OW'), assignedDraft(ref(2), longAgo(), 'AD'), assignedDraft(ref(10), longAgo()), assignedDraft(ref(12), iso(now - 2 * DAY))],
      seatLimit: 4,
    });
    const offboarded = await w.run(roster([{ id: 10, role: 'AN' }, { id: 11, role: 'DI' }, { id: 12, role: 'DI', offboard: true }]));
    expect(offboarded.exitCode, describeRun(offboarded)).toBe(0);
    expect(w.ls.member(12)!.role).toBe('DI');
    // An administrator activates u11 by hand: 4 in use + u12 cooling against seat-limit 4.
    w.ls.updateMember(11, { role: 'AN' });
    const back = await w.run(roster([{ id: 10, role: 'AN' }, { id: 11, role: 'AN' }, { id: 12, role: 'AN' }]));
    expect(back.exitCode, describeRun(back)).toBe(0);
    expect(changeOf(back, 12)!.status).toBe('applied');
    expect(changeOf(back, 12)!.reason).toContain('takes back their own seat');
    // The seat u12 got back is the one it gave up two days before: occupancy did not change.
    expect(w.ls.seatEventsOf(12).map((e) => `${e.event} by ${e.by}`)).toEqual(['given by initial', 'taken by tool', 'given by tool']);
    // The seat rule's judge agrees: taking back one's own cooling seat takes no other seat.
    expect(seatRuleViolations(w.ls.seatTimeline, { minSeatDays: 7, seatLimit: 4, offboard: new Set([12]) })).toEqual([]);
  });
});

describe('a view-only upgrade the server does not show', () => {
  it('a seat the action assigned keeps the seat rule while the server still says view-only', async () => {
    const now = Date.now();
    // Yesterday the action upgraded u20 from view-only to annotator; the server kept user_type viewonly.
    const w = await world({
      members: [OWNER, ADMIN, u(20, 'AN', { userType: 'viewonly' })],
      drafts: [assignedDraft(ref(1), longAgo(), 'OW'), assignedDraft(ref(2), longAgo(), 'AD'), { ...assignedDraft(ref(20), iso(now - DAY)), from: 'VO' }],
    });
    const run = await w.run(roster([{ id: 20, role: 'DI' }]));
    expect(run.exitCode, describeRun(run)).toBe(0);
    const release = changeOf(run, 20)!;
    expect(release.status).toBe('deferred');
    expect(Date.parse(release.eligibleAt!)).toBeGreaterThan(now + 5 * DAY);
    expect(w.ls.patchAttempts()).toEqual([]);
    expect(ledgerOf(w).filter((e) => e.user.id === 20).map((e) => `${e.event} by ${e.by}`)).toEqual(['assigned by sync']);
  });
});

describe('an intent only for a change that is sent', () => {
  const members = [OWNER, ADMIN, u(10, 'AN'), u(11, 'DI')];
  const drafts = () => [assignedDraft(ref(1), longAgo(), 'OW'), assignedDraft(ref(2), longAgo(), 'AD'), assignedDraft(ref(10), longAgo())];
  const wanted = roster([
    { id: 10, role: 'DI' },
    { id: 11, role: 'AN' },
  ]);

  it('an activation held back behind a failed release gets no intent', async () => {
    // Seat-limit 3 is full; u10's release would free the seat u11 needs, but it fails.
    const w = await world({ members, drafts: drafts(), seatLimit: 3, failPatchFor: { 10: { status: 400, detail: 'refused for the test' } } });
    const run = await w.run(wanted);
    expect(run.exitCode, describeRun(run)).toBe(1);
    expect(changeOf(run, 10)!.status).toBe('failed');
    expect(changeOf(run, 11)!.status).toBe('deferred');
    expect(w.ls.patchAttempts().map((r) => r.body)).toEqual([{ user_id: 10, role: 'DI' }]);
    expect(ledgerOf(w).filter((e) => e.event === 'intent').map((e) => e.user.id)).toEqual([10]);
  });

  it("the activation's intent is committed after the release's outcome, then it is sent", async () => {
    const w = await world({ members, drafts: drafts(), seatLimit: 3 });
    const run = await w.run(wanted);
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(w.ls.member(11)!.role).toBe('AN');
    const ours = ledgerOf(w).slice(3).map((e) => `${e.event} ${e.user.id}`);
    expect(ours).toEqual(['intent 10', 'released 10', 'intent 11', 'assigned 11']);
    // Three commits: the first intent, the release's outcome with the activation's intent, the outcome.
    expect(w.gh.history(REPO, 'main').filter((c) => c.message.startsWith('Seat ledger')).length).toBe(3);
  });
});

describe("the runner's clock against the servers'", () => {
  const members = [OWNER, ADMIN, u(10, 'DI')];
  const drafts = () => [assignedDraft(ref(1), longAgo(), 'OW'), assignedDraft(ref(2), longAgo(), 'AD')];
  const wanted = roster([{ id: 10, role: 'AN' }]);

  it.each([
    ['8 days behind', 8 * DAY, '8 days behind'],
    ['an hour ahead of', -60 * 60_000, '60 minutes ahead'],
  ])("a runner clock %s Label Studio's Date header sends no write and names both times", async (_label, offset, words) => {
    const w = await world({ members, drafts: drafts() });
    w.ls.dateOffsetMs = offset;
    const ledgerBefore = w.gh.getFile(REPO, 'main', LEDGER);
    const run = await w.run(wanted);
    expect(run.exitCode, describeRun(run)).toBe(1);
    const error = errorsOf(run);
    expect(error).toMatch(/The runner's clock says \d{4}-\d\d-\d\dT[\d:.]+Z but Label Studio's Date header says \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(error).toContain(words);
    expect(w.ls.patchAttempts()).toEqual([]);
    expect(w.gh.getFile(REPO, 'main', LEDGER)).toBe(ledgerBefore);
  });

  it('a server clock two minutes off is within the tolerance: the apply goes on', async () => {
    const w = await world({ members, drafts: drafts() });
    w.ls.dateOffsetMs = 2 * 60_000;
    const run = await w.run(wanted);
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(w.ls.member(10)!.role).toBe('AN');
  });
});
