import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { exportRoster } from './export.ts';
import { createGitHubPort } from '../github/octokit.ts';
import { parseRepository, type GitHubPort } from '../github/port.ts';
import type { LabelStudioClient } from '../labelstudio/client.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { loadFiles } from '../run/load-files.ts';
import { formatProblem, ValidationError } from '../core/problems.ts';
import { postComment, publish, writeReport, type CommentTarget, type PullRequestRef } from './publish.ts';
import { plainText } from '../report/escape.ts';
import { renderFailureComment, renderFailureSummary, renderValidateSummary, type ReportContext } from '../report/markdown.ts';
import { runFailureMessage, type RunFailure } from '../report/messages.ts';
import { InputErrors, PLAN_EVENTS, runnerContext, type Settings } from '../inputs/settings.ts';
import { sync } from '../run/sync.ts';
import { openLedgerStore, runEventOf } from '../ledger-store/store.ts';
import { locate, runWorkspace } from '../files/workspace.ts';


/** What the entry (main.ts) did before the rest of the action was loaded. */
export type Started =
  | {
      settings: Settings;
      /** Plan, apply and export: the Label Studio client, secrets masked. */
      client: LabelStudioClient | null;
      /** Plan and apply: that client behind a read-ahead, its reads already under way (run/read-ahead.ts). */
      labelStudio: LabelStudio | null;
    }
  | { error: unknown };

/**
 * The steps after the inputs: files → (validate | export | plan/apply) → report. Every fault in
 * the inputs or files is found before the first write, so a bad roster never half-applies; the
 * reads of a plan or apply are already under way beside the file checks.
 */
export async function runSteps(started: Started): Promise<void> {
  // What the failure path needs to update the pull request's comment, as far as the run got.
  const state: FailState = { settings: null, event: null, github: null, client: null };
  try {
    if ('error' in started) throw started.error;
    const { settings, client, labelStudio } = started;
    state.settings = settings;
    state.client = client;
    state.event = await readEvent(settings.eventPath);

    const { workspace, roster: rosterFile } = runWorkspace(settings);

    // Export writes the roster: it must neither need one nor stop on the one it replaces.
    if (settings.mode === 'export' && client) {
      // Where it will write is checked before the first request, not after the last.
      await locate(settings.workspace, rosterFile);
      await exportRoster(settings, client, workspace);
      return;
    }

    const files = await loadFiles(settings, workspace, new Date());
    const github: GitHubPort | null = settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null;
    state.github = github;
    const event = state.event;
    const runEvent = runEventOf(settings.eventName, event);
    const clock = () => new Date();
    if (!client || !labelStudio) {
      // validate on a pull request or merge group with a token: the guard forks get from their only check.
      const askedGitHub = runEvent.proposal !== null && (await openLedgerStore(settings, { github, clock, log: core, event: runEvent }).checkProposal(files.ledger));
      await writeReport(
        renderValidateSummary({
          rosterFile: settings.rosterFile,
          ledgerFile: settings.ledgerFile,
          members: files.roster.members.length,
          ignore: files.roster.ignore.length,
          events: files.ledger.events.length,
          ledgerBranch: settings.ledgerBranch,
          askedGitHub,
        }),
        settings.runnerTemp,
      );
      core.info(
        settings.ledgerBranch === null
          ? `${settings.rosterFile} and ${settings.ledgerFile} are valid.`
          : `${settings.rosterFile} is valid. The ledger lives on the branch ${settings.ledgerBranch} (ledger-branch), so only the roster was checked.`,
      );
      return;
    }

    const pullRequest = pullRequestOf(settings.eventName, event, settings);
    const result = await sync(settings, files, { labelStudio, github, workspace, clock, log: core, event: runEvent });
    await publish(result, settings, github, settings.mode === 'plan' ? pullRequest : null);
    core.info(
      `Requests to Label Studio: ${client.stats.requests} (${client.stats.retries} retries, ${client.stats.throttled} throttled, ${client.stats.refreshes} token refreshes).`,
    );
  } catch (err) {
    await fail(err, state);
  } finally {
    // Also ends the reads a stopped run started early: those waiting for their turn fail at once.
    await state.client?.close();
  }
}

interface FailState {
  settings: Settings | null;
  event: EventPayload | null;
  github: GitHubPort | null;
  client: LabelStudioClient | null;
}

