import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { countByStatus } from '../core/change.ts';
import type { RunResult } from '../run/run-result.ts';

/**
 * The plan as JSON, docs/inputs-and-outputs.md field for field. Keys are written in a fixed order so two runs
 * with the same result produce the same bytes. Every change carries every key: `reason` and
 * `eligibleAt` are null when there is none, so consumers (jq, scripts) never test for absence.
 */
export function planFileJson(result: RunResult) {
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  return {
    version: 1,
    mode: result.mode,
    organization: plan.organization,
    generatedAt: result.generatedAt.toISOString(),
    asOf: plan.asOf.toISOString(),
    counts: {
      changes: plan.changes.length,
      applied: counts.applied,
      planned: counts.planned,
      deferred: counts.deferred,
      refused: counts.refused,
      failed: counts.failed,
      noop: plan.noop,
      unmanaged: plan.unmanaged.length,
    },
    changes: plan.changes.map((c) => ({
      user: { id: c.user.id, email: c.user.email },
      from: c.from,
      to: c.to,
      status: c.status,
      reason: c.reason,
      eligibleAt: c.eligibleAt ? c.eligibleAt.toISOString() : null,
      rosterLine: c.rosterLine,
    })),
    unmanaged: plan.unmanaged.map((u) => ({ user: { id: u.user.id, email: u.user.email }, role: u.role })),
  };
}

export type PlanFile = ReturnType<typeof planFileJson>;

/** Where the plan file goes under a directory, normally `RUNNER_TEMP`. */
export function planFilePath(dir: string): string {
  return path.join(dir, 'label-studio-roster-sync', 'plan.json');
}

/** Writes `<dir>/label-studio-roster-sync/plan.json` and returns its path (the `plan-file` output). */
export async function writePlanFile(result: RunResult, dir: string): Promise<string> {
  const file = planFilePath(dir);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(planFileJson(result), null, 2)}\n`, 'utf8');
  return file;
}
