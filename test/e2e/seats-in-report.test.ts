// End to end through the bundle: the seats and the hand changes in the job summary (the seats an
// admin can see). Every expected count and time is computed from the fixture, never copied from
// the action's output.
import { afterEach, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, serializeLedger, type EventDraft } from '../../src/files/ledger.ts';
import { humanDate } from '../../src/report/dates.ts';
import { FakeLabelStudio, makeLegacyToken, type FakeMember } from '../fakes/label-studio.ts';
import { assignedDraft, byTime, releasedDraft } from '../kit/ledger-drafts.ts';
import { makeWorkspace, runAction } from '../kit/run-action.ts';
import { DAY, iso, LEDGER, ORG, ROSTER, rosterText } from '../kit/e2e.ts';

const OWNER: FakeMember = { userId: 1, email: 'owner@example.com', role: 'OW' };
const ADMIN: FakeMember = { userId: 2, email: 'admin@example.com', role: 'AD' };
// Made a reviewer by this action, then set back to annotator by hand in Label Studio.
const BOB: FakeMember = { userId: 3, email: 'bob@example.com', role: 'AN' };
const CAROL: FakeMember = { userId: 4, email: 'carol@example.com', role: 'AN' };
// Offboarded a day ago, five days into the seat: cooling for two more days.
const DAN: FakeMember = { userId: 5, email: 'dan@example.com', role: 'DI' };

let labelStudio: FakeLabelStudio | null = null;
afterEach(async () => {
  await labelStudio?.close();
  labelStudio = null;
});

describe('the seats in the job summary', () => {
  it('shows in use, cooling until when, licensed and free seats, warns over the limit, and marks a hand change', async () => {
    const token = makeLegacyToken();
    const ls = (labelStudio = await FakeLabelStudio.start({
      organizationId: ORG,
      members: [OWNER, ADMIN, BOB, CAROL, DAN],
      selfUserId: ADMIN.userId,
      legacyTokens: [token],
    }));
    const now = Date.now();
    const user = (m: FakeMember) => ({ id: m.userId, email: m.email });
    const danSince = iso(now - 5 * DAY);
    const drafts: EventDraft[] = byTime([
      assignedDraft(user(BOB), iso(now - 20 * DAY), 'RE'),
      assignedDraft(user(CAROL), iso(now - 20 * DAY)),
      assignedDraft(user(DAN), danSince),
      { ...releasedDraft(user(DAN), iso(now - 1 * DAY)), reason: 'offboard' },
    ]);
    const ledger = serializeLedger(appendEvents(emptyLedger(LEDGER), drafts));
    const roster = rosterText([{ email: BOB.email!, role: 'reviewer' }, { email: CAROL.email! }, { email: DAN.email!, role: 'deactivated' }], [
      OWNER.email!,
      ADMIN.email!,
    ]);
    const run = await runAction({
      inputs: { 'label-studio-url': ls.url, 'label-studio-token': token, mode: 'plan', 'seat-limit': '4', 'delay-ms': '0' },
      workspace: makeWorkspace({ [ROSTER]: roster, [LEDGER]: ledger }),
      eventName: 'push',
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const summary = run.summary;

    // 4 in use (the owner and the token user among them) + Dan cooling = 5 against 4 licensed.
    const coolingEnd = new Date(Date.parse(danSince) + 7 * DAY);
    const warning = summary.indexOf('**More seats are occupied than licensed:** 4 in use + 1 cooling = 5, against 4 licensed.');
    expect(warning, summary).toBeGreaterThan(0);
    // At the top: before the counts, the sections and the seat line.
    expect(warning).toBeLessThan(summary.indexOf('<sub>'));
    const seatLine = summary.split('\n').find((l) => l.startsWith('**Seats now:**'));
    expect(seatLine).toBe(
      `**Seats now:** **4 in use** (the owner and the token's user included) · **1 cooling** until ${humanDate(coolingEnd, new Date(now))} · ` +
        '**4 licensed** (`seat-limit`) · **none free** (1 over). Once merged: **none free** (1 over).',
    );
    // The calendar: over by one until Dan's cooling ends, then at the limit.
    const table = summary.slice(summary.indexOf('| From | Occupied | Free |'));
    const rows = table.split('\n').slice(2, 4);
    expect(rows[0]).toBe('| once merged | 5 | **none** (1 over) |');
    expect(rows[1]).toMatch(new RegExp(`^\\| ${humanDate(coolingEnd, new Date(now))} \\(in 48 hours\\) \\| 4 \\| 0 \\|$`));

    // Bob's row says merging reverts a hand edit, and what the ledger last recorded.
    const bobRow = summary.split('\n').find((l) => l.startsWith('| bob@example.com |'));
    expect(bobRow).toContain('Annotator → Reviewer<br>**hand change**: the ledger last recorded Reviewer');
    const carolRow = summary.split('\n').find((l) => l.startsWith('| carol@example.com |'));
    expect(carolRow).toBeUndefined();
  }, 60_000);
});
