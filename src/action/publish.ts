import * as core from '@actions/core';
import { parseRepository, type GitHubPort } from '../github/port.ts';
import { upsertPlanComment } from '../github/plan-comment.ts';
import { changeAnnotations } from '../report/annotations.ts';
import { plainText } from '../report/escape.ts';
import { PLAN_COMMENT_MARKER, SUMMARY_MAX_BYTES, renderComment, renderReport } from '../report/markdown.ts';
import { outputsFor } from '../report/outputs.ts';
import { writePlanFile } from '../report/plan-file.ts';
import type { RunResult } from '../run/run-result.ts';
import type { Settings } from '../inputs/settings.ts';

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
  for (const notice of result.notices) core.notice(plainText(notice));
  if (result.ledger.status === 'failed' && result.ledger.message) core.error(plainText(result.ledger.message));

  await writeSummary(renderReport(result, { runUrl: settings.runUrl, rosterFile: settings.rosterFile, maxBytes: SUMMARY_MAX_BYTES }));

  if (pullRequest !== null && settings.comment) {
    const repo = parseRepository(settings.repository);
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
        plainText(
          `The plan comment could not be written on pull request #${pullRequest} (${err instanceof Error ? err.message : String(err)}). ` +
            'Fork pull requests and tokens without `pull-requests: write` cannot comment; the plan is in the job summary.',
        ),
      );
    }
  }
}

/**
 * The job summary, when the runner gives one; outside it the report goes to the log. GitHub drops
 * a summary above 1 MiB whole, so anything longer (the report cuts itself before this) loses its
 * last lines here and says so.
 */
export async function writeSummary(markdown: string): Promise<void> {
  const text = fitSummary(markdown);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(text, true).write();
  else core.info(text);
}

export function fitSummary(markdown: string, maxBytes = SUMMARY_MAX_BYTES): string {
  if (Buffer.byteLength(markdown, 'utf8') <= maxBytes) return markdown;
  const note = '\n\n---\n\n**This summary is cut to fit GitHub\'s 1 MiB limit.**';
  const lines = markdown.split('\n');
  let bytes = Buffer.byteLength(note, 'utf8');
  let kept = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > maxBytes) break;
    bytes += size;
    kept++;
  }
  return lines.slice(0, kept).join('\n') + note;
}
