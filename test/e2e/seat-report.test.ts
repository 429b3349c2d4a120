// End to end through the bundle: the vendor's seat report. `seat-limit: auto` takes the licence
// from it and stops before any write when it cannot; without `auto` it is optional; where it and
// the member list disagree, the seat rule takes the cautious side and the summary says so.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeLabelStudio, makeLegacyToken, type FakeMember, type FakeSeatReport } from '../fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun } from '../kit/run-action.ts';
import { LEDGER, ORG, ROSTER, rosterText } from '../kit/e2e.ts';

const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW' };
const ADMIN: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD' };
const ANN: FakeMember = { userId: 3, email: 'ann@example.com', role: 'AN' };
const DEB: FakeMember = { userId: 4, email: 'deb@example.com', role: 'NO' };
const EVE: FakeMember = { userId: 5, email: 'eve@example.com', role: 'NO' };

let labelStudio: FakeLabelStudio | null = null;
afterEach(async () => {
  await labelStudio?.close();
  labelStudio = null;
});

interface Run {
  ls: FakeLabelStudio;
  token: string;
  run: ActionRun;
  workspace: string;
}

/** One apply (ledger in the workspace only) against a fake whose seat report answers as `report` says. */
async function apply(opts: { members: FakeMember[]; roster: string; report?: FakeSeatReport; inputs?: Record<string, string>; again?: Run }): Promise<Run> {
  const token = opts.again?.token ?? makeLegacyToken();
  const ls =
    opts.again?.ls ??
    (labelStudio = await FakeLabelStudio.start({
      organizationId: ORG,
      members: opts.members,
      selfUserId: ADMIN.userId,
      legacyTokens: [token],
      // Pages of 2: the report is read over several pages, as a large organization's would be.
      maxPageSize: 2,
      ...(opts.report ? { seatReport: opts.report } : {}),
    }));
  const workspace = opts.again?.workspace ?? makeWorkspace({ [ROSTER]: opts.roster });
  const run = await runAction({
    inputs: {
      'label-studio-url': ls.url,
      'label-studio-token': token,
      mode: 'apply',
      'commit-ledger': 'false',
      'delay-ms': '0',
      ...opts.inputs,
    },
    workspace,
    eventName: 'push',
  });
  return { ls, token, run, workspace };
}

const ledgerText = (workspace: string) => {
  try {
    return readFileSync(path.join(workspace, LEDGER), 'utf8');
  } catch {
    return '';
  }
};

const activateBoth = rosterText([{ email: ANN.email! }, { email: DEB.email! }, { email: EVE.email! }], [OWNER.email!, ADMIN.email!]);

