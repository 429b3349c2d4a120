// Export over an existing roster, end to end: the bundled action against the fake Label Studio.
// Re-exporting to look for drift must show only the drift, and must never turn a change that
// waits for the seat rule back into the live role (merging that would cancel it).
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendEvents, emptyLedger, serializeLedger } from '../../src/files/ledger.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction } from '../kit/run-action.ts';
import { DAY, LEDGER, ORG, REPO, ROSTER, iso } from '../kit/e2e.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

const LIVE: FakeMember[] = [
  { userId: 1, email: 'owner@example.com', role: 'OW' },
  { userId: 2, email: 'admin@example.com', role: 'AD' },
  { userId: 10, email: 'alice@example.com', role: 'MA' },
  { userId: 11, email: 'bob@example.com', role: 'AN' },
  { userId: 12, email: 'carol@example.com', role: 'RE' },
  { userId: 13, email: 'dave@example.com', role: 'DI' },
];

/** A roster as people write it: comments, aligned notes, defaults, names in mixed case, codes. */
const HAND_WRITTEN = [
  '# yaml-language-server: $schema=https://raw.githubusercontent.com/YOUR-ORG/label-studio-roster-sync/main/schema/members.schema.json',
  '# Our labelling team.',
  'version: 1',
  'defaults:',
  '  role: annotator',
  'members:',
  '  # leads',
  '  - email: Alice@Example.com',
  '    role: Manager            # runs the project',
  '  - email: bob@example.com   # annotator, from defaults',
  '  - email: carol@example.com',
  '    role: RE',
  '  - email: dave@example.com',
  '    role: not_activated',
  'ignore:',
  '  - email: owner@example.com',
  '  - email: admin@example.com',
  '',
].join('\n');

async function fake(members: FakeMember[]) {
  const token = makeLegacyToken();
  const ls = await FakeLabelStudio.start({ organizationId: ORG, members, selfUserId: 2, legacyTokens: [token] });
  closers.push(() => ls.close());
  return { ls, inputs: { 'label-studio-url': ls.url, 'label-studio-token': token, 'delay-ms': '0' } };
}

