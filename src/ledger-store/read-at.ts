import { emptyLedger, parseLedger } from '../files/ledger.ts';
import type { Ledger } from '../files/ledger.ts';
import { ValidationError } from '../core/problems.ts';
import type { GitHubPort, RepoRef } from '../github/port.ts';

/**
 * The ledger at a branch or commit, through the contents API; absent there means empty.
 * Problems in it are named with `where` (e.g. "the base branch's ledger (commit 1a2b3c4)"),
 * since the lines they point at are not the ones in the workspace.
 */
export async function readLedgerAt(
  port: GitHubPort,
  repo: RepoRef,
  path: string,
  ref: string,
  where: string,
  now?: Date,
): Promise<Ledger> {
  return (await ledgerIfAt(port, repo, path, ref, where, now)) ?? emptyLedger(path);
}

/** As readLedgerAt, but null when the file (or the ref) is not there, for callers that tell the two apart. */
export async function ledgerIfAt(
  port: GitHubPort,
  repo: RepoRef,
  path: string,
  ref: string,
  where: string,
  now?: Date,
): Promise<Ledger | null> {
  const file = await port.getFile(repo, path, ref);
  if (file === null) return null;
  try {
    return parseLedger(file.content, path, now ? { now } : {});
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(err.problems.map((p) => ({ ...p, message: `in ${where}: ${p.message}` })));
  }
}

/** The bytes of the ledger at a ref as text lines (no parsing: history may hold what no longer parses); null when absent. */
export async function ledgerLinesAt(port: GitHubPort, repo: RepoRef, path: string, ref: string): Promise<string[] | null> {
  const file = await port.getFile(repo, path, ref);
  if (file === null) return null;
  const text = new TextDecoder().decode(file.content);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
