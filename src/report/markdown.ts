/**
 * The one renderer of what people read: the job summary and the pull-request comment of a run,
 * of a run that stopped before its plan, of an export and of a validation. Every string from the
 * roster, the ledger or a server goes through `escapeMarkdown` (docs/security.md); every report is cut
 * once, by `Doc.render`, to one budget, with one footer.
 *
 * Layout, top-down, so the reader decides from the first screen: the first line says
 * which commit and run it describes (comment) or what it is (summary); then one sentence, what
 * merging will do (or what this run did); then GitHub alerts: CAUTION when the step fails,
 * WARNING for adoption and interrupted writes, NOTE for waiting changes; then one section per
 * status, biggest last, so a cut to the size limit loses the least useful part.
 */
import type { Change, ChangeStatus, UnmanagedMember, UnresolvedIntent, UserRef } from '../core/change.ts';
import { countByStatus, nextEligibleAt } from '../core/change.ts';
import { seatOutlook, type SeatOutlook } from '../core/occupancy.ts';
import { formatProblem } from '../core/problems.ts';
import { isSeatRole, ROLE_NAMES, type LiveRoleCode } from '../core/roles.ts';
import type { RunResult } from '../run/run-result.ts';
import { humanDate, humaniseTimes, humanTime } from './dates.ts';
import { characters, Doc, utf8Bytes, type Budget } from './doc.ts';
import { escapeMarkdown } from './escape.ts';
import { renderGantt } from './gantt.ts';
import { plural, reasonAdvice, seatNotices, type RunFailure, ledgerMessage } from './messages.ts';

export { escapeMarkdown } from './escape.ts';

/** Finds the action's own pull-request comment among the others, to update it in place. */
export const PLAN_COMMENT_MARKER = '<!-- label-studio-roster-sync:plan -->';

/** GitHub refuses comment bodies above 65,536 characters. */
export const COMMENT_LIMIT = 65_536;
/** The comment's one budget, marker included; the rest of the limit is headroom. */
export const COMMENT_MAX_LENGTH = 65_000;

/** GitHub drops a job summary above 1 MiB (1,048,576 bytes of UTF-8); the rest is headroom. */
export const SUMMARY_MAX_BYTES = 1_000_000;

/** A section with more rows than this is folded in `<details>`, its count in the summary line. */
export const COLLAPSE_ROWS = 20;
/** Problems listed one by one when a run stops before its plan; the log has every one. */
const MAX_PROBLEMS = 100;

export interface HeadCommit {
  /** The pull request's head commit, from the event payload (`pull_request.head.sha`). */
  sha: string;
  /** Where it can be seen, or null. */
  url: string | null;
}

export interface ReportContext {
  /** The run's time: what "in 4 days" counts from. Passed in so that a report is reproducible. */
  now: Date;
  runUrl: string | null;
  /** The roster's workspace path, for the "fix it in …" sentences. */
  rosterFile: string;
  /** The commit a pull-request comment describes; null outside pull requests or when unknown. */
  head?: HeadCommit | null;
  /** Override the target's budget (tests); the summary and the comment have their own. */
  budget?: Budget;
}

type Target = 'summary' | 'comment';

const BUDGETS: Record<Target, Budget> = {
  summary: { max: SUMMARY_MAX_BYTES, measure: utf8Bytes },
  comment: { max: COMMENT_MAX_LENGTH - PLAN_COMMENT_MARKER.length - 1, measure: characters },
};

/** The job summary of a finished plan or apply. */
export function renderSummary(result: RunResult, ctx: ReportContext): string {
  return finish(runDoc(result, ctx, 'summary'), ctx, 'summary');
}

/** The sticky pull-request comment of a finished plan: the summary's content, under its budget, with its marker. */
export function renderComment(result: RunResult, ctx: ReportContext): string {
  return finish(runDoc(result, ctx, 'comment'), ctx, 'comment');
}

/** The job summary of a run that stopped before its plan (invalid roster, ledger or inputs, an error). */
export function renderFailureSummary(failure: RunFailure, ctx: ReportContext): string {
  return finish(failureDoc(failure, ctx, 'summary'), ctx, 'summary');
}

