import { z } from 'zod';
import { LiveRoleCode } from './roles.ts';

/** One line of the seat ledger (docs/seat-rule.md); reading, verifying and writing the file is files/ledger.ts. */
const isoTime = z.string().refine(
  (s) => {
    const t = Date.parse(s);
    return Number.isFinite(t) && new Date(t).toISOString() === s;
  },
  { error: (iss) => `must be a UTC time in toISOString() form such as 2026-11-20T09:00:00.000Z, found ${JSON.stringify(iss.input)}` },
);

export const LedgerEvent = z.strictObject({
  seq: z.number().int().min(1),
  at: isoTime,
  // `intent` is written and committed before a write is sent (docs/seat-rule.md): the record comes first.
  event: z.enum(['assigned', 'released', 'role-changed', 'intent']),
  by: z.enum(['sync', 'observed']),
  user: z.strictObject({ id: z.number().int(), email: z.string().nullable() }),
  from: LiveRoleCode.nullable(),
  to: LiveRoleCode,
  run: z.string().nullable(),
  reason: z.literal('offboard').optional(),
  prev: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hexadecimal digits (a SHA-256)' }),
});
export type LedgerEvent = z.infer<typeof LedgerEvent>;
export type EventDraft = Omit<LedgerEvent, 'seq' | 'prev'>;
