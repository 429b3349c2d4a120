import { z } from 'zod';

// The run's limits and policies as the plan sees them; the inputs module parses them into these.

export const UNMANAGED_POLICIES = ['ignore', 'warn', 'deactivate'] as const;
export type UnmanagedPolicy = (typeof UNMANAGED_POLICIES)[number];

export const MaxChanges = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), value: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('percent'), value: z.number().positive().max(100) }),
]);
export type MaxChanges = z.infer<typeof MaxChanges>;

/** A share is of the live member count, rounded down, and never blocks every change. */
export function maxChangesLimit(m: MaxChanges, memberCount: number): number {
  if (m.kind === 'count') return m.value;
  // The epsilon keeps 10% of 30 at 3 when a decimal share such as 0.1% makes the float land just below.
  return Math.max(1, Math.floor((memberCount * m.value) / 100 + 1e-9));
}