/** The sticky comment when the plan could not be made: the comment must not keep describing an older commit. */
export function renderFailureComment(failure: RunFailure, ctx: ReportContext): string {
  return finish(failureDoc(failure, ctx, 'comment'), ctx, 'comment');
}

function finish(doc: Doc, ctx: ReportContext, target: Target): string {
  const where = ctx.runUrl ? `the [run's job summary](${ctx.runUrl}) and its plan file` : "the run's job summary and its plan file";
  const footer = (omitted: number) =>
    target === 'comment'
      ? `---\n\n**This report is cut to fit GitHub's size limit** (${plural(omitted, 'more line')}). The full report is in ${where}.`
      : `---\n\n**This report is cut to fit GitHub's size limit** (${plural(omitted, 'more line')}). Every change is in the plan file (the \`plan-file\` output).`;
  const text = doc.render(ctx.budget ?? BUDGETS[target], footer);
  return target === 'comment' ? `${text}\n${PLAN_COMMENT_MARKER}` : text;
}

// ---------------------------------------------------------------------------------------------

/** The comment's first line: which commit this describes and which run said so. */
function headLine(title: string, ctx: ReportContext): string {
  const parts = [`**${title}**`];
  const sha = ctx.head && /^[0-9a-f]{7,64}$/i.test(ctx.head.sha) ? ctx.head.sha.slice(0, 7).toLowerCase() : null;
  if (sha) parts.push(ctx.head!.url ? `commit [\`${sha}\`](${ctx.head!.url})` : `commit \`${sha}\``);
  else parts.push('commit unknown');
  if (ctx.runUrl) parts.push(`[workflow run](${ctx.runUrl})`);
  parts.push(humanDate(ctx.now, ctx.now));
  return parts.join(' · ');
}

function runDoc(result: RunResult, ctx: ReportContext, target: Target): Doc {
  const doc = new Doc();
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  const roster = `\`${escapeMarkdown(ctx.rosterFile)}\``;
  const title = result.mode === 'plan' ? 'Label Studio roster plan' : 'Label Studio roster apply';

  if (target === 'comment') doc.line(headLine(`${title}, organization ${plan.organization}`, ctx));
  else doc.line(`## ${title}: organization ${plan.organization}`);
  doc.blank();
  doc.line(headlineSentence(result, counts));
  doc.blank();

  const seats = outlookOf(result);
  renderAlerts(doc, result, counts, ctx, roster, seats);
  doc.line(`<sub>${countsLine(result, counts, ctx)}</sub>`);
  doc.blank();
  doc.line(seatLine(result, seats, ctx));
  doc.blank();
  const vendor = vendorSeatLine(result, seats);
  if (vendor) {
    doc.line(vendor);
    doc.blank();
  }

  const rows = (status: ChangeStatus) => plan.changes.filter((c) => c.status === status);
  changeSection(doc, 'Refused: never applied as written', rows('refused'), ctx);
  changeSection(doc, 'Failed: the write failed after retries', rows('failed'), ctx);
  changeSection(doc, result.mode === 'plan' ? 'Planned: merging applies these' : 'Not applied', rows('planned'), ctx);
  changeSection(doc, 'Applied', rows('applied'), ctx);
  waitingSection(doc, result, ctx, seats);
  seatReportSection(doc, result);
  unresolvedSection(doc, plan.unresolved, ctx);
  unmanagedSection(doc, plan.unmanaged);
  ledgerSection(doc, result);
  return doc;
}

