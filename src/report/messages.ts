/**
 * The sentences a run says outside its tables, in one place: why the step fails (the failure
 * message and the report's alert), and the seat-rule notices (annotations and the report). The
 * run itself only returns facts (`RunResult.failures`, `plan.observed`, `plan.adoptionCooling`).
 */
import type { Problem } from '../core/problems.ts';
import type { FailureReason, RunResult } from '../run/run-result.ts';

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const isAre = (n: number) => (n === 1 ? 'is' : 'are');
const wasWere = (n: number) => (n === 1 ? 'was' : 'were');

/** One reason as the clause of the step's failure message. */
function reasonClause(r: FailureReason): string {
  switch (r.kind) {
    case 'max-changes':
      return `the plan has ${r.planned} changes to write, above max-changes (${r.limit}); nothing was applied`;
    case 'refused':
      return `${plural(r.count, 'change')} ${wasWere(r.count)} refused`;
    case 'failed':
      return `${plural(r.count, 'change')} failed`;
    case 'deferred':
      return `${plural(r.count, 'change')} ${wasWere(r.count)} deferred by the seat rule (fail-on-deferred)`;
    case 'ledger-commit':
      return 'the ledger commit failed';
  }
}

/** What `core.setFailed` says for a finished run, or null when the step succeeds. */
export function failureMessage(failures: readonly FailureReason[]): string | null {
  return failures.length > 0 ? `Label Studio Roster Sync: ${failures.map(reasonClause).join('; ')}.` : null;
}

/**
 * One reason for the report's CAUTION alert, with what to do about it. Markdown; the only data
 * in it are numbers and the roster's path, which the caller passes escaped.
 */
export function reasonAdvice(r: FailureReason, mode: RunResult['mode'], roster: string): string {
  switch (r.kind) {
    case 'max-changes':
      return mode === 'plan'
        ? `This plan writes ${plural(r.planned, 'change')}, above \`max-changes\` (${r.limit}): the apply run would write nothing and fail. Raise \`max-changes\` or split the roster change.`
        : `${plural(r.planned, 'change')} to write, above \`max-changes\` (${r.limit}): nothing was applied. Raise \`max-changes\` or split the roster change.`;
    case 'refused':
      return `${plural(r.count, 'change')} ${isAre(r.count)} refused and can never be applied as written: fix ${r.count === 1 ? 'it' : 'them'} in ${roster} (each row says why).`;
    case 'failed':
      return `${plural(r.count, 'write')} failed after retries; the next run tries again. The step log has the errors.`;
    case 'deferred':
      return `${plural(r.count, 'change')} ${isAre(r.count)} deferred by the seat rule, and \`fail-on-deferred\` is set.`;
    case 'ledger-commit':
      return 'The seat ledger could not be committed (see the ledger section).';
  }
}

/**
 * Seat-rule facts a reader must know: seats adopted with no record, seats freed outside the
 * action, and the first run's cooling count. `when` formats a date: ISO for annotations, a
 * human date for Markdown.
 */
export function seatNotices(result: RunResult, when: (d: Date) => string): string[] {
  const { plan, mode, seatRule } = result;
  const out: string[] = [];
  const verb = mode === 'plan' ? 'taken as' : 'recorded as';
  const adopted = plan.observed.filter((o) => o.event === 'assigned' && o.cause === 'found').length;
  if (adopted > 0) {
    out.push(
      `${plural(adopted, 'seat')} found with no open ledger record ${wasWere(adopted)} ${verb} assigned now (by: observed). ` +
        `Their clock starts at ${when(result.observedAt)}, so releasing them waits the full ${seatRule.minSeatDays} days: ` +
        'the ledger cannot know when they really started.',
    );
  }
  const freed = plan.observed.filter((o) => o.event === 'released' && o.cause === 'found').length;
  if (freed > 0) {
    out.push(
      `${plural(freed, 'member')} whose seat the ledger shows open ${freed === 1 ? 'has' : 'have'} no seat now ` +
        `(released outside this action); ${freed === 1 ? 'it was' : 'they were'} ${verb} released now (by: observed).`,
    );
  }
  if (plan.adoptionCooling) {
    const { members, until } = plan.adoptionCooling;
    out.push(
      `The ledger is empty (first run): ${plural(members, 'deactivated member')} may have given up a seat by hand ` +
        `in the last ${seatRule.minSeatDays} days, so each counts as a cooling seat until ${when(until)}. With seat-limit ` +
        `${seatRule.seatLimit}, activations beyond the free seats wait until then; re-activating one of these members needs no other seat.`,
    );
  }
  return out;
}

/** Why a run stopped before its plan: invalid files, invalid inputs, or anything else. */
export type RunFailure =
  | { kind: 'invalid-files'; problems: readonly Problem[] }
  | { kind: 'invalid-inputs'; errors: readonly { input: string; message: string }[] }
  | { kind: 'error'; message: string };

/** What `core.setFailed` says when the run stopped before its plan. */
export function runFailureMessage(f: RunFailure, formatProblem: (p: Problem) => string): string {
  switch (f.kind) {
    case 'invalid-files':
      return `Nothing was changed: ${plural(f.problems.length, 'problem')} found.\n${f.problems.map(formatProblem).join('\n')}`;
    case 'invalid-inputs':
      return `Nothing was changed: ${plural(f.errors.length, 'invalid input')}.`;
    case 'error':
      return f.message;
  }
}

/** What the run's ledger record means for the reader; null when there is nothing to say. */
export function ledgerMessage(ledger: RunResult['ledger']): string | null {
  const d = ledger.detail;
  if (!d) return null;
  switch (d.kind) {
    case 'workspace-only':
      return `The ledger was written to the workspace only (commit-ledger: false); commit ${ledger.file} in a later step, or the crash guarantee does not hold.`;
    case 'committed':
      return `Committed ${d.events} event${d.events === 1 ? '' : 's'} to ${ledger.file} on ${d.branch}.`;
    case 'write-ahead-failed':
      return (
        `Nothing was sent to Label Studio: the ledger commit that must come before any write failed (${d.reason}). ` +
        'The action records each change in the ledger before sending it, so that a crash can never release a seat early. ' +
        (d.stale
          ? 'Re-run the workflow; keep every workflow that applies in one concurrency group so runs never overlap.'
          : 'Give the job `contents: write`, let the token push to the branch (branch protection), or set commit-ledger: false and commit the ledger in a later step.')
      );
    case 'record-failed':
      return (
        `The ledger commit after the writes failed: ${d.reason}. The ledger is left in the workspace at ${ledger.file}. ` +
        'No seat is released early: the next run finds the changes announced but not recorded, and takes the worst case.'
      );
  }
}
