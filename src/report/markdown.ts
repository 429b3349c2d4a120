import type { Change, ChangeStatus, UnmanagedMember, UnresolvedIntent, UserRef } from '../core/change.ts';
import { countByStatus, nextEligibleAt } from '../core/change.ts';
import { isSeatRole, ROLE_NAMES, type LiveRoleCode } from '../core/roles.ts';
import type { RunResult } from '../run/run-result.ts';
import { escapeMarkdown } from './escape.ts';

export { escapeMarkdown } from './escape.ts';

/** Finds the action's own pull-request comment among the others, to update it in place. */
export const PLAN_COMMENT_MARKER = '<!-- label-studio-roster-sync:plan -->';

/** GitHub refuses comment bodies above 65,536 characters; the rest is headroom. */
export const COMMENT_MAX_LENGTH = 65_000;

/** GitHub drops a job summary above 1 MiB (1,048,576 bytes of UTF-8); the rest is headroom. */
export const SUMMARY_MAX_BYTES = 1_000_000;

export interface ReportOptions {
  /** Cut the report on a line boundary so that it is at most this many characters. */
  maxLength?: number;
  /** Cut the report on a line boundary so that it is at most this many bytes of UTF-8 (the summary's limit). */
  maxBytes?: number;
  /** Where the full report can be read when this one is cut. Defaults to the result's run URL. */
  runUrl?: string | null;
  /** The roster's workspace path, for the "what to do next" sentences. */
  rosterFile?: string;
}

export function renderComment(result: RunResult, runUrl: string | null, options: Omit<ReportOptions, 'runUrl' | 'maxLength'> = {}): string {
  const body = renderReport(result, { ...options, runUrl, maxLength: COMMENT_MAX_LENGTH - PLAN_COMMENT_MARKER.length - 1 });
  return `${PLAN_COMMENT_MARKER}\n${body}`;
}

/**
 * The report of one run, for the job summary and the pull-request comment alike. Reads top-down
 * like a plan: what happens, what needs the reader, then the details, biggest last so a cut
 * to the comment limit loses the least useful part.
 */
export function renderReport(result: RunResult, options: ReportOptions = {}): string {
  const doc = new Doc();
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  const rosterFile = options.rosterFile ?? 'the roster';

  const title = result.mode === 'plan' ? 'plan' : 'apply';
  doc.line(`## Label Studio roster sync: ${title} for organization ${plan.organization}`);
  doc.blank();
  doc.line(summarySentence(result, counts));
  doc.blank();
  doc.line(timesSentence(result));
  doc.blank();
  if (result.failure) {
    doc.line(`> **The step fails:** ${escapeMarkdown(result.failure)}`);
    doc.blank();
  }

  renderCounts(doc, result, counts);
  if (plan.changes.length === 0 && plan.unmanaged.length === 0) {
    doc.line('No drift: every member of the organization is at the role the roster gives.');
    doc.blank();
  }
  renderNextSteps(doc, result, counts, rosterFile);

  if (result.notices.length > 0) {
    doc.line('### Notices');
    doc.blank();
    for (const n of result.notices) doc.line(`- ${escapeMarkdown(n)}`);
    doc.blank();
  }

  renderUnresolved(doc, plan.unresolved);

  const groups: ChangeStatus[] = ['refused', 'failed', 'planned', 'applied'];
  for (const status of groups) renderChangeTable(doc, status, plan.changes.filter((c) => c.status === status));
  renderDeferred(doc, plan.changes.filter((c) => c.status === 'deferred'));
  renderUnmanaged(doc, plan.unmanaged);
  renderLedger(doc, result);

  const runUrl = options.runUrl === undefined ? result.runUrl : options.runUrl;
  let text = doc.render(options.maxLength, runUrl, (s) => s.length);
  if (options.maxBytes !== undefined) text = doc.render(options.maxBytes, runUrl, utf8Length, text);
  return text;
}