/** One sentence: what merging will do (a plan) or what this run did (an apply). */
function headlineSentence(result: RunResult, counts: Record<ChangeStatus, number>): string {
  const { plan } = result;
  const org = `organization ${plan.organization}`;
  const tails: string[] = [];
  if (counts.deferred > 0) tails.push(`${counts.deferred} more ${counts.deferred === 1 ? 'waits' : 'wait'} for the seat rule`);
  if (counts.refused > 0) tails.push(`${counts.refused} ${counts.refused === 1 ? 'is' : 'are'} refused`);
  if (counts.failed > 0) tails.push(`${counts.failed} failed`);
  const tail = tails.length > 0 ? `; ${tails.join(', ')}` : '';
  if (result.mode === 'plan') {
    if (plan.maxChanges.exceeded) {
      return `Merging changes **nothing**: this plan writes ${plural(plan.maxChanges.planned, 'change')}, above \`max-changes\` (${plan.maxChanges.limit}), so the apply run stops before any write.`;
    }
    if (plan.changes.length === 0) {
      return plan.unmanaged.length === 0
        ? `Merging changes **nothing**: every member of ${org} already has the role the roster gives.`
        : `Merging changes **no role** in ${org}; ${plural(plan.unmanaged.length, 'member')} of it ${plan.unmanaged.length === 1 ? 'is' : 'are'} not in the roster.`;
    }
    return counts.planned > 0
      ? `Merging changes **${plural(counts.planned, 'role')}** in ${org}${tail}.`
      : `Merging changes **no role now** in ${org}${tail}.`;
  }
  if (plan.maxChanges.exceeded) {
    return `This run changed **nothing**: ${plural(plan.maxChanges.planned, 'change')} to write are above \`max-changes\` (${plan.maxChanges.limit}).`;
  }
  if (plan.changes.length === 0) return `This run changed **nothing**: every member of ${org} already has the role the roster gives.`;
  const notApplied = counts.planned > 0 ? `; ${counts.planned} not applied` : '';
  return counts.applied > 0
    ? `This run changed **${plural(counts.applied, 'role')}** in ${org}${notApplied}${tail}.`
    : `This run changed **no role** in ${org}${notApplied}${tail}.`;
}

function countsLine(result: RunResult, counts: Record<ChangeStatus, number>, ctx: ReportContext): string {
  const { plan } = result;
  const parts = [
    result.mode === 'plan' ? `${counts.planned} planned` : `${counts.applied} applied`,
    ...(result.mode === 'apply' && counts.planned > 0 ? [`${counts.planned} not applied`] : []),
    `${counts.deferred} deferred`,
    `${counts.refused} refused`,
    `${counts.failed} failed`,
    `${plan.noop} already at their role`,
    `${plan.unmanaged.length} unmanaged`,
  ];
  const whatIf = Math.abs(plan.asOf.getTime() - result.generatedAt.getTime()) > 60_000;
  const when = whatIf ? `evaluated as of ${humanDate(plan.asOf, ctx.now)} (what-if)` : `evaluated ${humanDate(plan.asOf, ctx.now)}`;
  return `${parts.join(' · ')} · ${when}`;
}

function alert(doc: Doc, kind: 'CAUTION' | 'WARNING' | 'NOTE', lead: string | null, items: readonly string[]): void {
  if (lead === null && items.length === 0) return;
  doc.line(`> [!${kind}]`, false);
  if (lead !== null) doc.line(`> ${lead}`, items.length === 0);
  if (items.length === 1 && lead === null) doc.line(`> ${items[0]}`);
  else if (items.length > 0) items.forEach((item, i) => doc.line(`> - ${item}`, i === items.length - 1));
  doc.blank();
}

