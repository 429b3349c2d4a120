import { checkAppendOnly, emptyLedger, rebase, type Ledger, type LedgerEvent } from '../files/ledger.ts';
import { ValidationError } from '../core/problems.ts';
import { parseRepository, type GitHubPort, type RepoRef } from '../github/port.ts';
import type { Settings } from '../inputs/settings.ts';
import { commitLedger, type CommitLedgerResult } from './commit.ts';
import { checkUnchanged } from './compare.ts';
import type { RunEvent } from './event.ts';
import { findRewrite, trailer } from './history.ts';
import { ledgerIfAt, readLedgerAt } from './read-at.ts';

export { runEventOf, type RunEvent } from './event.ts';
export type { CommitLedgerResult } from './commit.ts';

/**
 * The ledger of record and nothing else: where it is (the workspace, the branch the run
 * applies to, or `ledger-branch`), the checks before a run may trust it, and its commits.
 * The run asks "the ledger to plan from" and "commit these lines".
 */
export interface LedgerStore {
  /**
   * The ledger a plan or apply plans from. An apply checks first that it may write here
   * (the default branch, or a ledger branch, created if missing) and that the ledger only
   * grew; a plan on a pull request or merge group checks that the proposal leaves it alone.
   * @throws LedgerOfRecordError or ValidationError, before anything was written.
   */
  read(mode: 'plan' | 'apply', workspace: Ledger): Promise<Ledger>;
  /**
   * `validate` on a pull request: only the proposal's check (skipped, and said, where it has nothing
   * to compare). True when the ledger was compared through the GitHub API.
   */
  checkProposal(workspace: Ledger): Promise<boolean>;
  /**
   * Commits `ours` (appended by this run to `before`). `writeAhead`: the commit before any
   * write, which must find the ledger as the run read it. Never throws for GitHub trouble.
   */
  commit(before: Ledger, ours: readonly LedgerEvent[], options: { writeAhead: boolean }): Promise<CommitLedgerResult>;
  /** Is the ledger committed (commit-ledger)? When not, the run writes it to the workspace only. */
  readonly commits: boolean;
  /** The branch commits go to; null when the ledger is not committed (commit-ledger: false). */
  readonly branch: string | null;
  /** The branch whose roster an apply must match (the run's branch, else the default branch); null without the GitHub API or without commit-ledger. */
  rosterBranch(): Promise<{ repo: RepoRef; branch: string; github: GitHubPort } | null>;
}

/** Why the ledger of record cannot be trusted or written here: said before any write. */
export class LedgerOfRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerOfRecordError';
  }
}

export interface LedgerStoreDeps {
  github: GitHubPort | null;
  clock: () => Date;
  log: { info(message: string): void; warning(message: string): void };
  /** The event payload's facts; null outside the runner (the command line). */
  event: RunEvent | null;
  /** Pause before a commit retry; tests set 0. */
  retryDelayMs?: number;
}

/** The settings the ledger of record is found and committed by: nothing else of the run's. */
export type LedgerStoreSettings = Pick<Settings, 'repository' | 'ref' | 'ledgerFile' | 'ledgerBranch' | 'commitLedger' | 'runUrl'>;