// ---------------------------------------------------------------------------------------------

const STATUS_HEADINGS: Record<ChangeStatus, string> = {
  refused: 'Refused: never applied as written',
  failed: 'Failed: the write failed after retries',
  planned: 'Planned: an apply run writes these',
  applied: 'Applied in this run',
  deferred: 'Deferred by the seat rule',
};

function summarySentence(result: RunResult, counts: Record<ChangeStatus, number>): string {
  const { plan } = result;
  const parts: string[] = [];
  if (result.mode === 'plan') parts.push(`${plural(counts.planned, 'change')} to apply`);
  else {
    parts.push(`${plural(counts.applied, 'change')} applied`);
    if (counts.planned > 0) parts.push(`${counts.planned} not applied`);
  }
  parts.push(`${counts.deferred} deferred`, `${counts.refused} refused`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  parts.push(`${plan.noop} already in place`, `${plan.unmanaged.length} unmanaged`);
  return `**${result.mode === 'plan' ? 'Plan' : 'Apply'}:** ${parts.join(', ')}.`;
}

function timesSentence(result: RunResult): string {
  const asOf = result.plan.asOf.toISOString();
  const generated = result.generatedAt.toISOString();
  const whatIf = Math.abs(result.plan.asOf.getTime() - result.generatedAt.getTime()) > 60_000;
  return whatIf
    ? `Evaluated as of \`${asOf}\` (what-if), generated at \`${generated}\`.`
    : `Evaluated at \`${asOf}\`.`;
}

function renderCounts(doc: Doc, result: RunResult, counts: Record<ChangeStatus, number>): void {
  const columns: [string, number][] = [['Changes', result.plan.changes.length]];
  if (result.mode === 'plan') columns.push(['Planned', counts.planned]);
  else {
    columns.push(['Applied', counts.applied]);
    if (counts.planned > 0) columns.push(['Not applied', counts.planned]);
  }
  columns.push(
    ['Deferred', counts.deferred],
    ['Refused', counts.refused],
    ['Failed', counts.failed],
    ['No-op', result.plan.noop],
    ['Unmanaged', result.plan.unmanaged.length],
  );
  doc.table(
    columns.map(([name]) => name),
    [columns.map(([, n]) => String(n))],
    'right',
  );
}

function renderNextSteps(doc: Doc, result: RunResult, counts: Record<ChangeStatus, number>, rosterFile: string): void {
  const { plan } = result;
  const steps: string[] = [];
  const roster = escapeMarkdown(rosterFile);
  const mc = plan.maxChanges;
  if (mc.exceeded) {
    steps.push(
      result.mode === 'plan'
        ? `**max-changes exceeded**: this plan would write ${plural(mc.planned, 'change')} and the limit is ${mc.limit}, so an apply run would write nothing and fail. Raise \`max-changes\` or split the roster change.`
        : `**max-changes exceeded**: ${plural(mc.planned, 'change')} against a limit of ${mc.limit}; nothing was applied. Raise \`max-changes\` or split the roster change.`,
    );
  }
  if (counts.refused > 0) {
    steps.push(
      `Fix the ${plural(counts.refused, 'refused change')} in ${roster}: each row's reason says why it can never be applied as written.`,
    );
  }
  if (counts.failed > 0) {
    steps.push(
      `${plural(counts.failed, 'change')} failed after retries and ${counts.failed === 1 ? 'was' : 'were'} not applied; the next run tries again. The step log has the errors.`,
    );
  }
  const deferred = plan.changes.filter((c) => c.status === 'deferred');
  if (deferred.length > 0) {
    const dated = deferred.filter((c) => c.eligibleAt).map((c) => c.eligibleAt!.getTime());
    const first = nextEligibleAt(deferred);
    if (first) {
      const last = new Date(Math.max(...dated));
      const pickUp = 'a scheduled run (e.g. the nightly one) picks them up';
      steps.push(
        last.getTime() === first.getTime()
          ? `${dated.length === 1 ? 'This deferred change applies' : `These ${dated.length} deferred changes apply`} on the first run after ${first.toISOString()}; ${dated.length === 1 ? pickUp.replace('them', 'it') : pickUp}.`
          : `These ${dated.length} deferred changes become eligible between ${first.toISOString()} and ${last.toISOString()} (calendar below); each applies on the first run after its time, and ${pickUp}.`,
      );
    }
    const waiting = deferred.length - dated.length;
    if (waiting > 0) steps.push(`${plural(waiting, 'deferred change')} wait${waiting === 1 ? 's' : ''} for a seat to free; a later run applies ${waiting === 1 ? 'it' : 'them'}.`);
  }
  if (result.mode === 'plan' && counts.planned > 0 && !mc.exceeded) {
    steps.push(`An apply run (e.g. after this change is merged) writes the ${plural(counts.planned, 'planned change')}.`);
  }
  const reported = plan.unmanaged.filter((u) => !u.deactivating).length;
  if (reported > 0) {
    steps.push(
      `${plural(reported, 'member')} of the organization ${reported === 1 ? 'is' : 'are'} not in the roster: add ${reported === 1 ? 'it' : 'them'} to \`members\` or \`ignore\` in ${roster}, or set \`unmanaged: deactivate\`.`,
    );
  }
  if (result.ledger.status === 'failed') {
    steps.push(
      result.ledger.message
        ? `**The ledger commit failed.** ${escapeMarkdown(result.ledger.message)}`
        : '**The ledger commit failed.** The updated ledger is left in the workspace only; the next run records the seats as it finds them, which can delay a release but never hasten one.',
    );
  }
  if (steps.length === 0) return;
  doc.line('### What to do next');
  doc.blank();
  for (const s of steps) doc.line(`- ${s}`);
  doc.blank();
}

function renderChangeTable(doc: Doc, status: ChangeStatus, changes: readonly Change[]): void {
  if (changes.length === 0) return;
  doc.line(`### ${STATUS_HEADINGS[status]} (${changes.length})`);
  doc.blank();
  doc.table(
    ['User', 'Change', 'Status', 'Reason', 'Roster line'],
    changes.map((c) => [user(c.user), change(c), c.status, c.reason ? escapeMarkdown(c.reason) : '', rosterLine(c)]),
  );
}

function renderDeferred(doc: Doc, deferred: readonly Change[]): void {
  if (deferred.length === 0) return;
  doc.line(`### ${STATUS_HEADINGS.deferred} (${deferred.length})`);
  doc.blank();
  doc.line('Calendar by eligibility date (UTC):');
  doc.blank();
  for (const day of calendar(deferred)) {
    const names = day.changes.slice(0, 10).map((c) => user(c.user));
    if (day.changes.length > 10) names.push(`and ${day.changes.length - 10} more`);
    const when = day.date ?? 'when a seat frees (no date yet)';
    doc.line(`- **${when}**: ${plural(day.changes.length, 'change')}: ${names.join(', ')}`);
  }
  doc.blank();
  doc.table(
    ['User', 'Change', 'Status', 'Eligible at', 'Reason', 'Roster line'],
    deferred.map((c) => [user(c.user), change(c), c.status, c.eligibleAt ? c.eligibleAt.toISOString() : '', c.reason ? escapeMarkdown(c.reason) : '', rosterLine(c)]),
  );
}

export interface CalendarDay {
  /** `2026-12-02 (Wed)`, or null for changes waiting on a seat with no known date. */
  date: string | null;
  changes: Change[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Deferred changes by the UTC day they become eligible, soonest first; undated ones last. */
export function calendar(deferred: readonly Change[]): CalendarDay[] {
  const byDay = new Map<string, Change[]>();
  const undated: Change[] = [];
  const sorted = [...deferred].sort((a, b) => (a.eligibleAt?.getTime() ?? Infinity) - (b.eligibleAt?.getTime() ?? Infinity));
  for (const c of sorted) {
    if (!c.eligibleAt) {
      undated.push(c);
      continue;
    }
    const key = `${c.eligibleAt.toISOString().slice(0, 10)} (${WEEKDAYS[c.eligibleAt.getUTCDay()]})`;
    const day = byDay.get(key);
    if (day) day.push(c);
    else byDay.set(key, [c]);
  }
  const days: CalendarDay[] = [...byDay].map(([date, changes]) => ({ date, changes }));
  if (undated.length > 0) days.push({ date: null, changes: undated });
  return days;
}

function renderUnmanaged(doc: Doc, unmanaged: readonly UnmanagedMember[]): void {
  if (unmanaged.length === 0) return;
  doc.line(`### Unmanaged members (${unmanaged.length})`);
  doc.blank();
  doc.line('Members of the organization who are neither in `members` nor in `ignore`.');
  doc.blank();
  doc.table(
    ['User', 'Role', 'What happens'],
    unmanaged.map((u) => [
      user(u.user),
      role(u.role),
      u.deactivating ? 'deactivated by `unmanaged: deactivate`, subject to the seat rule (listed with the changes)' : 'left as is, reported only',
    ]),
  );
}

function renderLedger(doc: Doc, result: RunResult): void {
  const { ledger } = result;
  const file = escapeMarkdown(ledger.file);
  const n = ledger.appended.length;
  doc.line('### Seat ledger');
  doc.blank();
  const message = ledger.message ? ` ${escapeMarkdown(ledger.message)}` : '';
  switch (ledger.status) {
    case 'committed':
      doc.line(`${plural(n, 'line')} appended to ${file} and committed to the branch.${message}`);
      break;
    case 'written':
      doc.line(`${plural(n, 'line')} appended to ${file} in the workspace; not committed (\`commit-ledger: false\`).${message}`);
      break;
    case 'unchanged':
      doc.line(`${file} is unchanged: nothing to record.${message}`);
      break;
    case 'failed':
      doc.line(`**The commit of ${file} failed**; the ledger with this run's ${plural(n, 'new line')} is left in the workspace.${message}`);
      break;
    case 'plan-mode':
      doc.line(`Plan mode: ${file} is not changed.${message}`);
      break;
  }
  doc.blank();
  if (n === 0) return;
  const lines = ledger.appended.map((e) => JSON.stringify(e));
  // A fence longer than any run of backticks in the lines, so no email can close it early.
  const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((r) => r.length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const what = ledger.status === 'plan-mode' ? 'that an apply run would append' : 'appended';
  doc.begin(`<details><summary>${plural(n, 'ledger line')} ${what}</summary>`, '</details>');
  doc.blank();
  doc.begin(`${fence}json`, fence);
  for (const l of lines) doc.line(l);
  doc.end();
  doc.blank();
  doc.end();
}

// ---------------------------------------------------------------------------------------------

function user(u: UserRef): string {
  if (u.email) return escapeMarkdown(u.email);
  return u.id != null ? `id ${u.id}` : 'unknown user';
}

function role(code: LiveRoleCode | null): string {
  return code ? `${code} (${ROLE_NAMES[code]})` : 'unknown';
}

function change(c: Change): string {
  const flags = [c.offboard ? 'offboard' : null, c.unmanaged ? 'unmanaged' : null].filter(Boolean);
  return `${role(c.from)} → ${role(c.to)}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`;
}

function rosterLine(c: Change): string {
  return c.rosterLine != null ? String(c.rosterLine) : '';
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

interface DocLine {
  text: string;
  /** Lines that close what is open after this one (a fence, a `<details>`), innermost first. */
  closers: readonly string[];
  /** False inside a table's head: a cut there would leave a table without its rows' meaning. */
  cuttable: boolean;
}

/** Lines with enough structure to be cut on a row boundary and still render. */
class Doc {
  private readonly lines: DocLine[] = [];
  private open: string[] = [];

  line(text: string, cuttable = true): void {
    this.lines.push({ text, closers: this.open, cuttable });
  }

  blank(): void {
    this.line('');
  }

  begin(opener: string, closer: string): void {
    this.open = [closer, ...this.open];
    this.line(opener, false);
  }

  end(): void {
    const [closer, ...rest] = this.open;
    this.open = rest;
    this.line(closer ?? '');
  }

  table(head: readonly string[], rows: readonly (readonly string[])[], align: 'left' | 'right' = 'left'): void {
    this.line(`| ${head.join(' | ')} |`, false);
    this.line(`|${head.map(() => (align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`, false);
    for (const r of rows) this.line(`| ${r.join(' | ')} |`);
    this.blank();
  }

  /** `measure` is the unit of `maxLength`: characters for a comment, UTF-8 bytes for the summary. */
  render(maxLength: number | undefined, runUrl: string | null, measure: (s: string) => number, rendered?: string): string {
    const full = rendered ?? this.lines.map((l) => l.text).join('\n');
    if (maxLength === undefined || measure(full) <= maxLength) return full;

    const where = runUrl ? `the [run's job summary](${runUrl}) and its plan file` : "the run's job summary and its plan file";
    const footer = (omitted: number) =>
      `---\n\n**This report is cut to fit GitHub's size limit** (${plural(omitted, 'more line')}). The full report is in ${where}.`;
    let kept = 0;
    let length = 0;
    let best = { kept: 0, tail: footer(this.lines.length) };
    for (const l of this.lines) {
      length += measure(l.text) + (kept > 0 ? 1 : 0);
      kept++;
      if (!l.cuttable) continue;
      const closers = l.closers.length > 0 ? `\n${l.closers.join('\n')}` : '';
      const tail = `${closers}\n\n${footer(this.lines.length - kept)}`;
      if (length + measure(tail) > maxLength) break;
      best = { kept, tail };
    }
    let out =
      this.lines
        .slice(0, best.kept)
        .map((l) => l.text)
        .join('\n') + best.tail;
    // Only a footer longer than the limit itself gets here; cut whole characters until it fits.
    while (measure(out) > maxLength) out = out.slice(0, Math.max(0, out.length - Math.max(1, Math.ceil((measure(out) - maxLength) / 4))));
    return out;
  }
}

/** SPEC 5: writes an earlier run announced and never recorded, and the worst case this run took for each. */
function renderUnresolved(doc: Doc, unresolved: readonly UnresolvedIntent[]): void {
  const shown = unresolved.filter((u) => u.outcome !== 'no-seat');
  if (shown.length === 0) return;
  doc.line(`### Interrupted writes (${shown.length})`);
  doc.blank();
  doc.line(
    'An earlier run recorded these changes as about to be sent (`intent` lines) but never recorded their outcome: it crashed, ' +
      'its last ledger commit was lost, or the write failed and may still have landed. Each is taken the worst way for the seat rule.',
  );
  doc.blank();
  doc.line('| User | What happened | Taken as |');
  doc.line('| --- | --- | --- |');
  for (const u of shown) {
    const from = u.intent.from;
    const doing =
      from !== null && isSeatRole(from) && !isSeatRole(u.intent.to)
        ? 'releasing this seat'
        : from !== null && isSeatRole(from)
          ? 'changing this seat\'s role'
          : 'activating this seat';
    const taken =
      u.outcome === 'seat-held'
        ? 'holds a seat now: its clock restarts now'
        : `may have held a seat since: cooling until ${u.coolingUntil!.toISOString()}`;
    doc.line(
      `| ${user(u.user)} | the last run was interrupted while ${doing} (${from ?? '?'} → ${u.intent.to}, ledger line ${u.intent.seq}, ${u.intent.at.toISOString()}) | ${taken} |`,
    );
  }
  doc.blank();
}