function renderAlerts(doc: Doc, result: RunResult, counts: Record<ChangeStatus, number>, ctx: ReportContext, roster: string, seats: SeatOutlook): void {
  const { plan } = result;
  if (result.failures.length > 0) {
    const items = result.failures.map((r) => reasonAdvice(r, result.mode, roster));
    alert(doc, 'CAUTION', '**This step fails.**', items);
  }

  const warnings: string[] = [];
  if (seats.over) {
    warnings.push(
      `**More seats are occupied than licensed:** ${seats.inUse} in use + ${seats.cooling} cooling = ${seats.occupied}, ` +
        `against ${seats.limit} licensed. Activations wait until enough seats free (see Seat calendar); ` +
        'release seats in the roster, or check the licence.',
    );
  }
  warnings.push(...seatNotices(result, (d) => humanTime(d, ctx.now)));
  if (result.seatReport && result.seatReport.status !== 'read') {
    warnings.push(
      `Label Studio's seat report was not read: ${escapeMarkdown(result.seatReport.problem ?? result.seatReport.status)}. ` +
        'Seats are counted from the member list and the ledger alone.',
    );
  }
  const interrupted = plan.unresolved.filter((u) => u.outcome !== 'no-seat').length;
  if (interrupted > 0) {
    warnings.push(
      `${plural(interrupted, 'write')} of an earlier run ${interrupted === 1 ? 'was' : 'were'} interrupted before ${interrupted === 1 ? 'its' : 'their'} outcome was recorded; ` +
        'each is taken the worst way for the seat rule (see Interrupted writes).',
    );
  }
  const ledgerNote = ledgerMessage(result.ledger);
  if (result.ledger.status === 'failed' && result.failures.every((f) => f.kind !== 'ledger-commit') && ledgerNote) {
    warnings.push(`**The ledger commit failed.** ${escapeMarkdown(ledgerNote)}`);
  }
  alert(doc, 'WARNING', null, warnings);

  const notes: string[] = [];
  const deferred = plan.changes.filter((c) => c.status === 'deferred');
  const dated = deferred.filter((c) => c.eligibleAt);
  const first = nextEligibleAt(deferred);
  if (first) {
    const last = new Date(Math.max(...dated.map((c) => c.eligibleAt!.getTime())));
    notes.push(
      dated.length === 1
        ? `1 change waits for the seat rule until ${humanTime(first, ctx.now)}; the first scheduled run after that (e.g. the nightly one) applies it.`
        : last.getTime() === first.getTime()
          ? `${dated.length} changes wait for the seat rule until ${humanTime(first, ctx.now)}; the first scheduled run after that (e.g. the nightly one) applies them.`
          : `${dated.length} changes wait for the seat rule, the first until ${humanTime(first, ctx.now)} and the last until ${humanTime(last, ctx.now)}; each applies on the first scheduled run after its date.`,
    );
  }
  const undated = deferred.length - dated.length;
  if (undated > 0) notes.push(`${plural(undated, 'activation')} ${undated === 1 ? 'waits' : 'wait'} for a seat to free with no date yet; a later run applies ${undated === 1 ? 'it' : 'them'}.`);
  const reported = plan.unmanaged.filter((u) => !u.deactivating).length;
  if (reported > 0) {
    notes.push(
      `${plural(reported, 'member')} of the organization ${reported === 1 ? 'is' : 'are'} not in the roster and left as ${reported === 1 ? 'is' : 'they are'}: ` +
        `add ${reported === 1 ? 'it' : 'them'} to \`members\` or \`ignore\` in ${roster}, or set \`unmanaged: deactivate\`.`,
    );
  }
  const hand = plan.changes.filter((c) => c.handChange && c.status !== 'refused').length;
  if (hand > 0) {
    notes.push(
      `${plural(hand, 'change')} ${hand === 1 ? 'reverts a role' : 'revert roles'} someone changed by hand in Label Studio since this action last set ${hand === 1 ? 'it' : 'them'} ` +
        `(marked *hand change*, with the role the ledger last recorded); ${result.mode === 'plan' ? 'applying the roster reverts' : 'this run reverted'} ${hand === 1 ? 'that edit' : 'those edits'}.`,
    );
  }
  const writtenNote = ledgerMessage(result.ledger);
  if (result.ledger.status === 'written' && writtenNote) notes.push(escapeMarkdown(writtenNote));
  alert(doc, 'NOTE', null, notes);
}

/** A titled section: a heading and its body, or, above `COLLAPSE_ROWS` rows, folded with its count showing. */
function section(doc: Doc, title: string, count: number, body: () => void): void {
  if (count > COLLAPSE_ROWS) {
    doc.begin(`<details><summary><strong>${title} (${count})</strong></summary>`, '</details>');
    doc.blank();
    body();
    doc.end();
    doc.blank();
    return;
  }
  doc.line(`### ${title} (${count})`);
  doc.blank();
  body();
}

