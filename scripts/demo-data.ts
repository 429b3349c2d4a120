// The demo organization, shared by `npm run demo` (the action) and `npm run demo:server` (the CLI):
// ten members, a ledger of earlier runs in time order, and the roster to apply.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appendEvents, emptyLedger, serializeLedger, type EventDraft } from '../src/files/ledger.ts';
import type { FakeMember } from '../test/fakes/label-studio.ts';
import { assignedDraft, releasedDraft } from '../test/kit/ledger-drafts.ts';
import { REPO_ROOT } from '../test/kit/run-action.ts';

export function demoData(now: number) {
  const DAY = 86_400_000;
  const ORG = 7;
  const daysAgo = (d: number) => new Date(now - d * DAY).toISOString();

  const members: FakeMember[] = [
    { userId: 1, email: 'owner@example.com', role: 'OW' },
    { userId: 2, email: 'admin@example.com', role: 'AD' },
    { userId: 10, email: 'alice@example.com', role: 'AN' },
    { userId: 11, email: 'bob@example.com', role: 'AN' },
    { userId: 12, email: 'carol@example.com', role: 'AN' },
    { userId: 13, email: 'dave@example.com', role: 'AN' },
    { userId: 14, email: 'erin@example.com', role: 'AN' },
    { userId: 15, email: 'frank@example.com', role: 'DI' },
    { userId: 16, email: 'grace@example.com', role: 'NO' },
    { userId: 17, email: 'judy@example.com', role: 'AN' },
  ];

  // The ledger as earlier runs left it: when each seat was assigned, in time order (Time never goes backwards).
  const seat = (id: number, email: string, at: string, to: EventDraft['to'] = 'AN') => assignedDraft({ id, email }, at, to);
  const released = (id: number, email: string, at: string) => releasedDraft({ id, email }, at);
  const ledger = appendEvents(emptyLedger('seat-ledger.jsonl'), [
    seat(1, 'owner@example.com', daysAgo(400), 'OW'),
    seat(2, 'admin@example.com', daysAgo(300), 'AD'),
    // Frank and Grace held seats long ago: the ledger knows their seats are free, not cooling.
    seat(15, 'frank@example.com', daysAgo(200)),
    seat(16, 'grace@example.com', daysAgo(190)),
    released(15, 'frank@example.com', daysAgo(120)),
    released(16, 'grace@example.com', daysAgo(110)),
    seat(10, 'alice@example.com', daysAgo(60)),
    seat(11, 'bob@example.com', daysAgo(45)),
    seat(17, 'judy@example.com', daysAgo(30)),
    seat(12, 'carol@example.com', daysAgo(10)),
    seat(13, 'dave@example.com', daysAgo(3)),
    seat(14, 'erin@example.com', daysAgo(2)),
  ]);
  const ledgerText = serializeLedger(ledger);
  const roster = readFileSync(path.join(REPO_ROOT, 'examples', 'demo', 'members.yaml'), 'utf8');
  return { ORG, members, ledgerText, roster };
}