describe('export over an existing roster', () => {
  it('changes no byte when nothing drifted', async () => {
    // dave is DI live and NO in the roster: both hold no seat, but they differ, so make them agree first.
    const live = LIVE.map((m) => (m.userId === 13 ? { ...m, role: 'NO' as const } : m));
    const { ls, inputs } = await fake(live);
    const workspace = makeWorkspace({ [ROSTER]: HAND_WRITTEN });
    const run = await runAction({ inputs: { ...inputs, mode: 'export' }, workspace, eventName: 'workflow_dispatch' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(readFileSync(path.join(workspace, ROSTER), 'utf8')).toBe(HAND_WRITTEN);
    expect(run.outputs.drift).toBe('false');
    expect(run.summary).toContain('nothing drifted');
    expect(ls.patchAttempts()).toHaveLength(0);
  });

  it('changes only the drifted lines, keeps a change that waits for the seat rule with a note, and a plan after shows only that change', async () => {
    const now = Date.now();
    // bob got his seat 2 days ago; the roster asks to release it, which waits until day 7.
    const ledger = serializeLedger(appendEvents(emptyLedger(LEDGER), [assignedDraft({ id: 11, email: 'bob@example.com' }, iso(now - 2 * DAY))]));
    const roster = HAND_WRITTEN.replace('  - email: bob@example.com   # annotator, from defaults', '  - email: bob@example.com   # leaving\n    role: deactivated');
    const live = [...LIVE, { userId: 14, email: 'erin@example.com', role: 'AN' as const }];
    const { ls, inputs } = await fake(live);
    const workspace = makeWorkspace({ [ROSTER]: roster, [LEDGER]: ledger });
    const run = await runAction({ inputs: { ...inputs, mode: 'export' }, workspace, eventName: 'workflow_dispatch' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const text = readFileSync(path.join(workspace, ROSTER), 'utf8');
    const eligible = iso(now - 2 * DAY + 7 * DAY);
    expect(text).toBe(
      roster
        .replace('  - email: bob@example.com', `  # kept by export: live role AN; the change to DI waits for the seat rule until ${eligible}\n  - email: bob@example.com`)
        // dave drifted from not-activated to deactivated: the new role in the roster's own spelling.
        .replace('    role: not_activated', '    role: deactivated')
        // erin is new: appended, in the spelling of defaults.
        .replace('ignore:', '  - email: erin@example.com\n    role: annotator\nignore:'),
    );
    expect(run.outputs.drift).toBe('true');
    expect(readFileSync(path.join(workspace, LEDGER), 'utf8')).toBe(ledger);

    // Re-exporting while bob still waits changes nothing; the plan still defers his release.
    const again = await runAction({ inputs: { ...inputs, mode: 'export' }, workspace, eventName: 'workflow_dispatch' });
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(readFileSync(path.join(workspace, ROSTER), 'utf8')).toBe(text);
    const plan = await runAction({ inputs: { ...inputs, mode: 'plan' }, workspace, eventName: 'workflow_dispatch' });
    expect(plan.exitCode, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs).toMatchObject({ changes: '1', deferred: '1', unmanaged: '0', 'next-eligible-at': eligible });
    expect(ls.patchAttempts()).toHaveLength(0);
  });

  it('with ledger-branch, reads the ledger of record on that branch, so a waiting change is kept', async () => {
    const now = Date.now();
    // bob's seat is 2 days old per the ledger on seat-ledger; the workspace has no ledger at all.
    const ledger = serializeLedger(appendEvents(emptyLedger(LEDGER), [assignedDraft({ id: 11, email: 'bob@example.com' }, iso(now - 2 * DAY))]));
    const roster = HAND_WRITTEN.replace('  - email: bob@example.com   # annotator, from defaults', '  - email: bob@example.com   # leaving\n    role: deactivated');
    const live = LIVE.map((m) => (m.userId === 13 ? { ...m, role: 'NO' as const } : m));
    const { ls, inputs } = await fake(live);
    const token = 'ghs_exportLedgerBranch0000000000';
    const gh = await FakeGitHub.start({ token, tokenIsApp: true });
    closers.push(() => gh.close());
    gh.setFile(REPO, 'main', ROSTER, roster);
    gh.setFile(REPO, 'seat-ledger', LEDGER, ledger);
    const workspace = makeWorkspace({ [ROSTER]: roster });
    const run = await runAction({
      inputs: { ...inputs, mode: 'export', 'ledger-branch': 'seat-ledger', 'github-token': token },
      workspace,
      eventName: 'workflow_dispatch',
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_REF: 'refs/heads/main' },
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const eligible = iso(now - 2 * DAY + 7 * DAY);
    // Without the branch's ledger bob's seat would look found now, and his line would still wait;
    // the note's date says the ledger of record was read: 7 days after the seat it records.
    expect(readFileSync(path.join(workspace, ROSTER), 'utf8')).toBe(
      roster.replace('  - email: bob@example.com', `  # kept by export: live role AN; the change to DI waits for the seat rule until ${eligible}\n  - email: bob@example.com`),
    );
    expect(gh.log.some((r) => r.method === 'GET' && r.path.includes(`contents/${LEDGER}`) && r.path.includes('ref=seat-ledger'))).toBe(true);
    expect(gh.log.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(ls.patchAttempts()).toHaveLength(0);
  });

  it('with ledger-branch and no github-token, writes nothing and says why', async () => {
    const { inputs } = await fake(LIVE);
    const workspace = makeWorkspace({ [ROSTER]: HAND_WRITTEN });
    const run = await runAction({ inputs: { ...inputs, mode: 'export', 'ledger-branch': 'seat-ledger', 'github-token': '' }, workspace, eventName: 'workflow_dispatch' });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('no github-token');
    expect(readFileSync(path.join(workspace, ROSTER), 'utf8')).toBe(HAND_WRITTEN);
  });

  it("names the action's own repository and ref on the $schema line when the runner sets both, else keeps the line", async () => {
    const { inputs } = await fake(LIVE);
    const env = { GITHUB_ACTION_REPOSITORY: 'acme/label-studio-roster-sync', GITHUB_ACTION_REF: 'v1' };
    const url = 'https://raw.githubusercontent.com/acme/label-studio-roster-sync/v1/schema/members.schema.json';

    const fresh = makeWorkspace({});
    const first = await runAction({ inputs: { ...inputs, mode: 'export' }, workspace: fresh, eventName: 'workflow_dispatch', env });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(readFileSync(path.join(fresh, ROSTER), 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${url}`);

    const existing = makeWorkspace({ [ROSTER]: HAND_WRITTEN });
    const edited = await runAction({ inputs: { ...inputs, mode: 'export' }, workspace: existing, eventName: 'workflow_dispatch', env });
    expect(edited.exitCode, edited.stdout + edited.stderr).toBe(0);
    expect(readFileSync(path.join(existing, ROSTER), 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${url}`);

    // Only one of the two set (or neither, as on the command line): the line stays as written.
    const partial = makeWorkspace({ [ROSTER]: HAND_WRITTEN });
    const kept = await runAction({ inputs: { ...inputs, mode: 'export' }, workspace: partial, eventName: 'workflow_dispatch', env: { GITHUB_ACTION_REPOSITORY: env.GITHUB_ACTION_REPOSITORY } });
    expect(kept.exitCode, kept.stdout + kept.stderr).toBe(0);
    expect(readFileSync(path.join(partial, ROSTER), 'utf8').split('\n')[0]).toBe(HAND_WRITTEN.split('\n')[0]);
  });
});