function changeSection(doc: Doc, title: string, changes: readonly Change[], ctx: ReportContext): void {
  if (changes.length === 0) return;
  // A reason column only where a row has one: most planned and applied changes have none.
  const withReason = changes.some((c) => c.reason);
  section(doc, title, changes.length, () =>
    doc.table(
      ['User', 'Change', 'Line', ...(withReason ? ['Reason'] : [])],
      changes.map((c) => [user(c.user), change(c), rosterLine(c), ...(withReason ? [reason(c, ctx)] : [])]),
    ),
  );
}

function outlookOf(result: RunResult): SeatOutlook {
  return seatOutlook(result.plan, {
    minSeatDays: result.seatRule.minSeatDays,
    seatLimit: result.seatRule.seatLimit,
    done: result.mode === 'plan' ? 'planned' : 'applied',
  });
}

/** The seats as read in one line (in use, cooling and until when, licensed, free), and what merging leaves free. */
function seatLine(result: RunResult, seats: SeatOutlook, ctx: ReportContext): string {
  const parts = [`**${seats.inUse} in use** (the owner and the token's user included)`];
  const ends = seats.coolingNow.map((s) => s.until.getTime());
  let until = '';
  if (ends.length > 0) {
    const first = new Date(Math.min(...ends));
    const last = new Date(Math.max(...ends));
    until =
      first.getTime() === last.getTime()
        ? ` until ${humanDate(first, ctx.now)}`
        : ` (the first until ${humanDate(first, ctx.now)}, the last until ${humanDate(last, ctx.now)})`;
  }
  parts.push(`**${seats.cooling} cooling**${until}`);
  if (seats.limit === null) return `**Seats now:** ${parts.join(' · ')} · licensed seats unknown (set \`seat-limit\` to make activations seat-aware)`;
  const source = result.seatRule.limitSource === 'seat-report' ? "from Label Studio's seat report, `seat-limit: auto`" : '`seat-limit`';
  parts.push(`**${seats.limit} licensed** (${source})`);
  parts.push(freeText(seats.limit - seats.occupied));
  const after = seats.calendar[0]!.free!;
  return `**Seats now:** ${parts.join(' · ')}. ${result.mode === 'plan' ? 'Once merged' : 'After this run'}: ${freeText(after)}.`;
}

/** The vendor's counters beside the action's own, when its seat report was read. */
function vendorSeatLine(result: RunResult, seats: SeatOutlook): string | null {
  const found = result.plan.seatReport;
  if (!found) return null;
  const usage = found.usage
    ? ` (its billing counters: ${found.usage.count} in use of ${found.usage.limit} licensed, scope ${escapeMarkdown(found.usage.scope)})`
    : '';
  const disagree = found.reportOnly.length + found.listOnly.length + found.notListed.length;
  const verdict =
    disagree === 0 && (!found.usage || found.usage.count === seats.inUse)
      ? 'the two agree'
      : `they disagree${disagree > 0 ? ` on ${plural(disagree, 'member')} (see Seat report)` : ''}; the seat rule takes the larger count`;
  return `**Label Studio's seat report:** **${found.counted}** counted toward the seat limit${usage}; this action counts ${seats.inUse} in use: ${verdict}.`;
}

