// What the commands print for a terminal: the plan and the outcome of a run (`plan`, `apply`),
// the files found valid (`validate`), the roster written (`export`) and the audit (`verify-ledger`).
import type { Change } from '../core/change.ts';
import { countByStatus } from '../core/change.ts';
import { failureMessage, seatNotices } from '../report/messages.ts';
import { ledgerMessage } from '../report/messages.ts';
import type { RunResult } from '../run/run-result.ts';
import type { Settings } from '../inputs/settings.ts';
import type { LedgerAudit } from './verify-ledger.ts';
import { exportSentence, type ExportFacts } from '../report/markdown.ts';
import { clean, table, userLabel, type Colors } from './text.ts';

export function renderRun(result: RunResult, c: Colors, rosterFile: string): string {
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  const out: string[] = [];
  const title = result.mode === 'plan' ? 'Plan (dry run: nothing is written)' : 'Apply';
  out.push(c.bold(`${title} for organization ${plan.organization}, as of ${plan.asOf.toISOString()}`));
  const parts = (['planned', 'applied', 'deferred', 'refused', 'failed'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => paintStatus(c, s)(`${counts[s]} ${s}`));
  out.push(
    `${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}; ` +
      `${plan.noop} already at their role; ${plan.unmanaged.length} unmanaged`,
  );

  if (plan.changes.length > 0) {
    out.push('');
    const rows = [['STATUS', 'USER', 'CHANGE', 'LINE', 'WHY'], ...plan.changes.map((ch) => changeRow(ch, rosterFile))];
    const statuses = ['', ...plan.changes.map((ch) => ch.status)];
    out.push(
      ...table(rows, [
        (s, r) => (r === 0 ? c.dim(s) : paintStatus(c, statuses[r] as Change['status'])(s)),
        (s, r) => (r === 0 ? c.dim(s) : s),
        (s, r) => (r === 0 ? c.dim(s) : s),
        (s, r) => (r === 0 ? c.dim(s) : c.dim(s)),
        (s, r) => (r === 0 ? c.dim(s) : s),
      ]).map((l) => `  ${l}`),
    );
  }

  if (plan.unmanaged.length > 0) {
    out.push('', c.bold(`Unmanaged: in the organization, not in ${rosterFile}`));
    for (const u of plan.unmanaged) out.push(`  ${userLabel(u.user)}  ${u.role}${u.deactivating ? c.yellow('  (deactivating: unmanaged: deactivate)') : ''}`);
  }

  if (plan.unresolved.length > 0) {
    out.push('', c.bold('Interrupted writes (unresolved intents from an earlier run)'));
    for (const u of plan.unresolved) {
      const taken =
        u.outcome === 'seat-held'
          ? 'holds a seat now: its clock restarts now'
          : u.outcome === 'cooling'
            ? `taken as cooling until ${u.coolingUntil?.toISOString() ?? '?'}`
            : 'touched no standard seat';
      out.push(`  ${userLabel(u.user)}: ledger line ${u.intent.seq} (${u.intent.at.toISOString()}) announced ${u.intent.from ?? '?'} -> ${u.intent.to}; ${taken}`);
    }
  }

  const notices = seatNotices(result, (d) => d.toISOString());
  if (notices.length > 0) {
    out.push('', c.bold('Notes'));
    for (const n of notices) out.push(`  ${c.cyan('i')} ${clean(n)}`);
  }

  const ledgerNote = ledgerMessage(result.ledger);
  if (ledgerNote || result.ledger.appended.length > 0) {
    out.push('', c.bold('Ledger'));
    if (result.ledger.appended.length > 0) out.push(`  ${result.ledger.appended.length} line(s) appended to ${result.ledger.file}`);
    if (ledgerNote) out.push(`  ${clean(ledgerNote)}`);
  }

  out.push('');
  const failure = failureMessage(result.failures);
  if (failure) out.push(c.red(c.bold(`FAILED: ${clean(failure)}`)));
  else if (result.mode === 'plan' && counts.planned > 0) out.push(c.green(`OK: run \`apply\` with the same options to write ${counts.planned} change${counts.planned === 1 ? '' : 's'}.`));
  else out.push(c.green('OK'));
  return out.join('\n');
}

function changeRow(ch: Change, rosterFile: string): string[] {
  const why = [ch.reason ? clean(ch.reason) : '', ch.eligibleAt ? `eligible ${ch.eligibleAt.toISOString()}` : '']
    .filter(Boolean)
    .join('; ');
  return [
    ch.status,
    userLabel(ch.user),
    `${ch.from ?? '?'} -> ${ch.to}${ch.offboard ? ' (offboard)' : ''}`,
    ch.rosterLine != null ? `${rosterFile}:${ch.rosterLine}` : ch.unmanaged ? 'unmanaged' : '',
    why,
  ];
}

function paintStatus(c: Colors, status: Change['status']): (s: string) => string {
  switch (status) {
    case 'planned':
      return c.cyan;
    case 'applied':
      return c.green;
    case 'deferred':
      return c.yellow;
    case 'refused':
    case 'failed':
      return c.red;
    default:
      return (s) => s;
  }
}

export function renderValid(files: { roster: { members: unknown[]; ignore: unknown[] }; ledger: { events: unknown[] } }, settings: Pick<Settings, 'rosterFile' | 'ledgerFile'>, c: Colors): string {
  return [
    c.green(`${settings.rosterFile}: valid, ${files.roster.members.length} members, ${files.roster.ignore.length} ignored.`),
    c.green(`${settings.ledgerFile}: valid, ${files.ledger.events.length} events, hash chain intact.`),
  ].join('\n');
}

export function renderExported(facts: ExportFacts): string {
  return [exportSentence(facts, (t) => t), 'Review and commit it; a plan now shows zero changes.'].join('\n');
}

export function renderAudit(audit: LedgerAudit, c: Colors, minSeatDays: number): string {
  const out: string[] = [];
  const indented = (rows: string[][]) => table(rows).map((l) => `  ${l}`).join('\n');
  out.push(c.green(`${audit.file}: valid. ${audit.lines} lines, hash chain intact, seq without gaps, times in order, none in the future.`));
  if (audit.lastHash) out.push(`Last line's hash: ${audit.lastHash}`);
  out.push('', c.bold(`Open seats (${audit.seats.length})`));
  if (audit.seats.length) out.push(indented([['USER', 'ROLE', 'SINCE'], ...audit.seats.map((s) => [userLabel(s.user), s.role ?? '?', s.since])]));
  out.push('', c.bold(`Cooling seats (${audit.cooling.length}): released before ${minSeatDays} days, still counted as occupied`));
  if (audit.cooling.length) out.push(indented([['USER', 'RELEASED', 'COOLING UNTIL'], ...audit.cooling.map((s) => [userLabel(s.user), s.releasedAt, s.coolingUntil])]));
  out.push('', (audit.unresolvedIntents.length ? c.yellow : c.bold)(`Unresolved intents (${audit.unresolvedIntents.length})`));
  if (audit.unresolvedIntents.length) {
    out.push(indented([['USER', 'LINE', 'AT', 'CHANGE', 'RUN'], ...audit.unresolvedIntents.map((i) => [userLabel(i.user), String(i.seq), i.at, `${i.from ?? '?'} -> ${i.to}`, clean(i.run ?? '')])]));
    out.push('  The next apply resolves each from live state, taking the worst case for the seat rule.');
  }
  return out.join('\n');
}
