import { countByStatus, nextEligibleAt } from '../core/change.ts';
import type { RunResult } from '../run/run-result.ts';

/** The names of action.yml's outputs, in its order. */
export const OUTPUT_NAMES = [
  'plan-file',
  'changes',
  'applied',
  'deferred',
  'refused',
  'failed',
  'unmanaged',
  'drift',
  'next-eligible-at',
  'ledger-changed',
  'report-file',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/**
 * Every output the action declares, as the strings `core.setOutput` writes.
 *
 * `drift` is true when the live organization differs from the roster in any way the plan sees:
 * any change, whatever its status (a deferred or refused change is still a difference), or any
 * unmanaged member. It describes the state found at the start of the run, not after the apply.
 */
export function outputsFor(result: RunResult, planFilePath: string, reportFilePath: string): Record<OutputName, string> {
  const { plan } = result;
  const counts = countByStatus(plan.changes);
  const next = nextEligibleAt(plan.changes);
  return {
    'plan-file': planFilePath,
    changes: String(plan.changes.length),
    applied: String(counts.applied),
    deferred: String(counts.deferred),
    refused: String(counts.refused),
    failed: String(counts.failed),
    unmanaged: String(plan.unmanaged.length),
    drift: String(plan.changes.length > 0 || plan.unmanaged.length > 0),
    'next-eligible-at': next ? next.toISOString() : '',
    'ledger-changed': String(result.ledger.changed),
    'report-file': reportFilePath,
  };
}

/**
 * The outputs of `mode: export`: the roster now equals the organization, so a plan would find no
 * change. `drift` says whether it did not before: the export edited a roster that differed.
 */
export function exportOutputs(drifted = false): Partial<Record<OutputName, string>> {
  return { changes: '0', unmanaged: '0', drift: String(drifted), 'ledger-changed': 'false' };
}