/** Where the report and the member list disagree, how each was taken, and the members with stale role assignments. */
function seatReportSection(doc: Doc, result: RunResult): void {
  const found = result.plan.seatReport;
  if (!found) return;
  const rows: string[][] = [
    ...found.reportOnly.map((u) => [user(u), 'counts toward the limit', 'no standard seat (role or user type)', 'seated: counted, released no earlier than the ledger allows']),
    ...found.listOnly.map((u) => [user(u), 'does not count', 'a standard seat', 'seated: counted, released no earlier than the ledger allows']),
    ...found.notListed.map((u) => [user(u), 'counts toward the limit', 'not in the member list', 'counted as occupied']),
  ];
  if (rows.length > 0) {
    section(doc, "Seat report: where Label Studio's report and the member list disagree", rows.length, () => {
      doc.line('A member either side counts as holding a seat is taken as seated: a disagreement can delay a release or an activation, never hasten one.');
      doc.blank();
      doc.table(['User', "Label Studio's seat report", 'Member list', 'Taken as'], rows);
    });
  }
  if (found.stale.length > 0) {
    section(doc, 'Members with stale role assignments', found.stale.length, () => {
      doc.line(
        "Label Studio's seat report flags these members' identity-provider group assignments as orphaned or unlinked, " +
          'the usual cause of a seat that stays taken; check them in Label Studio.',
      );
      doc.blank();
      for (const u of found.stale) doc.line(`- ${user(u)}`);
      doc.blank();
    });
  }
}

const freeText = (free: number) => (free < 0 ? `**none free** (${-free} over)` : `**${free} free**`);

function waitingSection(doc: Doc, result: RunResult, ctx: ReportContext, seats: SeatOutlook): void {
  const deferred = result.plan.changes
    .filter((c) => c.status === 'deferred')
    .sort((a, b) => (a.eligibleAt?.getTime() ?? Infinity) - (b.eligibleAt?.getTime() ?? Infinity));
  const cooling = seats.coolingSeats;
  if (deferred.length === 0 && cooling.length === 0 && seats.limit === null) return;
  doc.line('### Seat calendar');
  doc.blank();
  renderGantt(doc, deferred, cooling, ctx.now);
  if (seats.limit !== null) freeSeatsTable(doc, result, seats, ctx);
  if (deferred.length === 0) return;
  section(doc, 'Deferred by the seat rule', deferred.length, () =>
    doc.table(
      ['User', 'Change', 'Eligible', 'Line', 'Reason'],
      deferred.map((c) => [user(c.user), change(c), c.eligibleAt ? humanTime(c.eligibleAt, ctx.now) : 'when a seat frees', rosterLine(c), reason(c, ctx)]),
    ),
  );
}

/** The free seats over the next `min-seat-days`, one row where the count changes. */
function freeSeatsTable(doc: Doc, result: RunResult, seats: SeatOutlook, ctx: ReportContext): void {
  const days = result.seatRule.minSeatDays;
  doc.line(`Free seats over the next ${plural(days, 'day')}, if later runs apply what waits and nothing else changes:`);
  doc.blank();
  doc.table(
    ['From', 'Occupied', 'Free'],
    seats.calendar.map((step, i) => [
      i === 0 ? (result.mode === 'plan' ? 'once merged' : 'after this run') : humanTime(step.at, ctx.now),
      String(step.occupied),
      step.free! < 0 ? `**none** (${-step.free!} over)` : String(step.free),
    ]),
  );
}

/** Writes an earlier run announced and never recorded, and the worst case this run took for each. */
function unresolvedSection(doc: Doc, unresolved: readonly UnresolvedIntent[], ctx: ReportContext): void {
  const shown = unresolved.filter((u) => u.outcome !== 'no-seat');
  if (shown.length === 0) return;
  section(doc, 'Interrupted writes', shown.length, () => {
    doc.line(
      'An earlier run recorded these changes as about to be sent (`intent` lines) but never recorded their outcome: it crashed, ' +
        'its last ledger commit was lost, or the write failed and may still have landed.',
    );
    doc.blank();
    doc.table(
      ['User', 'Interrupted write', 'Taken as'],
      shown.map((u) => {
        const from = u.intent.from;
        const doing =
          from !== null && isSeatRole(from) && !isSeatRole(u.intent.to) ? 'release' : from !== null && isSeatRole(from) ? 'role change' : 'activation';
        const taken =
          u.outcome === 'seat-held'
            ? 'holds a seat now: its clock restarts now'
            : `may have held a seat since: cooling until ${humanTime(u.coolingUntil!, ctx.now)}`;
        return [user(u.user), `${doing} ${roleName(from)} → ${roleName(u.intent.to)}, ledger line ${u.intent.seq} (${humanDate(u.intent.at, ctx.now)})`, taken];
      }),
    );
  });
}

