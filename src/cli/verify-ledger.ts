// `verify-ledger`: the auditor's view of the seat ledger, from the same parser the action uses.
import { hashLine, parseLedger, type Ledger } from '../files/ledger.ts';
import { coolingUntil, seatRecords } from '../core/seats.ts';

export interface LedgerAudit {
  file: string;
  lines: number;
  lastHash: string | null;
  seats: { user: { id: number; email: string | null }; role: string | null; since: string }[];
  cooling: { user: { id: number; email: string | null }; releasedAt: string; coolingUntil: string }[];
  unresolvedIntents: { user: { id: number; email: string | null }; seq: number; at: string; from: string | null; to: string; run: string | null }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** @throws ValidationError naming the line of every problem (chain, seq, parse, time rules). */
export function auditLedger(source: Uint8Array, file: string, now: Date, minSeatDays: number): LedgerAudit {
  const ledger: Ledger = parseLedger(source, file, { now });
  const emails = new Map<number, string | null>();
  const roles = new Map<number, string>();
  for (const e of ledger.events) {
    if (e.user.email !== null || !emails.has(e.user.id)) emails.set(e.user.id, e.user.email);
    if (e.event !== 'intent') roles.set(e.user.id, e.to);
  }
  const user = (id: number) => ({ id, email: emails.get(id) ?? null });
  const audit: LedgerAudit = {
    file,
    lines: ledger.lines.length,
    lastHash: ledger.lines.length ? hashLine(ledger.lines[ledger.lines.length - 1]!) : null,
    seats: [],
    cooling: [],
    unresolvedIntents: [],
  };
  const records = [...seatRecords(ledger.events)].sort(([a], [b]) => a - b);
  for (const [id, r] of records) {
    if (r.since !== null) audit.seats.push({ user: user(id), role: roles.get(id) ?? null, since: iso(r.since) });
    const until = coolingUntil(r, minSeatDays, now.getTime());
    if (until !== null && r.releasedAt !== null) audit.cooling.push({ user: user(id), releasedAt: iso(r.releasedAt), coolingUntil: iso(until) });
    if (r.pending) {
      audit.unresolvedIntents.push({
        user: user(id),
        seq: r.pending.seq,
        at: iso(r.pending.at),
        from: r.pending.from,
        to: r.pending.to,
        run: r.pending.run,
      });
    }
  }
  return audit;
}
