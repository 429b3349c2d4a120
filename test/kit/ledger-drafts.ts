// Ledger events for fixtures (tests, the demo, the benchmark). Hashes and seq numbers come from
// appendEvents; never write `prev` by hand. Erasable TypeScript: the demo runs it with type stripping.
import type { EventDraft } from '../../src/files/ledger.ts';

type Role = EventDraft['to'];
export interface DraftUser {
  id: number;
  email: string | null;
}

/** A seat assigned by an earlier run of the action. */
export function assignedDraft(user: DraftUser, at: string, to: Role = 'AN'): EventDraft {
  return { at, event: 'assigned', by: 'sync', user: { id: user.id, email: user.email }, from: 'DI', to, run: null };
}

/** A seat released by an earlier run of the action. */
export function releasedDraft(user: DraftUser, at: string, from: Role = 'AN'): EventDraft {
  return { at, event: 'released', by: 'sync', user: { id: user.id, email: user.email }, from, to: 'DI', run: null };
}

/** Drafts sorted by time (stable): a ledger's times never go backwards (docs/seat-rule.md), so fixtures list events in time order. */
export function byTime<T extends { at: string }>(drafts: readonly T[]): T[] {
  return [...drafts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