function unmanagedSection(doc: Doc, unmanaged: readonly UnmanagedMember[]): void {
  if (unmanaged.length === 0) return;
  section(doc, 'Unmanaged members', unmanaged.length, () => {
    doc.line('Members of the organization who are neither in `members` nor in `ignore`.');
    doc.blank();
    doc.table(
      ['User', 'Role', 'What happens'],
      unmanaged.map((u) => [user(u.user), roleName(u.role), u.deactivating ? 'deactivated (`unmanaged: deactivate`), listed with the changes' : 'left as is, reported only']),
    );
  });
}

function ledgerSection(doc: Doc, result: RunResult): void {
  const { ledger } = result;
  const file = `\`${escapeMarkdown(ledger.file)}\``;
  const n = ledger.appended.length;
  doc.line('### Seat ledger');
  doc.blank();
  const note = ledgerMessage(ledger);
  const message = note ? ` ${escapeMarkdown(note)}` : '';
  switch (ledger.status) {
    case 'committed':
      doc.line(`${plural(n, 'line')} appended to ${file} and committed to the branch.${message}`);
      break;
    case 'written':
      doc.line(`${plural(n, 'line')} appended to ${file} in the workspace; not committed (\`commit-ledger: false\`).`);
      break;
    case 'unchanged':
      doc.line(`${file} is unchanged: nothing to record.${message}`);
      break;
    case 'failed':
      doc.line(`**The commit of ${file} failed**; the ledger with this run's ${plural(n, 'new line')} is left in the workspace.${message}`);
      break;
    case 'plan-mode':
      doc.line(`A plan never changes ${file}.${message}`);
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
  doc.blank();
}

// ---------------------------------------------------------------------------------------------

function failureDoc(failure: RunFailure, ctx: ReportContext, target: Target): Doc {
  const doc = new Doc();
  if (target === 'comment') doc.line(headLine('Label Studio roster plan failed', ctx));
  else doc.line('## Label Studio Roster Sync: failed');
  doc.blank();
  const roster = `\`${escapeMarkdown(ctx.rosterFile)}\``;
  let sentence: string;
  let items: string[];
  switch (failure.kind) {
    case 'invalid-files': {
      const files = [...new Set(failure.problems.map((p) => `\`${escapeMarkdown(p.file)}\``))];
      sentence = `Nothing was planned and nothing was changed: ${files.join(' and ')} ${files.length === 1 ? 'has' : 'have'} ${plural(failure.problems.length, 'problem')}.`;
      items = failure.problems.map((p) => escapeMarkdown(formatProblem(p)));
      break;
    }
    case 'invalid-inputs':
      sentence = `Nothing was planned and nothing was changed: ${plural(failure.errors.length, 'input')} of the workflow step ${failure.errors.length === 1 ? 'is' : 'are'} invalid.`;
      items = failure.errors.map((e) => escapeMarkdown(e.message));
      break;
    case 'error':
      sentence = 'The run stopped before its plan was complete.';
      items = [escapeMarkdown(failure.message)];
      break;
  }
  doc.line(sentence);
  doc.blank();
  const next = target === 'comment' ? ' Fix it and push: this comment then shows the new plan.' : '';
  alert(doc, 'CAUTION', `**This step fails.** No plan describes this commit; an earlier plan no longer applies.${next}`, []);
  const title = failure.kind === 'error' ? 'What went wrong' : 'Problems';
  doc.line(`### ${title} (${items.length})`);
  doc.blank();
  for (const item of items.slice(0, MAX_PROBLEMS)) doc.line(`- ${item}`);
  if (items.length > MAX_PROBLEMS) doc.line(`- and ${items.length - MAX_PROBLEMS} more, in the step log`);
  doc.blank();
  if (failure.kind === 'invalid-files' && failure.problems.some((p) => p.file === ctx.rosterFile)) {
    doc.line(`Each problem is also an annotation on its line of ${roster} in the pull request's Files tab.`);
    doc.blank();
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------

export interface ExportFacts {
  rosterFile: string;
  organization: number;
  members: number;
  ignore: number;
  /** Over an existing roster: what the edit did; absent when the roster was written anew. */
  edited?: { changed: number; removed: number; kept: number } | null;
  written?: boolean;
}

/** One sentence on what export did to the roster, for the job summary and the command line. */
export function exportSentence(facts: ExportFacts, code: (text: string) => string): string {
  const file = code(facts.rosterFile);
  if (!facts.edited) {
    return (
      `Wrote ${file} from organization ${facts.organization}: ${facts.members} members, ${facts.ignore} under ignore ` +
      '(the owner, the token user, identity-provider members and view-only users, which this action never changes).'
    );
  }
  if (!facts.written) return `${file} already matches organization ${facts.organization}: nothing drifted, the file is unchanged.`;
  const e = facts.edited;
  const kept = e.kept > 0 ? ` ${e.kept} kept as written, since their change waits for the seat rule (each has a \`# kept by export\` note).` : '';
  return (
    `Edited ${file} to match organization ${facts.organization}: ${e.changed} roles changed, ${e.removed} entries removed, ` +
    `${facts.members} members and ${facts.ignore} ignore entries added; every other line is as it was.${kept}`
  );
}

/** The job summary of `mode: export`. */
export function renderExportSummary(facts: ExportFacts): string {
  return [
    '## Label Studio Roster Sync: export',
    '',
    exportSentence(facts, (t) => `\`${escapeMarkdown(t)}\``),
    '',
    'Commit it; a plan run now shows zero changes, apart from the changes kept waiting.',
  ].join('\n');
}

export interface ValidateFacts {
  rosterFile: string;
  ledgerFile: string;
  members: number;
  ignore: number;
  events: number;
  /** Set: the ledger lives on this branch, so the workspace's ledger was not checked. */
  ledgerBranch?: string | null;
  /** Whether the pull-request guard asked GitHub (a pull request or merge group with a token). */
  askedGitHub?: boolean;
}

/** The job summary of `mode: validate`. */
export function renderValidateSummary(f: ValidateFacts): string {
  return [
    '## Label Studio Roster Sync: validate',
    '',
    `- \`${escapeMarkdown(f.rosterFile)}\`: valid, ${f.members} members, ${f.ignore} ignored.`,
    f.ledgerBranch
      ? `- \`${escapeMarkdown(f.ledgerFile)}\`: not checked here: the ledger lives on the branch \`${escapeMarkdown(f.ledgerBranch)}\` (ledger-branch), which only the action writes. The roster alone was checked.`
      : `- \`${escapeMarkdown(f.ledgerFile)}\`: valid, ${f.events} events, hash chain intact${f.askedGitHub ? ', unchanged by this pull request' : ''}.`,
    '',
    f.askedGitHub ? 'No request was sent to Label Studio; the ledger was compared through the GitHub API.' : 'No request was sent to Label Studio or GitHub.',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

function user(u: UserRef): string {
  if (u.email) return escapeMarkdown(u.email);
  return u.id != null ? `id ${u.id}` : 'unknown user';
}

function roleName(code: LiveRoleCode | null): string {
  if (!code) return 'unknown';
  const name = ROLE_NAMES[code];
  return `${name[0]!.toUpperCase()}${name.slice(1)}`;
}

function change(c: Change): string {
  const flags = [c.offboard ? 'offboard' : null, c.unmanaged ? 'not in roster' : null].filter(Boolean);
  const hand = c.handChange ? `<br>**hand change**: the ledger last recorded ${roleName(c.handChange.ledgerRole)}` : '';
  return `${roleName(c.from)} → ${roleName(c.to)}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}${hand}`;
}

function reason(c: Change, ctx: ReportContext): string {
  return c.reason ? humaniseTimes(escapeMarkdown(c.reason), ctx.now) : '';
}

function rosterLine(c: Change): string {
  return c.rosterLine != null ? String(c.rosterLine) : '—';
}
