import { firstDifference, type Ledger } from '../files/ledger.ts';
import type { Problem } from '../core/problems.ts';

/**
 * A proposal's ledger must equal the one it is compared with: no line appended, removed or
 * changed. Returns the problem at the first differing line, or null. `against` names that
 * ledger in the message (it says "base branch").
 */
export function checkUnchanged(base: Ledger, head: Ledger, against: string, restoreFrom: string): Problem | null {
  const fix =
    'a pull request never changes the ledger (only the action appends to it, on the branch that holds it); ' +
    `restore it with \`git checkout ${restoreFrom} -- ${head.file}\``;
  const differs = firstDifference(head, base);
  if (differs) return { file: head.file, ...differs, message: `line ${differs.line} differs from ${against}; ${fix}` };
  if (head.lines.length > base.lines.length) {
    const added = head.lines.length - base.lines.length;
    return {
      file: head.file,
      line: base.lines.length + 1,
      column: 1,
      message: `line ${base.lines.length + 1} is not in ${against} (${added} line${added === 1 ? '' : 's'} added by this pull request); ${fix}`,
    };
  }
  if (head.lines.length < base.lines.length) {
    const removed = base.lines.length - head.lines.length;
    return {
      file: head.file,
      line: Math.max(1, head.lines.length),
      column: 1,
      message:
        `line ${head.lines.length + 1} of ${against} is missing (${removed} line${removed === 1 ? '' : 's'} removed by this pull request: ` +
        `releases it records would come early); ${fix}`,
    };
  }
  return null;
}
