import { applyPlan, waitsOnRelease, type AppliedChange, type RoleWriter } from '../core/apply.ts';
import { countByStatus, type Change, type Plan } from '../core/change.ts';
import type { GitHubPort } from '../github/port.ts';
import { openLedgerStore, type LedgerStore, type LedgerStoreSettings, type RunEvent } from '../ledger-store/store.ts';
import { staleRoster } from './branch-roster.ts';
import { liveMembers, type LabelStudio } from '../labelstudio/port.ts';
import { isOrganizationId } from '../labelstudio/wire.ts';

export type { LabelStudio } from '../labelstudio/port.ts';
import { appendEvents, serializeLedger, type EventDraft, type Ledger } from '../files/ledger.ts';
import { buildPlan } from '../core/plan.ts';
import { intentDrafts, observedDrafts, outcomeDrafts } from '../core/ledger-drafts.ts';
import { clockProblem } from './clock-check.ts';
import type { Roster } from '../files/roster.ts';
import type { FailureReason, RunResult } from './run-result.ts';
import { readSeatReport, type SeatReportSettings } from './seat-report.ts';
import type { Settings } from '../inputs/settings.ts';
import type { Workspace } from '../files/workspace.ts';


export interface SyncDeps {
  labelStudio: LabelStudio;
  /** Null when there is no GitHub token, or outside a repository. */
  github: GitHubPort | null;
  workspace: Workspace;
  clock: () => Date;
  log: { info(message: string): void; warning(message: string): void };
  /** Called once before the writes are sent, with how many there are (the CLI's progress bar). */
  onApplyStart?: (writes: number) => void;
  /** The event payload's facts (default branch, pull request or merge group); null outside the runner. */
  event?: RunEvent | null;
  /** Where the ledger of record is; by default opened from the settings. */
  ledgerStore?: LedgerStore;
}

/**
 * The settings one sync reads, and no more: the organization, the plan's rules, the seat limit
 * (`readSeatReport`), and where the ledger of record is (`openLedgerStore`).
 */
export type SyncSettings = Pick<Settings, 'mode' | 'organizationId' | 'asOf' | 'minSeatDays' | 'unmanaged' | 'maxChanges' | 'failOnDeferred' | 'ledgerPath'> &
  SeatReportSettings &
  LedgerStoreSettings;

/** The steps of one sync share the deps with the ledger store opened. */
type RunDeps = SyncDeps & { ledgerStore: LedgerStore };

/** What the write-ahead apply reads: the seat limit the plan used (the input's or the seat report's) and the ledger's file. */
type WriteAheadSettings = Pick<Settings, 'runUrl' | 'ledgerPath'> & { seatLimit: number | null };

export interface LoadedFiles {
  roster: Roster;
  ledger: Ledger;
}

/** Why the run cannot go on, said before any write: the organization, the ledger on a pull request. */
export class PreconditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreconditionError';
  }
}


/** The organization to sync (docs/inputs-and-outputs.md): the input, else the roster's, else the token user's active one. */
export async function resolveOrganization(
  settings: Pick<Settings, 'organizationId'>,
  roster: Roster | null,
  labelStudio: LabelStudio,
): Promise<{ organization: number; selfUserId: number }> {
  const me = await labelStudio.whoami();
  const sent = me.active_organization;
  if (sent != null && !isOrganizationId(sent)) {
    throw new PreconditionError(
      `Label Studio's whoami answered active_organization ${describeValue(sent)}, which is not an organization id (a positive whole number); ` +
        'the answer cannot be right, so nothing was written. Check that label-studio-url is Label Studio itself, and that the token user belongs to an organization.',
    );
  }
  const active = sent ?? null;
  const organization = settings.organizationId ?? roster?.organization ?? active;
  if (organization == null) {
    throw new PreconditionError(
      'No organization to sync: the token user has no active organization. Set the organization-id input or `organization:` in the roster.',
    );
  }
  if (active !== organization) {
    throw new PreconditionError(
      `Organization ${organization} is not the token user's active organization (${active ?? 'none'}): ` +
        `Label Studio changes roles only in the active organization. Switch the token user's active organization to ${organization} ` +
        `in Label Studio (Organization menu → switch), or use a token of a user whose active organization it is.`,
    );
  }
  return { organization, selfUserId: me.id };
}

