import type { Plan } from '../core/change.ts';
import type { LedgerEvent } from '../files/ledger.ts';
import type { SeatLimitSource, SeatReportStatus } from './seat-report.ts';

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
    /** What happened to the record, as facts: `report/messages.ts` words them. */
    detail: LedgerDetail | null;
  };
  /** When live state was read: the time observed seats are recorded at (their clock starts then). */
  observedAt: Date;
  /** The seat rule the plan was made with, for the report's sentences about waiting. */
  seatRule: { minSeatDays: number; seatLimit: number | null; limitSource?: SeatLimitSource['source'] };
  /** Whether the vendor's seat report was read, and why not; what it said is in `plan.seatReport`. */
  seatReport?: { status: SeatReportStatus; problem: string | null };
  /** Why the step fails, as facts (empty when it succeeds); `report/` words them. */
  failures: FailureReason[];
}

/** Each reason a finished run fails the step. */
export type FailureReason =
  | { kind: 'max-changes'; planned: number; limit: number }
  | { kind: 'refused'; count: number }
  | { kind: 'failed'; count: number }
  | { kind: 'deferred'; count: number } // fail-on-deferred
  | { kind: 'ledger-commit' };

/** How the ledger left the run, beyond its status. */
export type LedgerDetail =
  /** commit-ledger: false: the lines are in the workspace file only. */
  | { kind: 'workspace-only' }
  | { kind: 'committed'; branch: string; events: number }
  /** The commit before any write failed, so nothing was sent. `stale`: another run committed first. */
  | { kind: 'write-ahead-failed'; reason: string; stale: boolean }
  /** The commit after the writes failed; the ledger is left in the workspace. */
  | { kind: 'record-failed'; reason: string };
