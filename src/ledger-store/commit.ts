import { checkAppendOnly, emptyLedger, parseLedger, rebase, serializeLedger } from '../files/ledger.ts';
import type { Ledger, LedgerEvent } from '../files/ledger.ts';
import { ValidationError } from '../core/problems.ts';
import { BranchRuleError, ConflictError, GitHubApiError, type GitHubPort, type RepoRef } from '../github/port.ts';

export interface CommitLedgerArgs {
  repo: RepoRef;
  /** The branch of `GITHUB_REF` (`main` or `refs/heads/main`). */
  branch: string;
  /** Path of the ledger in the repository. */
  path: string;
  /** The ledger this run read from the workspace, before it appended anything. */
  local: Ledger;
  /** The events this run appended to `local`. */
  ours: readonly LedgerEvent[];
  message: string;
  /** Retries after the first try when someone else wrote the file meanwhile. */
  maxAttempts?: number;
  /** Pause before retry n is n × this, jittered, so racing runs do not collide again at once. */
  retryDelayMs?: number;
  /**
   * The write-ahead commit: the run planned from `local`, so if the branch holds lines `local`
   * lacks (another run committed meanwhile), its plan may be stale and nothing is committed.
   */
  requireUnchanged?: boolean;
  /** The real time of the run, for the branch ledger's future-time check. */
  now?: Date;
}

export type CommitLedgerResult =
  /** `attempts` counts PUTs; 0 when there was nothing to commit. */
  | { status: 'committed'; ledger: Ledger; attempts: number; commitSha: string | null }
  /** `ledger` is local + ours: what the caller leaves in the workspace. `reason` is a clause (no final period) for the caller's sentence. */
  | { status: 'failed'; ledger: Ledger; reason: string; attempts: number }
  /** Only with `requireUnchanged`: the branch's ledger grew past `local`; nothing was committed. */
  | { status: 'stale'; ledger: Ledger; reason: string; attempts: number };

/**
 * Commits this run's ledger events to the branch through the contents API. When another run
 * appended meanwhile, this run's events are re-appended after theirs (renumbered, re-chained);
 * any other difference fails, because the ledger's history is never overwritten. Never throws
 * for GitHub or ledger trouble: a failed commit delays nothing but the record, and the caller
 * reports it.
 */
export async function commitLedger(port: GitHubPort, args: CommitLedgerArgs): Promise<CommitLedgerResult> {
  const maxAttempts = args.maxAttempts ?? 3;
  const retryDelayMs = args.retryDelayMs ?? 1000;
  const branch = args.branch.replace(/^refs\/heads\//, '');
  const where = `${args.path} on branch ${branch}`;
  const ledger = rebase(args.local, args.ours);
  const failed = (reason: string, attempts: number): CommitLedgerResult => ({
    status: 'failed',
    ledger,
    reason,
    attempts,
  });

  if (args.ours.length === 0) return { status: 'committed', ledger: args.local, attempts: 0, commitSha: null };

  let attempts = 0;
  let lastConflict = '';
  while (attempts <= maxAttempts) {
    if (attempts > 0 && retryDelayMs > 0) await sleep(retryDelayMs * attempts * (0.5 + Math.random()));
    let next: Ledger;
    let sha: string | null;
    try {
      const file = await port.getFile(args.repo, args.path, branch);
      sha = file?.sha ?? null;
      const remote =
        file === null ? emptyLedger(args.local.file) : parseLedger(file.content, args.local.file, args.now ? { now: args.now } : {});
      const divergence = checkAppendOnly(args.local, remote);
      // The branch is behind the workspace when an earlier run in this workspace wrote its ledger
      // but died or failed before committing: catching the branch up is still only appending.
      const behind = divergence !== null && checkAppendOnly(remote, args.local) === null;
      if (divergence !== null && !behind) {
        return failed(
          `${where} no longer starts with the ${args.local.lines.length} lines this run started from ` +
            `(first difference at its line ${divergence.line}): its history was rewritten, so it was not ` +
            'overwritten; compare it with the ledger left in the workspace',
          attempts,
        );
      }
      if (args.requireUnchanged && !behind && remote.lines.length > args.local.lines.length) {
        return {
          status: 'stale',
          ledger,
          reason:
            `${where} gained ${remote.lines.length - args.local.lines.length} line(s) from another run after this run read it, ` +
            'so this run\'s plan may be out of date',
          attempts,
        };
      }
      next = behind ? ledger : rebase(remote, args.ours);
    } catch (err) {
      return failed(`could not read ${where}: ${describe(err)}`, attempts);
    }

    attempts++;
    try {
      const { commitSha } = await port.putFile(args.repo, {
        path: args.path,
        branch,
        content: new TextEncoder().encode(serializeLedger(next)),
        sha,
        message: args.message,
      });
      return { status: 'committed', ledger: next, attempts, commitSha };
    } catch (err) {
      if (err instanceof BranchRuleError) {
        return failed(
          `a branch rule of ${branch} refused the commit (${err.message}); trying again cannot help. ` +
            'Keep the ledger on a branch of its own (the ledger-branch input, see docs/ledger-branch.md), or give the run a token that may push to the branch',
          attempts,
        );
      }
      if (!(err instanceof ConflictError)) return failed(`could not write ${where}: ${describe(err)}`, attempts);
      lastConflict = err.message;
    }
  }
  return failed(
    `${where} kept changing while this run wrote it (${attempts} tries; last: ${lastConflict})`,
    attempts,
  );
}

function describe(err: unknown): string {
  if (err instanceof ValidationError) return `the ledger there is invalid: ${err.message}`;
  if (err instanceof GitHubApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
