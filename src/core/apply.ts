import type { Change, Plan } from './change.ts';
import type { RoleCode } from './roles.ts';

/** The one write the apply needs; the Label Studio client provides it, tests pass a fake. */
export interface RoleWriter {
  setRole(userId: number, role: RoleCode): Promise<void>;
}

export interface AppliedChange {
  change: Change;
  /** When the write was confirmed: the ledger's `at`, so a seat's clock never starts before it really did. */
  at: Date;
}

export interface ApplyOutcome {
  plan: Plan;
  applied: AppliedChange[];
}

export interface ApplyOptions {
  seatLimit: number | null;
  clock: () => Date;
  /**
   * Called between the two phases with the writes applied so far and the activations about to be
   * sent that waited on them (waitsOnRelease); resolves false when those may not be sent (their
   * write-ahead commit failed). Without it, they are sent.
   */
  between?: (applied: readonly AppliedChange[], next: readonly Change[]) => Promise<boolean>;
}

/**
 * An activation that needs a seat a release of the same run frees: with `seat-limit`, any that
 * does not take back its own seat, in a run that releases. Its intent is committed only once the
 * releases' outcomes are (the ledger never announces a write that may never be sent).
 */
export function waitsOnRelease(plan: Plan, c: Change, seatLimit: number | null): boolean {
  if (seatLimit == null || c.kind !== 'assign' || c.ownSeat) return false;
  return plan.changes.some((x) => x.kind === 'release' && x.status === 'planned');
}

/**
 * Writes what the plan marks `planned`, in two phases: releases and role changes first, then
 * activations, so a seat is free before it is taken. Writes run concurrently; the client paces them.
 * A failed write never stops the others. Activations that counted on a release that failed are
 * held back, so `seat-limit` is never passed on the strength of a seat that was not freed. The
 * run commits between the phases (`between`): the releases' outcomes, and the intents of the
 * activations that waited on them.
 */
export async function applyPlan(
  plan: Plan,
  writer: RoleWriter,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  if (plan.maxChanges.exceeded) return { plan, applied: [] };
  const changes = plan.changes.map((c) => ({ ...c }));
  const applied: AppliedChange[] = [];

  const write = async (c: Change) => {
    try {
      await writer.setRole(c.user.id!, c.to);
      c.status = 'applied';
      applied.push({ change: c, at: options.clock() });
    } catch (err) {
      c.status = 'failed';
      c.reason = err instanceof Error ? err.message : String(err);
    }
  };

  const planned = changes.filter((c) => c.status === 'planned');
  const first = planned.filter((c) => c.kind !== 'assign');
  await Promise.all(first.map(write));

  let assigns = planned.filter((c) => c.kind === 'assign');
  if (options.seatLimit != null) {
    // Counting every failed release, even offboarding ones that freed nothing, errs towards fewer seats.
    const missing = first.filter((c) => c.kind === 'release' && c.status === 'failed').length;
    // A user taking back their own cooling seat counted on no release: never held back.
    const counting = assigns.filter((c) => !c.ownSeat);
    if (missing > 0 && counting.length > 0) {
      const held = new Set(counting.slice(Math.max(0, counting.length - missing)));
      assigns = assigns.filter((c) => !held.has(c));
      for (const c of held) {
        c.status = 'deferred';
        c.reason = 'a release this run counted on failed, so no seat is free for this activation yet';
        c.eligibleAt = plan.asOf;
      }
    }
  }
  const next = assigns.filter((c) => waitsOnRelease(plan, c, options.seatLimit));
  if (next.length > 0 && options.between && !(await options.between([...applied], next))) {
    const unsent = new Set(next);
    assigns = assigns.filter((c) => !unsent.has(c));
    for (const c of unsent) {
      c.status = 'failed';
      c.reason = 'not sent: the ledger commit that records the releases before this activation failed';
    }
  }
  await Promise.all(assigns.map(write));

  return { plan: { ...plan, changes }, applied };
}
