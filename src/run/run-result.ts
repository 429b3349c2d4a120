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
  /** When live state was read: the time observed seats are recorded at (their clock starts then). */
  observedAt: Date;
  /** The seat rule the plan was made with, for the report's sentences about waiting. */
  seatRule: { minSeatDays: number; seatLimit: number | null };
  /** Why the step fails, as facts (empty when it succeeds); `report/` words them. */
  failures: FailureReason[];
}

/** SPEC 9: each reason a finished run fails the step. */
export type FailureReason =
  | { kind: 'max-changes'; planned: number; limit: number }
  | { kind: 'refused'; count: number }
  | { kind: 'failed'; count: number }
  | { kind: 'deferred'; count: number } // fail-on-deferred
  | { kind: 'ledger-commit' };
