import type { AppliedChange } from './apply.ts';
import type { Change, ObservedEvent } from './change.ts';
import type { EventDraft } from './ledger-event.ts';

interface Context {
  runUrl: string | null;
}

/** What the run found in live state (and the worst case of unresolved intents), at the time it looked. */
export function observedDrafts(observed: readonly ObservedEvent[], context: Context & { observedAt: Date }): EventDraft[] {
  return observed.map((o) => ({
    at: context.observedAt.toISOString(),
    event: o.event,
    by: 'observed',
    user: { id: o.user.id, email: o.user.email },
    from: o.from,
    to: o.to,
    run: context.runUrl,
  }));
}

/** The write-ahead lines (docs/seat-rule.md): one per change about to be sent, committed before the first write. */
export function intentDrafts(changes: readonly Change[], context: Context & { at: Date }): EventDraft[] {
  return changes.map((c) => ({
    at: context.at.toISOString(),
    event: 'intent',
    by: 'sync',
    user: { id: c.user.id!, email: c.user.email },
    from: c.from,
    to: c.to,
    run: context.runUrl,
    ...(c.kind === 'release' && c.offboard ? { reason: 'offboard' as const } : {}),
  }));
}

/**
 * One outcome line per applied write, at the time the write was confirmed, so a seat's clock never
 * starts before it really did. Nothing that was not applied: its intent stays unresolved.
 */
export function outcomeDrafts(applied: readonly AppliedChange[], context: Context): EventDraft[] {
  const ordered = [...applied].sort((a, b) => a.at.getTime() - b.at.getTime());
  return ordered.map(({ change: c, at }) => {
    const event = c.kind === 'assign' ? 'assigned' : c.kind === 'release' ? 'released' : 'role-changed';
    return {
      at: at.toISOString(),
      event,
      by: 'sync',
      user: { id: c.user.id!, email: c.user.email },
      from: c.from,
      to: c.to,
      run: context.runUrl,
      ...(event === 'released' && c.offboard ? { reason: 'offboard' as const } : {}),
    };
  });
}
