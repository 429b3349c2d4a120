import { checkSeatUsage, isOrganizationScope, ORGANIZATION_SCOPE, type VendorSeatReport } from '../core/seat-report.ts';
import type { Settings } from '../inputs/settings.ts';
import { LabelStudioError } from '../labelstudio/errors.ts';
import type { LabelStudio } from '../labelstudio/port.ts';

/**
 * What became of the seat report: `read`; `refused` (401, 403, 404: the endpoint is internal and
 * a token may be refused it); `malformed` (an answer this action cannot read, or a `seat_usage`
 * that is not a licence of this organization); `failed` (no answer after the retries).
 */
export type SeatReportStatus = 'read' | 'refused' | 'malformed' | 'failed';

export interface SeatReportOutcome {
  status: SeatReportStatus;
  report: VendorSeatReport | null;
  /** Why it is missing, in words for the log and the summary; null when read. */
  problem: string | null;
}

/** Where the run's seat limit came from, and what it is. */
export interface SeatLimitSource {
  seatLimit: number | null;
  /** `input`: a number in `seat-limit`; `seat-report`: `auto`, from the report's `seat_usage.limit`. */
  source: 'input' | 'seat-report' | null;
}

/** `seat-limit: auto` could not be honoured: the run stops before any write. */
export class SeatLimitAutoError extends Error {
  constructor(problem: string) {
    super(
      `seat-limit is auto, but the organization's seat report gives no limit this action can use: ${problem}. ` +
        'Nothing was written. Set seat-limit to the number of licensed seats, or let the token user read the seat report ' +
        '(an internal Label Studio Enterprise endpoint: ask the vendor).',
    );
    this.name = 'SeatLimitAutoError';
  }
}

/** The settings the seat limit comes from: a number, or `auto` to take the report's. */
export type SeatReportSettings = Pick<Settings, 'seatLimit' | 'seatLimitAuto'>;

/**
 * Reads the vendor's seat report for the plan. Optional: without `seat-limit: auto`, a report that
 * is refused, malformed or missing is a warning and the run goes on as before; with `auto` it
 * stops the run, since a guessed limit would be worse than none.
 */
export async function readSeatReport(
  labelStudio: LabelStudio,
  organization: number,
  settings: SeatReportSettings,
  log: { warning(message: string): void },
): Promise<{ outcome: SeatReportOutcome; limit: SeatLimitSource }> {
  const auto = settings.seatLimitAuto;
  const outcome = await fetchReport(labelStudio, organization, auto);
  if (outcome.status !== 'read') {
    if (auto) throw new SeatLimitAutoError(outcome.problem!);
    log.warning(`The organization's seat report was not read (${outcome.problem}); seats are counted from the member list alone.`);
    return { outcome, limit: { seatLimit: settings.seatLimit, source: settings.seatLimit === null ? null : 'input' } };
  }
  if (!auto) return { outcome, limit: { seatLimit: settings.seatLimit, source: settings.seatLimit === null ? null : 'input' } };
  const usage = outcome.report!.usage;
  if (!usage) throw new SeatLimitAutoError(outcome.problem ?? 'the answer has no seat_usage');
  if (!isOrganizationScope(usage)) {
    throw new SeatLimitAutoError(
      `its seat_usage.scope is ${JSON.stringify(usage.scope).slice(0, 80)}, not ${ORGANIZATION_SCOPE}: the limit then counts users ` +
        'of other organizations too (an instance-wide licence), so it is not this organization\'s number of seats',
    );
  }
  return { outcome, limit: { seatLimit: usage.limit, source: 'seat-report' } };
}

async function fetchReport(labelStudio: LabelStudio, organization: number, auto: boolean): Promise<SeatReportOutcome> {
  if (!labelStudio.seatReport) return { status: 'refused', report: null, problem: 'this Label Studio client cannot read it' };
  let answer;
  try {
    answer = await labelStudio.seatReport(organization, { usage: auto });
  } catch (err) {
    if (!(err instanceof LabelStudioError)) throw err;
    const said = `${err.method} ${err.path} ${err.status === null ? `failed: ${err.detail}` : `answered ${err.status}${err.detail ? `: ${err.detail}` : ''}`}`;
    if (err.status === 401 || err.status === 403 || err.status === 404) return { status: 'refused', report: null, problem: `it was refused (${said})` };
    if (err.status !== null && err.status >= 200 && err.status < 300) return { status: 'malformed', report: null, problem: `its answer cannot be read (${said})` };
    return { status: 'failed', report: null, problem: `it did not answer (${said})` };
  }
  if (!auto) return { status: 'read', report: { rows: answer.rows, usage: null }, problem: null };
  const usage = checkSeatUsage(answer.usage);
  if (!usage.ok) return { status: 'malformed', report: null, problem: `its answer cannot be read (${usage.problem})` };
  return { status: 'read', report: { rows: answer.rows, usage: usage.usage }, problem: null };
}
