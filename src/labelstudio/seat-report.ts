import { z } from 'zod';
import { MAX_EMAIL_LENGTH } from '../core/identity.ts';
import type { SeatReportRow } from '../core/seat-report.ts';

/**
 * One row of the vendor's seat report, as far as this action reads it. The endpoint is internal
 * and its shape may change, so the fields the seat rule depends on are required: a row without
 * `counts_toward_seat_limit` is a malformed answer, never a member counted as seatless.
 */
export const ApiSeatReportRow = z.looseObject({
  user_id: z.number().int(),
  email: z.string().nullish(),
  counts_toward_seat_limit: z.boolean(),
  has_stale_role_assignments: z.boolean(),
});

export const ApiSeatReportPage = z.looseObject({
  count: z.number().int().nonnegative(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  results: z.array(ApiSeatReportRow),
  // Checked by the run (core/seat-report.ts), which can say what exactly is wrong with it.
  seat_usage: z.unknown().optional(),
});
export type ApiSeatReportPage = z.infer<typeof ApiSeatReportPage>;

/** The report as read: its rows, and the first page's `seat_usage` as sent (undefined when absent). */
export interface SeatReportAnswer {
  rows: SeatReportRow[];
  usage: unknown;
}

export function toSeatReportRow(r: z.infer<typeof ApiSeatReportRow>): SeatReportRow {
  return {
    userId: r.user_id,
    email: r.email && r.email.length <= MAX_EMAIL_LENGTH ? r.email : null,
    counts: r.counts_toward_seat_limit,
    stale: r.has_stale_role_assignments,
  };
}
