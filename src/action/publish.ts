import * as core from '@actions/core';
import { parseRepository, type GitHubPort, type RepoRef } from '../github/port.ts';
import { upsertPlanComment } from '../github/plan-comment.ts';
import { changeAnnotations } from '../report/annotations.ts';
import { plainText } from '../report/escape.ts';
import { PLAN_COMMENT_MARKER, renderComment, renderSummary, type HeadCommit, type ReportContext } from '../report/markdown.ts';
import { failureMessage, seatNotices, ledgerMessage } from '../report/messages.ts';
import { outputsFor } from '../report/outputs.ts';
import { writePlanFile } from '../report/plan-file.ts';
import { writeReportFile } from '../report/report-file.ts';
import type { RunResult } from '../run/run-result.ts';
import type { Settings } from '../inputs/settings.ts';

/** The pull request a plan describes: its number and head commit (from the event payload). */
export interface PullRequestRef {
  number: number;
  head: HeadCommit | null;
}

/** Where and whether the sticky comment is written; the fail path builds it without full settings. */
export interface CommentTarget {
  enabled: boolean;
  github: GitHubPort | null;
  repo: RepoRef | null;
  pullRequest: number;
}

/**
 * Everything a finished run shows: the plan file, the outputs, annotations on the roster, the job
 * summary and, on pull requests, the sticky comment. Wording is all in `report/`; this only
 * sends it. A comment that cannot be written is a warning: the step's result never depends on
 * it.
 */
export async function publish(
  result: RunResult,
  settings: Settings,
  github: GitHubPort | null,
  pullRequest: PullRequestRef | null,
): Promise<void> {
  const ctx: ReportContext = { now: result.generatedAt, runUrl: settings.runUrl, rosterFile: settings.rosterFile, head: pullRequest?.head ?? null };
  const summary = renderSummary(result, ctx);
  const planFile = await writePlanFile(result, settings.runnerTemp);
  const reportFile = await writeReportFile(summary, settings.runnerTemp);
  for (const [name, value] of Object.entries(outputsFor(result, planFile, reportFile))) core.setOutput(name, value);

  for (const a of changeAnnotations(result, settings.rosterFile)) {
    const props = { title: a.title, file: a.file, startLine: a.line, ...(a.column ? { startColumn: a.column } : {}) };
    if (a.level === 'error') core.error(a.message, props);
    else core.warning(a.message, props);
  }
  for (const notice of seatNotices(result, (d) => d.toISOString())) core.notice(plainText(notice));
  const ledgerNote = ledgerMessage(result.ledger);
  if (result.ledger.status === 'failed' && ledgerNote) core.error(plainText(ledgerNote));

  await writeSummary(summary);

  if (pullRequest !== null) {
    await postComment(renderComment(result, ctx), {
      enabled: settings.comment,
      github,
      repo: parseRepository(settings.repository),
      pullRequest: pullRequest.number,
    });
  }
  const failure = failureMessage(result.failures);
  if (failure) core.setFailed(failure);
}

/** Creates or updates the sticky comment; any failure is a warning. */
export async function postComment(body: string, target: CommentTarget): Promise<void> {
  if (!target.enabled) return;
  if (!target.github || !target.repo) {
    core.warning('The plan comment was not written: no github-token or GITHUB_REPOSITORY. The plan is in the job summary.');
    return;
  }
  try {
    const { action } = await upsertPlanComment(target.github, { repo: target.repo, issueNumber: target.pullRequest, body, marker: PLAN_COMMENT_MARKER });
    core.info(`Plan comment ${action} on pull request #${target.pullRequest}.`);
  } catch (err) {
    core.warning(
      plainText(
        `The plan comment could not be written on pull request #${target.pullRequest} (${err instanceof Error ? err.message : String(err)}). ` +
          'Fork pull requests and tokens without `pull-requests: write` cannot comment; the plan is in the job summary.',
      ),
    );
  }
}

/**
 * The job summary, when the runner gives one; outside it the report goes to the log. Every
 * summary comes from `report/`, already cut to GitHub's 1 MiB limit.
 */
export async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
  else core.info(markdown);
}

/**
 * The report of a run that ends without a plan (validate, export, a failure before the plan):
 * the `report-file` output and the job summary, the same text.
 */
export async function writeReport(markdown: string, runnerTemp: string): Promise<void> {
  core.setOutput('report-file', await writeReportFile(markdown, runnerTemp));
  await writeSummary(markdown);
}
