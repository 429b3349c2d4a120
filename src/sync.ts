import { applyPlan, type RoleWriter } from './apply.ts';
import { countByStatus } from './change.ts';
import { readBaseLedger } from './github/base-ledger.ts';
import { commitLedger } from './github/ledger-commit.ts';
import type { GitHubPort, RepoRef } from './github/port.ts';
import type { LabelStudioClient } from './labelstudio/client.ts';
import { appendEvents, checkAppendOnly, serializeLedger, type Ledger } from './ledger.ts';
import { toLiveMember } from './live.ts';
import { buildPlan } from './plan.ts';
import { ValidationError } from './problems.ts';
import { ledgerDrafts } from './record.ts';
import type { Roster } from './roster.ts';
import type { LedgerCommitStatus, RunResult } from './run-result.ts';
import type { Settings } from './settings.ts';
import type { Workspace } from './workspace.ts';

/** The Label Studio calls a sync makes; the client provides them, tests may pass a fake. */
export type LabelStudioApi = Pick<LabelStudioClient, 'whoami' | 'listMembers' | 'setRole'>;

export interface SyncDeps {
  labelStudio: LabelStudioApi;
  /** Null when there is no GitHub token, or outside a repository. */
  github: GitHubPort | null;
  workspace: Workspace;
  clock: () => Date;
  log: { info(message: string): void; warning(message: string): void };
}

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

export function repoRef(settings: Settings): RepoRef | null {
  const [owner, repo] = (settings.repository ?? '').split('/');
  return owner && repo ? { owner, repo } : null;
}

