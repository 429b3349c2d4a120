// Generated organizations, rosters and ledgers for the benchmark. Deterministic (no randomness),
// so two runs measure the same work. Erasable TypeScript: `npm run bench` runs it with Node 24's
// type stripping.
import { appendEvents, emptyLedger, type EventDraft, type Ledger } from '../src/files/ledger.ts';
import { assignedDraft } from '../test/kit/ledger-drafts.ts';
import type { FakeMember } from '../test/fakes/label-studio.ts';

export const DAY_MS = 86_400_000;
export const OWNER_ID = 1;
export const SELF_ID = 2;

export const emailOf = (userId: number): string => `user${String(userId).padStart(6, '0')}@example.com`;

/**
 * An organization of `size` members: the owner (1), the token user, an administrator (2), and
 * annotators from 3 on. Every annotator holds a seat.
 */
export function organization(size: number): FakeMember[] {
  const members: FakeMember[] = [
    { userId: OWNER_ID, email: emailOf(OWNER_ID), role: 'OW' },
    { userId: SELF_ID, email: emailOf(SELF_ID), role: 'AD' },
  ];
  for (let id = 3; id <= size; id += 1) members.push({ userId: id, email: emailOf(id), role: 'AN' });
  return members;
}

/**
 * The roster a maintainer would commit: every annotator by email (annotator by default), the
 * `changed` ones as reviewers, the owner and the token user under `ignore`.
 */
export function rosterYaml(members: readonly FakeMember[], changed: ReadonlySet<number>): string {
  const lines = ['version: 1', 'defaults:', '  role: annotator', 'members:'];
  for (const m of members) {
    if (m.userId === OWNER_ID || m.userId === SELF_ID) continue;
    lines.push(`  - email: ${m.email}`);
    if (changed.has(m.userId)) lines.push('    role: reviewer');
  }
  lines.push('ignore:', `  - email: ${emailOf(OWNER_ID)}`, `  - email: ${emailOf(SELF_ID)}`);
  return lines.join('\n') + '\n';
}

/** One `assigned` event per seat, `daysAgo` days before `now`: every seat is past its minimum period. */
export function seatLedger(members: readonly FakeMember[], now: number, daysAgo: number): Ledger {
  const at = new Date(now - daysAgo * DAY_MS).toISOString();
  const drafts: EventDraft[] = members.map((m) => assignedDraft({ id: m.userId, email: m.email }, at, m.role as EventDraft['to']));
  return appendEvents(emptyLedger('seat-ledger.jsonl'), drafts);
}

/** The first `count` annotators (ids 3, 4, …): the members a scenario changes. */
export function firstAnnotators(count: number): Set<number> {
  const ids = new Set<number>();
  for (let id = 3; id < 3 + count; id += 1) ids.add(id);
  return ids;
}

/**
 * A roster of `size` members as a maintainer writes it: annotator by default, every twentieth a
 * reviewer, the owner and the token user ignored. About 35 bytes a member.
 */
export function largeRosterYaml(size: number): string {
  const lines = ['version: 1', 'organization: 7', 'defaults:', '  role: annotator', 'members:'];
  for (let id = 3; id <= size; id += 1) {
    lines.push(`  - email: ${emailOf(id)}`);
    if (id % 20 === 1) lines.push('    role: reviewer');
  }
  lines.push('ignore:', `  - email: ${emailOf(OWNER_ID)}`, `  - email: ${emailOf(SELF_ID)}`);
  return lines.join('\n') + '\n';
}

/** The most members whose `largeRosterYaml` stays within `bytes`. */
export function largestRosterWithin(bytes: number): number {
  let low = 3;
  let high = Math.ceil(bytes / 30); // every member takes more than 30 bytes
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(largeRosterYaml(mid)) <= bytes) low = mid;
    else high = mid - 1;
  }
  return low;
}
