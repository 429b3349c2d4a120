import type { Plan } from '../core/change.ts';
import type { LedgerEvent } from '../files/ledger.ts';

export type RunMode = 'plan' | 'apply';

/** How the ledger left this run: what the report and the `ledger-changed` output say. */
export type LedgerCommitStatus =
  | 'committed' // written to the branch through the GitHub API
  | 'written' // changed in the workspace only (commit-ledger: false)
  | 'unchanged' // nothing to append
  | 'failed' // the commit failed after its retries: the ledger is left in the workspace
  | 'plan-mode'; // plans never write the ledger

/** Everything a report needs about one finished run. */
export interface RunResult {
  mode: RunMode;
  /** Statuses are final: `planned` in plan mode, `applied`/`failed`/… after an apply. */
  plan: Plan;
  generatedAt: Date;
  runUrl: string | null;
  ledger: {
    file: string;
    appended: LedgerEvent[];
    changed: boolean;
    status: LedgerCommitStatus;
    /** Why a commit failed, or where the ledger was left. */
    message: string | null;
  };
  /** Plain sentences for the reader, e.g. that the first run on an organization starts every seat's clock. */
  notices: string[];
  /** Why the step fails, or null when it succeeds. */
  failure: string | null;
}