/** The organization to sync (SPEC 2): the input, else the roster's, else the token user's active one. */
export async function resolveOrganization(
  settings: Settings,
  roster: Roster | null,
  labelStudio: LabelStudioApi,
): Promise<{ organization: number; selfUserId: number }> {
  const me = await labelStudio.whoami();
  const sent = me.active_organization;
  if (sent != null && !(typeof sent === 'number' && Number.isSafeInteger(sent) && sent > 0)) {
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

/**
 * SPEC 6: on a pull request the ledger may only be the base branch's or extend it. Read at the
 * pull request's base commit, so the check holds whatever the base branch did since.
 */
export async function checkPullRequestLedger(
  settings: Settings,
  files: LoadedFiles,
  deps: Pick<SyncDeps, 'github' | 'log'>,
  baseSha: string | null,
): Promise<void> {
  const repo = repoRef(settings);
  if (!deps.github || !repo || !baseSha) {
    deps.log.warning(
      'Could not compare the ledger with the base branch (no GitHub token, repository or base commit): the append-only check was skipped.',
    );
    return;
  }
  const base = await readBaseLedger(deps.github, repo, settings.ledgerFile, baseSha);
  const problem = checkAppendOnly(base, files.ledger);
  if (problem) throw new ValidationError([problem]);
}

/** Plan, and in apply mode write, record and commit: everything between the inputs and the report. */
export async function sync(settings: Settings, files: LoadedFiles, deps: SyncDeps): Promise<RunResult> {
  const mode = settings.mode === 'plan' ? 'plan' : 'apply';
  const { organization, selfUserId } = await resolveOrganization(settings, files.roster, deps.labelStudio);
  const apiMembers = await deps.labelStudio.listMembers(organization);
  const live = apiMembers.map(toLiveMember);
  const observedAt = deps.clock();
  const now = settings.asOf ?? observedAt;

  const plan = buildPlan({
    organization,
    roster: files.roster,
    ledger: files.ledger.events,
    live,
    selfUserId,
    now,
    observedAt,
    settings: {
      minSeatDays: settings.minSeatDays,
      seatLimit: settings.seatLimit,
      unmanaged: settings.unmanaged,
      maxChanges: settings.maxChanges,
    },
  });

  const notices: string[] = [];
  const adopted = plan.observed.filter((o) => o.event === 'assigned').length;
  if (adopted > 0) {
    notices.push(
      `${adopted} seat${adopted === 1 ? '' : 's'} found with no open ledger record ${adopted === 1 ? 'was' : 'were'} ` +
        `${mode === 'plan' ? 'taken as' : 'recorded as'} assigned now (by: observed). Their clock starts at ${observedAt.toISOString()}, ` +
        `so releasing them waits the full ${settings.minSeatDays} days: the ledger cannot know when they really started.`,
    );
  }

  const freed = plan.observed.length - adopted;
  if (freed > 0) {
    notices.push(
      `${freed} member${freed === 1 ? '' : 's'} found without a seat that the ledger shows open, or does not know, ` +
        `${freed === 1 ? 'was' : 'were'} ${mode === 'plan' ? 'taken as' : 'recorded as'} released now (by: observed)` +
        (settings.seatLimit != null
          ? `; with seat-limit, a seat the ledger cannot date counts as cooling until ${new Date(observedAt.getTime() + settings.minSeatDays * 86_400_000).toISOString()}.`
          : '.'),
    );
  }

  const result: RunResult = {
    mode,
    plan,
    generatedAt: deps.clock(),
    runUrl: settings.runUrl,
    ledger: { file: settings.ledgerFile, appended: [], changed: false, status: 'plan-mode', message: null },
    notices,
    failure: null,
  };

  if (mode === 'apply') {
    // applyPlan writes nothing when max-changes is exceeded; what was observed is recorded all the same.
    const writer: RoleWriter = {
      setRole: async (userId, role) => {
        await deps.labelStudio.setRole(organization, userId, role);
      },
    };
    const outcome = await applyPlan(plan, writer, { seatLimit: settings.seatLimit, clock: deps.clock });
    result.plan = outcome.plan;
    const drafts = ledgerDrafts(plan.observed, outcome.applied, { observedAt, runUrl: settings.runUrl });
    await recordLedger(settings, files.ledger, drafts, deps, result);
  }

  result.failure = failureOf(settings, result);
  return result;
}

/** Appends this run's events, writes the workspace file, and commits it back when asked to. */
async function recordLedger(
  settings: Settings,
  before: Ledger,
  drafts: ReturnType<typeof ledgerDrafts>,
  deps: SyncDeps,
  result: RunResult,
): Promise<void> {
  if (drafts.length === 0) {
    result.ledger.status = 'unchanged';
    return;
  }
  const after = appendEvents(before, drafts);
  const ours = after.events.slice(before.events.length);
  result.ledger.appended = ours;
  // Written first, so a failed commit still leaves the record in the workspace for the summary and later steps.
  await deps.workspace.write(settings.ledgerPath, serializeLedger(after));
  result.ledger.changed = true;

  let status: LedgerCommitStatus = 'written';
  let message: string | null = null;
  const repo = repoRef(settings);
  const branch = settings.ref?.startsWith('refs/heads/') ? settings.ref.slice('refs/heads/'.length) : null;
  if (settings.commitLedger) {
    if (!deps.github || !repo || !branch) {
      status = 'failed';
      message = `The ledger could not be committed (${!deps.github ? 'no github-token' : !repo ? 'GITHUB_REPOSITORY is not set' : `GITHUB_REF ${settings.ref ?? '(unset)'} is not a branch`}); it is left changed in the workspace at ${settings.ledgerFile}. Commit it, or the next run records these seats again as observed, later.`;
    } else {
      const committed = await commitLedger(deps.github, {
        repo,
        branch,
        path: settings.ledgerFile,
        local: before,
        ours,
        message: `Seat ledger: ${ours.length} event${ours.length === 1 ? '' : 's'} from Label Studio Roster Sync${settings.runUrl ? `\n\n${settings.runUrl}` : ''}`,
      });
      if (committed.status === 'committed') {
        status = 'committed';
        result.ledger.appended = committed.ledger.events.slice(committed.ledger.events.length - ours.length);
        await deps.workspace.write(settings.ledgerPath, serializeLedger(committed.ledger));
        message = `Committed ${ours.length} event${ours.length === 1 ? '' : 's'} to ${settings.ledgerFile} on ${branch}.`;
      } else {
        status = 'failed';
        message = `The ledger commit failed: ${committed.reason}. The ledger is left in the workspace at ${settings.ledgerFile}; commit it by hand, or the next run records these seats again as observed, later.`;
      }
    }
  }
  result.ledger.status = status;
  result.ledger.message = message;
}

/** SPEC 9: why the step fails, or null. */
export function failureOf(settings: Settings, result: RunResult): string | null {
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  const reasons: string[] = [];
  if (plan.maxChanges.exceeded) {
    reasons.push(
      `the plan has ${plan.maxChanges.planned} changes to write, above max-changes (${plan.maxChanges.limit}); nothing was applied`,
    );
  }
  if (counts.refused > 0) reasons.push(`${counts.refused} change${counts.refused === 1 ? ' was' : 's were'} refused`);
  if (counts.failed > 0) reasons.push(`${counts.failed} change${counts.failed === 1 ? '' : 's'} failed`);
  if (settings.failOnDeferred && counts.deferred > 0) {
    reasons.push(`${counts.deferred} change${counts.deferred === 1 ? ' was' : 's were'} deferred by the seat rule (fail-on-deferred)`);
  }
  if (result.ledger.status === 'failed' && settings.commitLedger) reasons.push('the ledger commit failed');
  return reasons.length ? `Label Studio Roster Sync: ${reasons.join('; ')}.` : null;
}