describe('seat-limit: auto', () => {
  it("takes the limit from the report's seat_usage, asks for it on the first page only, and says where it came from", async () => {
    const { ls, run } = await apply({ members: [OWNER, ADMIN, ANN, DEB, EVE], roster: activateBoth, report: { limit: 4 }, inputs: { 'seat-limit': 'auto' } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1); // eve's activation is refused: no seat frees
    // 3 in use of 4: one activation (deb, first in the roster), none for eve.
    expect(ls.patches().map((r) => r.body)).toEqual([{ user_id: DEB.userId, role: 'AN' }]);
    const requests = ls.seatReportRequests().map((r) => new URL(r.path, ls.url).searchParams);
    expect(requests).toHaveLength(3);
    expect(requests.map((q) => q.get('include_seat_usage'))).toEqual(['true', null, null]);
    expect(run.summary).toContain("**4 licensed** (from Label Studio's seat report, `seat-limit: auto`)");
    expect(run.summary).toContain("**Label Studio's seat report:** **3** counted toward the seat limit (its billing counters: 3 in use of 4 licensed, scope organization); this action counts 3 in use: the two agree.");
  }, 60_000);

  it("takes the larger of the report's count and its own: no activation when the vendor counts every seat taken", async () => {
    const { ls, run } = await apply({
      members: [OWNER, ADMIN, ANN, DEB, EVE],
      roster: activateBoth,
      report: { limit: 4, usage: { count: 4 } },
      inputs: { 'seat-limit': 'auto' },
    });
    expect(ls.patches(), run.stdout).toEqual([]);
    expect(run.summary).toContain('(its billing counters: 4 in use of 4 licensed, scope organization); this action counts 3 in use: they disagree; the seat rule takes the larger count.');
  }, 60_000);

  const failures: [string, FakeSeatReport, RegExp][] = [
    ['refused with 403', { refuse: 403 }, /it was refused \(GET \/api\/organizations\/7\/seat-report\?\S* answered 403/],
    ['refused with 404', { refuse: 404 }, /it was refused \(GET \/api\/organizations\/7\/seat-report\?\S* answered 404/],
    ['of another shape', { shape: 'renamed' }, /its answer cannot be read \(.*counts_toward_seat_limit/],
    ['with a limit that is no positive whole number', { usage: { limit: 0 } }, /seat_usage\.limit is 0, not a positive whole number/],
    ['with no limit at all', { usage: { limit: 'ten' } }, /seat_usage\.limit is "ten", not a positive whole number/],
    ['of another scope', { usage: { scope: 'instance' } }, /seat_usage\.scope is "instance", not organization/],
  ];
  it.each(failures)('stops before any write when the report is %s, and says so', async (_name, report, said) => {
    const { ls, run, workspace } = await apply({ members: [OWNER, ADMIN, ANN, DEB, EVE], roster: activateBoth, report, inputs: { 'seat-limit': 'auto' } });
    expect(run.exitCode).toBe(1);
    expect(ls.patchAttempts()).toEqual([]);
    expect(ledgerText(workspace)).toBe('');
    const error = run.annotations.find((a) => a.level === 'error');
    expect(error?.message, run.stdout).toMatch(/^seat-limit is auto, but the organization's seat report gives no limit this action can use: /);
    expect(error?.message).toMatch(said);
    expect(run.summary).toContain('Nothing was written.');
  }, 60_000);
});

describe('the seat report without auto', () => {
  it('is optional: refused, the run warns and goes on with seat-limit as given', async () => {
    const { ls, run } = await apply({ members: [OWNER, ADMIN, ANN, DEB, EVE], roster: activateBoth, report: { refuse: 403 }, inputs: { 'seat-limit': '5' } });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(ls.patches()).toHaveLength(2);
    // Asked for once, and without the billing counters (only auto asks for them).
    expect(ls.seatReportRequests().map((r) => new URL(r.path, ls.url).searchParams.get('include_seat_usage'))).toEqual([null]);
    expect(run.annotations.some((a) => a.level === 'warning' && /seat report was not read \(it was refused/.test(a.message))).toBe(true);
    expect(run.summary).toContain("Label Studio's seat report was not read: it was refused");
  }, 60_000);

  it('takes the cautious side where it disagrees with the member list, names stale assignments, and a later missing report changes no ledger state', async () => {
    // Vic is a view-only account the vendor bills as a seat; Sam holds a standard seat the vendor
    // does not count; Tia has stale group assignments.
    const VIC: FakeMember = { userId: 6, email: 'vic@example.com', role: 'AN', userType: 'viewonly' };
    const SAM: FakeMember = { userId: 7, email: 'sam@example.com', role: 'AN' };
    const TIA: FakeMember = { userId: 8, email: 'tia@example.com', role: 'AN' };
    const members = [OWNER, ADMIN, VIC, SAM, TIA, DEB];
    const report: FakeSeatReport = { counts: { [VIC.userId]: true, [SAM.userId]: false }, stale: [TIA.userId] };
    // The roster releases Vic and activates Deb, with 5 seats licensed: by the member list 4 are
    // in use (Vic holds none), Vic's release touches no seat and Deb takes the fifth.
    const roster = rosterText(
      [{ email: VIC.email!, role: 'deactivated' }, { email: SAM.email! }, { email: TIA.email! }, { email: DEB.email! }],
      [OWNER.email!, ADMIN.email!],
    );
    const first = await apply({ members, roster, report, inputs: { 'seat-limit': '5' } });
    expect(first.run.exitCode, first.run.stdout).toBe(0);
    // Vic counts as seated: the release waits the full period from now (the ledger has no start
    // for a seat the member list never showed), and the 5 seats are all taken, so Deb waits for it.
    expect(first.ls.patchAttempts()).toEqual([]);
    const summary = first.run.summary;
    const debRow = summary.split('\n').find((l) => l.startsWith('| deb@example.com | Not-activated → Annotator'));
    expect(debRow, summary).toContain('seat-limit 5 reached; the next seat frees at');
    const vicRow = summary.split('\n').find((l) => l.startsWith('| vic@example.com | Annotator → Deactivated'));
    expect(vicRow, summary).toContain("Label Studio's seat report counts this member toward the seat limit");
    expect(summary).toContain("### Seat report: where Label Studio's report and the member list disagree (2)");
    expect(summary).toContain('| vic@example.com | counts toward the limit | no standard seat (role or user type) |');
    expect(summary).toContain('| sam@example.com | does not count | a standard seat |');
    expect(summary).toContain('### Members with stale role assignments (1)');
    expect(summary).toContain('- tia@example.com');
    // 5 in use: the owner, the token user, Vic (by the report), Sam and Tia.
    expect(summary).toContain('**Seats now:** **5 in use**');
    const afterFirst = ledgerText(first.workspace);
    expect(afterFirst).not.toContain('"id":6,');

    // The next run finds the report refused. With a roster that now asks for nothing, the ledger
    // gains nothing from its absence: the report never made a ledger line that would now be undone.
    first.ls.setSeatReport({ refuse: 404 });
    const unchanged = rosterText([{ email: VIC.email! }, { email: SAM.email! }, { email: TIA.email! }, { email: DEB.email!, role: 'not-activated' }], [OWNER.email!, ADMIN.email!]);
    writeFileSync(path.join(first.workspace, ROSTER), unchanged);
    const second = await apply({ members, roster: unchanged, again: first, inputs: { 'seat-limit': '5' } });
    expect(second.run.exitCode, second.run.stdout).toBe(0);
    expect(second.run.annotations.some((a) => a.level === 'warning' && /seat report was not read/.test(a.message))).toBe(true);
    expect(ledgerText(first.workspace)).toBe(afterFirst);
  }, 90_000);
});

