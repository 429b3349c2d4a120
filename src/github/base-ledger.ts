import { emptyLedger, parseLedger } from '../files/ledger.ts';
import type { Ledger } from '../files/ledger.ts';
import { ValidationError } from '../core/problems.ts';
import type { GitHubPort, RepoRef } from './port.ts';

/**
 * The ledger as the pull request's base commit has it, which the pull request's ledger may
 * only extend. Absent there means empty. Problems in it are named as the base's, since the
 * lines they point at are not the ones in the workspace.
 */
export async function readBaseLedger(port: GitHubPort, repo: RepoRef, path: string, baseSha: string, now?: Date): Promise<Ledger> {
  const file = await port.getFile(repo, path, baseSha);
  if (file === null) return emptyLedger(path);
  try {
    return parseLedger(file.content, path, now ? { now } : {});
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const at = baseSha.slice(0, 7);
    throw new ValidationError(
      err.problems.map((p) => ({ ...p, message: `in the base branch's ledger (commit ${at}): ${p.message}` })),
    );
  }
}