/** A value from the server inside a message, as JSON and cut short. */
function describeValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 80)}… (${json.length} characters)` : json;
}

/** Plan, and in apply mode write, record and commit: everything between the inputs and the report. */
export async function sync(settings: SyncSettings, files: LoadedFiles, given: SyncDeps): Promise<RunResult> {
  const mode = settings.mode === 'plan' ? 'plan' : 'apply';
  const deps: RunDeps = { ...given, ledgerStore: given.ledgerStore ?? openLedgerStore(settings, { ...given, event: given.event ?? null }) };
  const { organization, selfUserId } = await resolveOrganization(settings, files.roster, deps.labelStudio);
  // Label Studio has answered: a clock far from its own is caught before the ledger is read with it.
  if (mode === 'apply') checkClock(deps);
  // The ledger of record: an apply plans from the branch that holds it, never from an older copy.
  const ledger = await deps.ledgerStore.read(mode, files.ledger);
  const live = await liveMembers(deps.labelStudio, organization);
  const seatReport = await readSeatReport(deps.labelStudio, organization, settings, deps.log);
  const seatLimit = seatReport.limit.seatLimit;
  const observedAt = deps.clock();
  const now = settings.asOf ?? observedAt;

  const plan = buildPlan({
    organization,
    roster: files.roster,
    ledger: ledger.events,
    live,
    selfUserId,
    now,
    observedAt,
    settings: {
      minSeatDays: settings.minSeatDays,
      seatLimit,
      unmanaged: settings.unmanaged,
      maxChanges: settings.maxChanges,
    },
    seatReport: seatReport.outcome.report,
  });

  const result: RunResult = {
    mode,
    plan,
    generatedAt: deps.clock(),
    runUrl: settings.runUrl,
    ledger: { file: settings.ledgerFile, appended: [], changed: false, status: 'plan-mode', detail: null },
    observedAt,
    seatRule: { minSeatDays: settings.minSeatDays, seatLimit, limitSource: seatReport.limit.source },
    seatReport: { status: seatReport.outcome.status, problem: seatReport.outcome.problem },
    failures: [],
  };

  if (mode === 'apply') {
    await checkBranchRoster(files.roster, deps);
    await applyWriteAhead({ runUrl: settings.runUrl, ledgerPath: settings.ledgerPath, seatLimit }, ledger, plan, organization, observedAt, deps, result);
  }

  result.failures = failureOf(settings, result);
  return result;
}

/** An apply's ledger times come from a checked clock only: stop before any write when it is off. */
function checkClock(deps: SyncDeps): void {
  const problem = clockProblem(deps.clock(), { labelStudio: deps.labelStudio, github: deps.github });
  if (problem) throw new PreconditionError(problem);
}

/**
 * Only the branch head's roster is applied: checked before the first write (GitHub's or Label
 * Studio's), where the ledger is committed (the store knows the branch; without commit-ledger it has none).
 */
async function checkBranchRoster(roster: Roster, deps: RunDeps): Promise<void> {
  const where = await deps.ledgerStore.rosterBranch();
  if (where === null) return;
  let why: string | null;
  try {
    why = await staleRoster(where.github, where.repo, where.branch, roster);
  } catch (err) {
    why = `its roster at the head of ${where.branch} could not be read (${err instanceof Error ? err.message : String(err)})`;
  }
  if (why !== null) throw new PreconditionError(`Nothing was sent to Label Studio: ${why}`);
}

/**
 * Write-ahead (docs/seat-rule.md): what was observed and one `intent` per change about to be sent are
 * committed first; only then are the writes sent; then one outcome line per applied write is
 * committed. A run that dies anywhere leaves intents that the next run resolves worst-case.
 */
async function applyWriteAhead(
  settings: WriteAheadSettings,
  ledger: Ledger,
  plan: Plan,
  organization: number,
  observedAt: Date,
  deps: RunDeps,
  result: RunResult,
): Promise<void> {
  // Before anything is dated and committed: GitHub has answered by now too.
  checkClock(deps);
  const context = { runUrl: settings.runUrl };
  const observed = observedDrafts(plan.observed, { ...context, observedAt });
  const toSend = plan.maxChanges.exceeded ? [] : plan.changes.filter((c) => c.status === 'planned');
  if (toSend.length === 0) {
    await recordLedger(settings, ledger, observed, deps, result, 'record');
    return;
  }

  // Activations that wait on a release of this run get their intent once its outcome is committed.
  const now = toSend.filter((c) => !waitsOnRelease(plan, c, settings.seatLimit));
  const ahead = await recordLedger(settings, ledger, [...observed, ...intentDrafts(now, { ...context, at: observedAt })], deps, result, 'write-ahead');
  if (!ahead) {
    const changes = plan.changes.map((c) =>
      c.status === 'planned' ? { ...c, status: 'failed' as const, reason: 'not sent: the write-ahead ledger commit failed' } : c,
    );
    result.plan = { ...plan, changes };
    return;
  }

  const writer: RoleWriter = {
    setRole: async (userId, role) => {
      await deps.labelStudio.setRole(organization, userId, role);
    },
  };
  deps.onApplyStart?.(toSend.length);
  let recorded = ahead;
  let done: readonly AppliedChange[] = [];
  const between = async (applied: readonly AppliedChange[], next: readonly Change[]): Promise<boolean> => {
    const drafts = [...outcomeDrafts(applied, context), ...intentDrafts(next, { ...context, at: deps.clock() })];
    const after = await recordLedger(settings, recorded, drafts, deps, result, 'write-ahead');
    if (!after) return false;
    recorded = after;
    done = applied;
    return true;
  };
  const outcome = await applyPlan(plan, writer, { seatLimit: settings.seatLimit, clock: deps.clock, between });
  result.plan = outcome.plan;
  const committed = new Set(done);
  const rest = outcome.applied.filter((a) => !committed.has(a));
  await recordLedger(settings, recorded, outcomeDrafts(rest, context), deps, result, 'record');
}

/**
 * Appends events, writes the workspace file, and commits it when asked to. Returns the ledger as
 * it now stands, or null when a write-ahead commit failed (then the workspace is left as it was:
 * nothing will be sent, so there is nothing to record).
 */
async function recordLedger(
  settings: Pick<Settings, 'ledgerPath'>,
  before: Ledger,
  drafts: EventDraft[],
  deps: RunDeps,
  result: RunResult,
  purpose: 'write-ahead' | 'record',
): Promise<Ledger | null> {
  if (drafts.length === 0) {
    if (result.ledger.status === 'plan-mode') result.ledger.status = 'unchanged';
    return before;
  }
  const local = appendEvents(before, drafts);
  const ours = local.events.slice(before.events.length);

  if (!deps.ledgerStore.commits) {
    await deps.workspace.write(settings.ledgerPath, serializeLedger(local));
    result.ledger.appended.push(...ours);
    result.ledger.changed = true;
    result.ledger.status = 'written';
    result.ledger.detail = { kind: 'workspace-only' };
    return local;
  }

  const committed = await deps.ledgerStore.commit(before, ours, { writeAhead: purpose === 'write-ahead' });

  if (committed.status === 'committed') {
    await deps.workspace.write(settings.ledgerPath, serializeLedger(committed.ledger));
    result.ledger.appended.push(...committed.ledger.events.slice(committed.ledger.events.length - ours.length));
    result.ledger.changed = true;
    result.ledger.status = 'committed';
    result.ledger.detail = { kind: 'committed', branch: deps.ledgerStore.branch ?? '', events: result.ledger.appended.length };
    return committed.ledger;
  }

  result.ledger.status = 'failed';
  if (purpose === 'write-ahead') {
    result.ledger.detail = { kind: 'write-ahead-failed', reason: committed.reason, stale: committed.status === 'stale' };
    return null;
  }
  await deps.workspace.write(settings.ledgerPath, serializeLedger(committed.ledger));
  result.ledger.appended.push(...ours);
  result.ledger.changed = true;
  result.ledger.detail = { kind: 'record-failed', reason: committed.reason };
  return committed.ledger;
}

/** Why the step fails, as facts (`report/messages.ts` words them); empty when it succeeds. */
export function failureOf(settings: Pick<Settings, 'failOnDeferred'>, result: RunResult): FailureReason[] {
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  const reasons: FailureReason[] = [];
  if (plan.maxChanges.exceeded) reasons.push({ kind: 'max-changes', planned: plan.maxChanges.planned, limit: plan.maxChanges.limit });
  if (counts.refused > 0) reasons.push({ kind: 'refused', count: counts.refused });
  if (counts.failed > 0) reasons.push({ kind: 'failed', count: counts.failed });
  if (settings.failOnDeferred && counts.deferred > 0) reasons.push({ kind: 'deferred', count: counts.deferred });
  // Only a commit fails (recordLedger): a ledger written to the workspace alone never does.
  if (result.ledger.status === 'failed') reasons.push({ kind: 'ledger-commit' });
  return reasons;
}
