import type { GitHubPort, RepoRef } from '../github/port.ts';
import { ledgerLinesAt } from './read-at.ts';

/** The git trailer every ledger commit of this action carries: where the history check may stop. */
export const TRAILER = 'Seat-Ledger-Sync';

/** The trailer paragraph for a commit message: the run's URL, or `local` for the command line. */
export function trailer(runUrl: string | null): string {
  return `${TRAILER}: ${runUrl ?? 'local'}`;
}

/** Whether a commit message ends with this action's trailer (in its last paragraph, as git reads trailers). */
export function carriesTrailer(message: string): boolean {
  const paragraphs = message.trim().split(/\n\s*\n/);
  const last = paragraphs.length > 1 ? paragraphs.at(-1)! : '';
  return last.split('\n').some((line) => new RegExp(`^${TRAILER}:[ \\t]*\\S`).test(line));
}

/** A commit that did more than append to its first parent's ledger. */
export interface Rewrite {
  commit: string;
  /** Its first parent: where the branch stood before it. */
  parent: string | null;
  /** 1-based line of the first removed or changed line, in the parent's ledger. */
  line: number;
  /** That line as the parent had it (cut short). */
  removed: string;
  /** What the commit has there instead; null when the line is gone. */
  now: string | null;
}

/** Past this many commits without the trailer the check stops and says so, rather than read history without end. */
const MOST_COMMITS = 300;

/**
 * The ledger only grows: every commit that touched the ledger on `branch`, newest first, back
 * to and including the latest one this action made, must only append lines to its first
 * parent's ledger. Each commit is checked on its own, so a rewrite followed by an append is
 * caught. Returns the first rewrite found, or null.
 * @throws Error when the history is longer than the check reads without finding the trailer.
 */
export async function findRewrite(port: GitHubPort, repo: RepoRef, path: string, branch: string): Promise<Rewrite | null> {
  const cache = new Map<string, Promise<string[] | null>>();
  const linesAt = (sha: string) => {
    let lines = cache.get(sha);
    if (lines === undefined) cache.set(sha, (lines = ledgerLinesAt(port, repo, path, sha)));
    return lines;
  };
  let seen = 0;
  for (let page = 1; ; page++) {
    const commits = await port.commitsOfPath(repo, branch, path, page);
    for (const commit of commits) {
      seen++;
      const mine = (await linesAt(commit.sha)) ?? [];
      const parent = commit.parents[0];
      const theirs = parent === undefined ? [] : ((await linesAt(parent)) ?? []);
      const at = theirs.findIndex((line, i) => mine[i] !== line);
      if (at >= 0) {
        return { commit: commit.sha, parent: parent ?? null, line: at + 1, removed: cut(theirs[at]!), now: mine[at] === undefined ? null : cut(mine[at]) };
      }
      if (carriesTrailer(commit.message)) return null;
      if (seen >= MOST_COMMITS) {
        throw new Error(
          `The ledger ${path} on branch ${branch} has more than ${MOST_COMMITS} commits since the last one this action made ` +
            `(none carries the ${TRAILER} trailer), so its history was not checked and nothing was written. ` +
            'Check that the ledger only grew, then commit it once with that trailer in the message.',
        );
      }
    }
    if (commits.length < 100) return null;
  }
}

function cut(line: string): string {
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
