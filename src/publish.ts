import * as core from '@actions/core';
import type { GitHubPort } from './github/port.ts';
import { upsertPlanComment } from './github/plan-comment.ts';
import { changeAnnotations } from './report/annotations.ts';
import { PLAN_COMMENT_MARKER, renderComment, renderReport } from './report/markdown.ts';
import { outputsFor } from './report/outputs.ts';
import { writePlanFile } from './report/plan-file.ts';
import type { RunResult } from './run-result.ts';
import { repoRef } from './sync.ts';
import type { Settings } from './settings.ts';

/**
 * Everything a finished run shows: the plan file, the outputs, annotations on the roster, the job
 * summary and, on pull requests, the sticky comment. A comment that cannot be written is a
 * warning: the step's result never depends on it (SPEC 10).
 */
export async function publish(
  result: RunResult,
  settings: Settings,
  github: GitHubPort | null,
  pullRequest: number | null,
): Promise<void> {
  const planFile = await writePlanFile(result, settings.runnerTemp);
  for (const [name, value] of Object.entries(outputsFor(result, planFile))) core.setOutput(name, value);

  for (const a of changeAnnotations(result, settings.rosterFile)) {
    const props = { title: a.title, file: a.file, startLine: a.line, ...(a.column ? { startColumn: a.column } : {}) };
    if (a.level === 'error') core.error(a.message, props);
    else core.warning(a.message, props);
  }
  for (const notice of result.notices) core.notice(notice);
  if (result.ledger.status === 'failed' && result.ledger.message) core.error(result.ledger.message);

  await writeSummary(renderReport(result, { runUrl: settings.runUrl, rosterFile: settings.rosterFile }));

  if (pullRequest !== null && settings.comment) {
    const repo = repoRef(settings);
    if (!github || !repo) {
      core.warning('The plan comment was not written: no github-token or GITHUB_REPOSITORY. The plan is in the job summary.');
      return;
    }
    try {
      const body = renderComment(result, settings.runUrl, { rosterFile: settings.rosterFile });
      const { action } = await upsertPlanComment(github, { repo, issueNumber: pullRequest, body, marker: PLAN_COMMENT_MARKER, runUrl: settings.runUrl });
      core.info(`Plan comment ${action} on pull request #${pullRequest}.`);
    } catch (err) {
      core.warning(
        `The plan comment could not be written on pull request #${pullRequest} (${err instanceof Error ? err.message : String(err)}). ` +
          'Fork pull requests and tokens without `pull-requests: write` cannot comment; the plan is in the job summary.',
      );
    }
  }
}

/** The job summary, when the runner gives one; outside it the report goes to the log. */
export async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
  else core.info(markdown);
}