export function openLedgerStore(settings: LedgerStoreSettings, deps: LedgerStoreDeps): LedgerStore {
  const repo = parseRepository(settings.repository);
  const runBranch = settings.ref?.startsWith('refs/heads/') ? settings.ref.slice('refs/heads/'.length) : null;
  const target = settings.ledgerBranch ?? runBranch;
  const path = settings.ledgerFile;
  const github = settings.commitLedger ? deps.github : null;
  let defaultBranch: string | null = deps.event?.defaultBranch ?? null;

  const getDefaultBranch = async (gh: GitHubPort, r: RepoRef): Promise<string> => {
    defaultBranch ??= await gh.defaultBranch(r).catch((err: unknown) => {
      throw new LedgerOfRecordError(
        `Could not read the repository's default branch (${messageOf(err)}); nothing was sent to Label Studio. ` +
          'Check the github-token and its `contents: read` permission.',
      );
    });
    return defaultBranch;
  };

  /**
   * The ledger at a branch's head; a ledger branch not yet created reads as the default branch's.
   * `exists`: the caller already knows the branch is there (an apply made sure), so it is not asked again.
   */
  const ledgerOn = async (gh: GitHubPort, r: RepoRef, branch: string, exists = false): Promise<Ledger> => {
    let ref = branch;
    if (!exists && branch === settings.ledgerBranch && (await gh.branchHead(r, branch)) === null) ref = await getDefaultBranch(gh, r);
    return readLedgerAt(gh, r, path, ref, `${path} on branch ${ref}`, deps.clock()).catch((err: unknown) => {
      if (err instanceof ValidationError) throw err;
      throw new LedgerOfRecordError(
        `Could not read ${path} on branch ${ref} (${messageOf(err)}); nothing was sent to Label Studio. ` +
          'Check the github-token and its `contents` permission.',
      );
    });
  };

  const checkProposal = async (workspace: Ledger, needLedger = true): Promise<Ledger> => {
    const proposal = deps.event?.proposal ?? null;
    if (proposal === null) return workspace;
    if (settings.ledgerBranch !== null) {
      if (proposal.baseBranch === settings.ledgerBranch) {
        throw new LedgerOfRecordError(
          `This ${proposal.kind} merges into ${settings.ledgerBranch}, the ledger branch: only the action writes there, so it was not planned. ` +
            `Close it, and propose roster changes to the default branch instead.`,
        );
      }
      return needLedger && github && repo ? ledgerOn(github, repo, settings.ledgerBranch) : workspace;
    }
    if (!github || !repo) {
      deps.log.warning(
        `Could not read the ledger of record (no GitHub token, or no repository): the check that this ${proposal.kind} does not ` +
          `change the ledger was skipped, and a plan uses the ${proposal.kind}'s own ledger.`,
      );
      return workspace;
    }
    const base = proposal.baseBranch ?? (await getDefaultBranch(github, repo));
    const baseHead = await ledgerOn(github, repo, base);
    const mergeBase =
      proposal.headSha && proposal.baseSha ? await github.mergeBase(repo, proposal.baseSha, proposal.headSha).catch(() => null) : null;
    // Null when the head has no ledger, or GitHub does not know the head commit.
    const atHead = proposal.headSha
      ? await ledgerIfAt(github, repo, path, proposal.headSha, `the ${proposal.kind}'s head commit (${proposal.headSha.slice(0, 7)})`, deps.clock())
      : null;
    let problem;
    if (mergeBase !== null) {
      const atBase = await readLedgerAt(github, repo, path, mergeBase, `the merge base (commit ${mergeBase.slice(0, 7)})`, deps.clock());
      const headLedger = atHead ?? (proposal.headSha ? emptyLedger(path) : workspace);
      problem = checkUnchanged(atBase, headLedger, `the ledger at the merge base with the base branch (commit ${mergeBase.slice(0, 7)})`, mergeBase.slice(0, 7));
    } else {
      // GitHub does not know one of the commits: the head may not be readable either, so the
      // checkout (the merge commit or the head) stands for it, against the base branch as it is now.
      problem = checkUnchanged(baseHead, atHead ?? workspace, `the ledger at the head of the base branch ${base}`, `origin/${base}`);
    }
    if (problem) throw new ValidationError([problem]);
    return baseHead;
  };

  /** An apply may write only where the ledger of record is, and only to a ledger that only grew. */
  const prepareApply = async (workspace: Ledger): Promise<Ledger> => {
    if (!github || !repo || !target) return workspace;
    if (settings.ledgerBranch === null) {
      const main = await getDefaultBranch(github, repo);
      if (runBranch !== main) {
        throw new LedgerOfRecordError(
          `This apply runs on ${runBranch ?? settings.ref ?? 'no branch'}, not on the default branch ${main}: the ledger there may be stale, ` +
            'so nothing was sent to Label Studio. Apply from the default branch, or keep the ledger on a branch of its own ' +
            '(the ledger-branch input, see docs/ledger-branch.md).',
        );
      }
    } else if ((await github.branchHead(repo, target)) === null) {
      const from = await getDefaultBranch(github, repo);
      const sha = await github.branchHead(repo, from);
      if (sha === null) throw new LedgerOfRecordError(`The default branch ${from} has no head commit; nothing was sent to Label Studio.`);
      await github.createBranch(repo, target, sha).catch((err: unknown) => {
        throw new LedgerOfRecordError(
          `Could not create the ledger branch ${target} from ${from} (${messageOf(err)}); nothing was sent to Label Studio. ` +
            'Give the workflow `permissions: contents: write`, or create the branch yourself.',
        );
      });
      deps.log.info(`Created the ledger branch ${target} from ${from} (commit ${sha.slice(0, 7)}).`);
    }
    const rewrite = await findRewrite(github, repo, path, target).catch((err: unknown) => {
      throw new LedgerOfRecordError(`Could not check the history of ${path} on branch ${target} (${messageOf(err)}); nothing was sent to Label Studio.`);
    });
    if (rewrite !== null) {
      throw new LedgerOfRecordError(
        `${path} on branch ${target} did not only grow: commit ${rewrite.commit.slice(0, 7)} ` +
          `${rewrite.now === null ? 'removed' : 'changed'} its line ${rewrite.line} (${JSON.stringify(rewrite.removed)}` +
          `${rewrite.now === null ? '' : ` became ${JSON.stringify(rewrite.now)}`}). Nothing was sent to Label Studio: a ledger that lost lines ` +
          `could release seats early. An administrator resets ${target} to the commit before it${rewrite.parent ? ` (${rewrite.parent.slice(0, 7)})` : ''} (a force push, which the branch's ruleset ` +
          'otherwise blocks; a revert is not enough, as that commit stays in the history checked), then runs again (docs/ledger-branch.md).',
      );
    }
    const branchLedger = await ledgerOn(github, repo, target, true);
    if (settings.ledgerBranch !== null) return branchLedger;
    // The checkout may be behind the branch (a run committed ledger lines after this commit was
    // pushed), or ahead of it (an earlier run here wrote but could not commit): the longer wins.
    const differs = checkAppendOnly(workspace, branchLedger);
    if (differs === null) return branchLedger;
    if (checkAppendOnly(branchLedger, workspace) === null) return workspace;
    throw new LedgerOfRecordError(
      `${path} on branch ${target} and in the workspace differ at line ${differs.line}: one of them was ` +
        'rewritten. Nothing was sent to Label Studio. Restore the ledger from git history so that one extends the other.',
    );
  };

  return {
    commits: settings.commitLedger,
    branch: settings.commitLedger ? target : null,
    async read(mode, workspace) {
      if (!settings.commitLedger) return workspace;
      if (settings.ledgerBranch !== null && (!github || !repo)) {
        deps.log.warning(
          `The ledger lives on the branch ${settings.ledgerBranch} (ledger-branch), which is read through the GitHub API, and there is no ` +
            `github-token or repository: this ${mode} has no ledger${mode === 'apply' ? ' and will send nothing, as its write-ahead commit cannot be made' : ' (every seat counts as found now)'}.`,
        );
      }
      if (mode === 'apply') return prepareApply(workspace);
      if (deps.event?.proposal) return checkProposal(workspace);
      if (settings.ledgerBranch !== null && github && repo) return ledgerOn(github, repo, settings.ledgerBranch);
      return workspace;
    },
    async checkProposal(workspace) {
      if (!settings.commitLedger) return false;
      await checkProposal(workspace, false);
      // With a ledger branch only the proposal's target is checked, which needs no request.
      return deps.event?.proposal != null && settings.ledgerBranch === null && github !== null && repo !== null;
    },
    async commit(before, ours, { writeAhead }) {
      const noun = `${ours.length} event${ours.length === 1 ? '' : 's'}`;
      const why = !deps.github ? 'no github-token' : !repo ? 'GITHUB_REPOSITORY is not set' : !target ? `GITHUB_REF ${settings.ref ?? '(unset)'} is not a branch` : null;
      if (why !== null || !deps.github || !repo || !target) {
        return { status: 'failed', ledger: rebase(before, ours), reason: why ?? 'no branch', attempts: 0 };
      }
      return commitLedger(deps.github, {
        repo,
        branch: target,
        path,
        local: before,
        ours,
        requireUnchanged: writeAhead,
        now: deps.clock(),
        ...(deps.retryDelayMs === undefined ? {} : { retryDelayMs: deps.retryDelayMs }),
        message: `Seat ledger: ${noun} from Label Studio Roster Sync${writeAhead ? ' (before writing)' : ''}\n\n${trailer(settings.runUrl)}`,
      });
    },
    async rosterBranch() {
      if (!github || !repo) return null;
      return { repo, github, branch: runBranch ?? (await getDefaultBranch(github, repo)) };
    },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