/**
 * Every failure before or outside the plan: annotate where it is, say so in the job summary,
 * fail the step, and on a pull request's plan update the sticky comment, so that it never keeps
 * describing an older commit. Nothing was written when this runs for invalid inputs
 * or files. The comment is a courtesy: its own failure is a warning.
 */
async function fail(err: unknown, state: FailState): Promise<void> {
  let failure: RunFailure;
  if (err instanceof ValidationError) {
    for (const p of err.problems) {
      core.error(plainText(p.message), { title: 'Invalid file', file: p.file, startLine: p.line, startColumn: p.column });
    }
    failure = { kind: 'invalid-files', problems: err.problems };
    core.setFailed(plainText(runFailureMessage(failure, formatProblem), 60_000));
  } else if (err instanceof InputErrors) {
    for (const e of err.errors) core.error(plainText(e.message), { title: `Invalid input ${e.input}` });
    failure = { kind: 'invalid-inputs', errors: err.errors };
    core.setFailed(runFailureMessage(failure, formatProblem));
  } else {
    failure = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    core.setFailed(plainText(runFailureMessage(failure, formatProblem)));
  }
  try {
    const target = await failureCommentTarget(state);
    const ctx: ReportContext = {
      now: new Date(),
      runUrl: target.runUrl,
      rosterFile: state.settings?.rosterFile ?? (core.getInput('roster').trim() || 'members.yaml'),
      head: target.pullRequest?.head ?? null,
    };
    await writeReport(renderFailureSummary(failure, ctx), state.settings?.runnerTemp ?? runnerContext(process.env).runnerTemp);
    if (target.comment && target.pullRequest) await postComment(renderFailureComment(failure, ctx), { ...target.comment, pullRequest: target.pullRequest.number });
  } catch {
    // The summary and comment are a courtesy here: the step has already failed with the reason.
  }
}

/**
 * Where the failure path may comment: only a plan on a pull request, as a successful plan would.
 * When the inputs themselves were invalid there are no settings, so the few values the comment
 * needs are read as given (the github-token masked first), never trusted for anything else.
 */
async function failureCommentTarget(state: FailState): Promise<{
  runUrl: string | null;
  pullRequest: PullRequestRef | null;
  comment: Omit<CommentTarget, 'pullRequest'> | null;
}> {
  if (state.settings) {
    const s = state.settings;
    const pullRequest = s.mode === 'plan' ? pullRequestOf(s.eventName, state.event, s) : null;
    const github = state.github ?? (s.githubToken ? createGitHubPort(s.githubToken, s.apiUrl) : null);
    return { runUrl: s.runUrl, pullRequest, comment: { enabled: s.comment, github, repo: parseRepository(s.repository) } };
  }
  const runner = runnerContext(process.env);
  const mode = core.getInput('mode').trim().toLowerCase();
  const event = await readEvent(runner.eventPath);
  const pullRequest = mode === '' || mode === 'auto' || mode === 'plan' ? pullRequestOf(runner.eventName, event, runner) : null;
  const token = core.getInput('github-token').trim();
  if (token) core.setSecret(token);
  const enabled = core.getInput('comment').trim().toLowerCase() !== 'false';
  return {
    runUrl: runner.runUrl,
    pullRequest,
    comment: { enabled, github: token ? createGitHubPort(token, runner.apiUrl) : null, repo: parseRepository(runner.repository) },
  };
}

interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: string }; head?: { sha?: string } };
}

async function readEvent(eventPath: string | null): Promise<EventPayload | null> {
  if (!eventPath) return null;
  try {
    return JSON.parse(await readFile(eventPath, 'utf8')) as EventPayload;
  } catch {
    return null;
  }
}

/** The pull request of a pull-request event, with its head commit as the comment names it. */
function pullRequestOf(
  eventName: string | null,
  event: EventPayload | null,
  runner: { serverUrl: string; repository: string | null },
): PullRequestRef | null {
  if (!PLAN_EVENTS.has(eventName ?? '')) return null;
  const number = event?.pull_request?.number;
  if (typeof number !== 'number') return null;
  const sha = event?.pull_request?.head?.sha;
  // Only a hex commit id goes into the comment's link; anything else is left unnamed.
  const head = typeof sha === 'string' && /^[0-9a-f]{40,64}$/i.test(sha) ? {
    sha,
    url: runner.repository ? `${runner.serverUrl}/${runner.repository}/pull/${number}/commits/${sha}` : null,
  } : null;
  return { number, head };
}
