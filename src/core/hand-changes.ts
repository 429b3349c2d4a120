import type { Change } from './change.ts';
import type { LedgerEvent } from './ledger-event.ts';

/**
 * Marks each change whose user's live role differs from the role this action last wrote for them
 * (their latest outcome line `by: "sync"`; an `intent` is no outcome): someone changed the role
 * in Label Studio since, and applying the roster reverts that edit, which a reviewer must see.
 * One pass over the ledger, remembering only the users that have a change.
 */
export function markHandChanges(changes: readonly Change[], ledger: readonly LedgerEvent[]): void {
  const byUser = new Map<number, Change[]>();
  for (const c of changes) {
    if (c.user.id == null || c.from === null) continue;
    const same = byUser.get(c.user.id);
    if (same) same.push(c);
    else byUser.set(c.user.id, [c]);
  }
  if (byUser.size === 0) return;
  const last = new Map<number, LedgerEvent>();
  for (const e of ledger) if (e.by === 'sync' && e.event !== 'intent' && byUser.has(e.user.id)) last.set(e.user.id, e);
  for (const [userId, line] of last) {
    for (const c of byUser.get(userId)!) {
      if (c.from !== line.to) c.handChange = { ledgerRole: line.to, at: new Date(line.at) };
    }
  }
}
