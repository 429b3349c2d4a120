import type { AppliedChange } from './apply.ts';
import type { ObservedEvent } from './change.ts';
import type { EventDraft } from './ledger.ts';

/**
 * The ledger lines a run appends: what it found (observed, at the time it looked) first, then one
 * event per applied write, at the time the write was confirmed. Nothing that was not applied.
 */
export function ledgerDrafts(
  observed: readonly ObservedEvent[],
  applied: readonly AppliedChange[],
  context: { observedAt: Date; runUrl: string | null },
): EventDraft[] {
  const drafts: EventDraft[] = observed.map((o) => ({
    at: context.observedAt.toISOString(),
    event: o.event,
    by: 'observed',
    user: { id: o.user.id, email: o.user.email },
    from: o.from,
    to: o.to,
    run: context.runUrl,
  }));
  const ordered = [...applied].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { change: c, at } of ordered) {
    const event = c.kind === 'assign' ? 'assigned' : c.kind === 'release' ? 'released' : 'role-changed';
    drafts.push({
      at: at.toISOString(),
      event,
      by: 'sync',
      user: { id: c.user.id!, email: c.user.email },
      from: c.from,
      to: c.to,
      run: context.runUrl,
      ...(event === 'released' && c.offboard ? { reason: 'offboard' as const } : {}),
    });
  }
  return drafts;
}
