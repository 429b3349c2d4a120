import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply.ts';
import type { Change, Plan } from './change.ts';
import type { RoleCode } from './roles.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');

function change(id: number, kind: Change['kind'], to: RoleCode, extra: Partial<Change> = {}): Change {
  return {
    user: { id, email: `u${id}@example.com` },
    from: kind === 'assign' ? 'DI' : 'AN',
    to,
    kind,
    status: 'planned',
    reason: null,
    eligibleAt: null,
    rosterLine: id,
    rosterColumn: 5,
    offboard: false,
    unmanaged: false,
    ...extra,
  };
}

function plan(changes: Change[]): Plan {
  return {
    organization: 7,
    asOf: NOW,
    changes,
    cooling: [],
    seats: { inUse: 0, cooling: 0 },
    seatReport: null,
    noop: 0,
    unmanaged: [],
    maxChanges: { limit: 25, planned: changes.length, exceeded: false },
    observed: [],
    unresolved: [],
    adoptionCooling: null,
  };
}

describe('applyPlan', () => {
  it('writes releases before activations, and holds back the activation that counted on a failed release', async () => {
    const order: number[] = [];
    const writer = {
      setRole: async (userId: number) => {
        order.push(userId);
        if (userId === 2) throw new Error('503 after retries');
      },
    };
    const out = await applyPlan(plan([change(2, 'release', 'DI'), change(3, 'assign', 'AN'), change(4, 'assign', 'AN')]), writer, {
      seatLimit: 3,
      clock: () => NOW,
    });
    expect(order).toEqual([2, 3]);
    expect(out.plan.changes.map((c) => [c.user.id, c.status])).toEqual([
      [2, 'failed'],
      [3, 'applied'],
      [4, 'deferred'],
    ]);
    expect(out.applied.map((a) => a.change.user.id)).toEqual([3]);
  });

  it('never holds back a user taking back their own cooling seat', async () => {
    const order: number[] = [];
    const writer = {
      setRole: async (userId: number) => {
        order.push(userId);
        if (userId === 2) throw new Error('503 after retries');
      },
    };
    const out = await applyPlan(
      plan([change(2, 'release', 'DI'), change(3, 'assign', 'AN'), change(4, 'assign', 'AN', { ownSeat: true })]),
      writer,
      { seatLimit: 3, clock: () => NOW },
    );
    expect(order).toEqual([2, 4]);
    expect(out.plan.changes.find((c) => c.user.id === 3)!.status).toBe('deferred');
    expect(out.plan.changes.find((c) => c.user.id === 4)!.status).toBe('applied');
  });

  it('stops between the phases for the activations that waited on a release, and sends none when the run says no', async () => {
    const calls: string[] = [];
    const writer = {
      setRole: async (userId: number) => {
        calls.push(`write ${userId}`);
      },
    };
    const changes = [change(2, 'release', 'DI'), change(3, 'assign', 'AN'), change(4, 'assign', 'AN', { ownSeat: true })];
    const between = async (applied: readonly { change: Change }[], next: readonly Change[]) => {
      calls.push(`between after ${applied.map((a) => a.change.user.id).join(',')} for ${next.map((c) => c.user.id).join(',')}`);
      return false;
    };
    const out = await applyPlan(plan(changes), writer, { seatLimit: 3, clock: () => NOW, between });
    // The own seat needed no release: it goes ahead; user 3 waited on user 2's release.
    expect(calls).toEqual(['write 2', 'between after 2 for 3', 'write 4']);
    expect(out.plan.changes.find((c) => c.user.id === 3)!.status).toBe('failed');
    expect(out.plan.changes.find((c) => c.user.id === 3)!.reason).toContain('not sent');
    // Without seat-limit nothing waits on a release: no stop.
    calls.length = 0;
    await applyPlan(plan(changes.map((c) => ({ ...c }))), writer, { seatLimit: null, clock: () => NOW, between });
    expect(calls).toEqual(['write 2', 'write 3', 'write 4']);
  });

  it('writes nothing when max-changes is exceeded', async () => {
    const writer = {
      setRole: async () => {
        throw new Error('must not be called');
      },
    };
    const p = plan([change(2, 'release', 'DI')]);
    const out = await applyPlan({ ...p, maxChanges: { limit: 0, planned: 1, exceeded: true } }, writer, { seatLimit: null, clock: () => NOW });
    expect(out.applied).toEqual([]);
    expect(out.plan.changes[0]!.status).toBe('planned');
  });
});
