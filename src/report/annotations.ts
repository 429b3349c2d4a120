import type { Change } from '../core/change.ts';
import type { RunResult } from '../run/run-result.ts';
import { plainText } from './escape.ts';

export interface ChangeAnnotation {
  level: 'warning' | 'error';
  message: string;
  file: string;
  line: number;
  column?: number;
  title: string;
}

const LEVEL = { deferred: 'warning', refused: 'error', failed: 'error' } as const;

/**
 * One annotation per change that needs the reader, on the roster line that asks for it: deferred
 * changes warn, refused and failed ones are errors. Changes with no roster line (unmanaged members
 * deactivated by policy) have nowhere to go and are left to the summary.
 */
export function changeAnnotations(result: RunResult, rosterFile: string): ChangeAnnotation[] {
  const out: ChangeAnnotation[] = [];
  for (const c of result.plan.changes) {
    if (c.rosterLine == null || !(c.status in LEVEL)) continue;
    const status = c.status as keyof typeof LEVEL;
    out.push({
      level: LEVEL[status],
      // Annotations are not Markdown, but GitHub shows them beside the pull request: no mention or link from data.
      title: plainText(`${status[0]!.toUpperCase()}${status.slice(1)}: ${who(c)} ${c.from ?? '?'} → ${c.to}`, 400),
      message: plainText(message(c)),
      file: rosterFile,
      line: c.rosterLine,
      ...(c.rosterColumn != null ? { column: c.rosterColumn } : {}),
    });
  }
  return out;
}

function who(c: Change): string {
  return c.user.email ?? (c.user.id != null ? `user id ${c.user.id}` : 'unknown user');
}

function message(c: Change): string {
  const reason = c.reason ?? 'no reason given';
  switch (c.status) {
    case 'deferred':
      return c.eligibleAt
        ? `Deferred by the seat rule: ${reason}. Eligible at ${c.eligibleAt.toISOString()}; the first run after that applies it.`
        : `Deferred by the seat rule: ${reason}. A later run applies it once a seat frees.`;
    case 'refused':
      return `Refused: ${reason}. Change this roster entry; the action will never apply it as written.`;
    default:
      return `Failed: ${reason}. The write failed after retries; the next run tries again.`;
  }
}
