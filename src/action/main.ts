import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { exportRoster } from './export.ts';
import { createGitHubPort } from '../github/octokit.ts';
import type { GitHubPort } from '../github/port.ts';
import { LabelStudioClient } from '../labelstudio/client.ts';
import { emptyLedger, parseLedger } from '../files/ledger.ts';
import { formatProblem, ValidationError } from '../core/problems.ts';
import { publish, writeSummary } from './publish.ts';
import { escapeMarkdown, plainText } from '../report/escape.ts';
import { parseRoster } from '../files/roster.ts';
import { InputErrors, PLAN_EVENTS, readSettings, type Settings } from '../inputs/settings.ts';
import { checkPullRequestLedger, sync, type LoadedFiles } from '../run/sync.ts';
import { locate, runWorkspace, type Workspace } from '../files/workspace.ts';

/**
 * The orchestrator: inputs → files → (validate | export | plan/apply) → report. Every fault in
 * the inputs or files is found before the first request, so a bad roster never half-applies.
 */
export async function run(): Promise<void> {
  try {
    const settings = readSettings((name) => core.getInput(name), process.env);
    // Before anything can be logged (SPEC 10).
    if (settings.labelStudioToken) core.setSecret(settings.labelStudioToken);
    if (settings.githubToken) core.setSecret(settings.githubToken);

    const { workspace, roster: rosterFile } = runWorkspace(settings);

    // Export writes the roster: it must neither need one nor stop on the one it replaces.
    if (settings.mode === 'export') {
      // Where it will write is checked before the first request, not after the last.
      await locate(settings.workspace, rosterFile);
      const client = labelStudioClient(settings);
      try {
        await exportRoster(settings, client, workspace);
      } finally {
        await client.close();
      }
      return;
    }

    const files = await loadFiles(settings, workspace, new Date());
    if (settings.mode === 'validate') {
      await writeSummary(validateSummary(settings, files));
      core.info(`${settings.rosterFile} and ${settings.ledgerFile} are valid.`);
      return;
    }

    const github: GitHubPort | null = settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null;
    const event = await readEvent(settings);
    const pullRequest = PLAN_EVENTS.has(settings.eventName ?? '') ? (event?.pull_request?.number ?? null) : null;
    const clock = () => new Date();
    if (settings.mode === 'plan' && pullRequest !== null) {
      files.ledger = await checkPullRequestLedger(settings, files, { github, log: core, clock }, event?.pull_request?.base?.sha ?? null);
    }

    const client = labelStudioClient(settings);
    try {
      const result = await sync(settings, files, {
        labelStudio: client,
        github,
        workspace,
        clock,
        log: core,
      });
      await publish(result, settings, github, pullRequest);
      core.info(
        `Requests to Label Studio: ${client.stats.requests} (${client.stats.retries} retries, ${client.stats.throttled} throttled, ${client.stats.refreshes} token refreshes).`,
      );
      if (result.failure) core.setFailed(result.failure);
    } finally {
      await client.close();
    }
  } catch (err) {
    await fail(err);
  }
}

function labelStudioClient(settings: Settings): LabelStudioClient {
  return new LabelStudioClient({
    baseUrl: settings.labelStudioUrl!,
    token: settings.labelStudioToken!,
    concurrency: settings.concurrency,
    delayMs: settings.delayMs,
    maxRetries: settings.maxRetries,
    requestTimeoutMs: settings.requestTimeoutMs,
    onSecret: (secret) => core.setSecret(secret),
    log: (message) => core.debug(message),
  });
}

/**
 * Every failure before or outside the plan: annotate where it is, say so in the job summary, and
 * fail the step. Nothing was written when this runs for invalid inputs or files.
 */
async function fail(err: unknown): Promise<void> {
  let lines: string[];
  if (err instanceof ValidationError) {
    for (const p of err.problems) {
      core.error(plainText(p.message), { title: 'Invalid file', file: p.file, startLine: p.line, startColumn: p.column });
    }
    lines = err.problems.map(formatProblem);
    core.setFailed(plainText(`Nothing was changed: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} found.\n${lines.join('\n')}`, 60_000));
  } else if (err instanceof InputErrors) {
    for (const e of err.errors) core.error(plainText(e.message), { title: `Invalid input ${e.input}` });
    lines = err.errors.map((e) => e.message);
    core.setFailed(`Nothing was changed: ${err.errors.length} invalid input${err.errors.length === 1 ? '' : 's'}.`);
  } else {
    lines = [err instanceof Error ? err.message : String(err)];
    core.setFailed(plainText(lines[0]!));
  }
  try {
    await writeSummary(
      ['## Label Studio Roster Sync: failed', '', ...lines.map((l) => `- ${escapeMarkdown(l)}`)].join('\n'),
    );
  } catch {
    // The summary is a courtesy here: the step has already failed with the reason.
  }
}

/** Both files, read through the workspace boundary; the ledger's path is checked even when absent, as the apply writes it. */
export async function loadFiles(settings: Settings, workspace: Workspace, now: Date): Promise<LoadedFiles> {
  // Both paths are checked before either refusal is reported, so one run names every bad input.
  const inputErrors: InputErrors[] = [];
  const readOrNote = (file: string) =>
    workspace.read(file).catch((err: unknown) => {
      if (!(err instanceof InputErrors)) throw err;
      inputErrors.push(err);
      return undefined;
    });
  const rosterBytes = await readOrNote(settings.rosterPath);
  const ledgerBytes = await readOrNote(settings.ledgerPath);
  if (inputErrors.length > 0) throw new InputErrors(inputErrors.flatMap((e) => e.errors));
  if (rosterBytes === undefined || ledgerBytes === undefined) throw new Error('unreachable: a read failed without an input error');
  if (rosterBytes === null) {
    throw new ValidationError([
      {
        file: settings.rosterFile,
        line: 1,
        column: 1,
        message: `the roster does not exist; create ${settings.rosterFile} (see the README), run once with mode: export to write it from the live organization, or set the roster input`,
      },
    ]);
  }
  // Both files are checked before either error is reported, so one run shows every problem.
  const problems = [];
  let roster = null;
  let ledger = emptyLedger(settings.ledgerFile);
  try {
    roster = parseRoster(rosterBytes, settings.rosterFile);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  if (ledgerBytes !== null) {
    try {
      ledger = parseLedger(ledgerBytes, settings.ledgerFile, { now });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0 || !roster) throw new ValidationError(problems);
  return { roster, ledger };
}

interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: string } };
}

async function readEvent(settings: Settings): Promise<EventPayload | null> {
  if (!settings.eventPath) return null;
  try {
    return JSON.parse(await readFile(settings.eventPath, 'utf8')) as EventPayload;
  } catch {
    return null;
  }
}

function validateSummary(settings: Settings, files: LoadedFiles): string {
  return [
    '## Label Studio Roster Sync: validate',
    '',
    `- \`${settings.rosterFile}\`: valid, ${files.roster.members.length} members, ${files.roster.ignore.length} ignored.`,
    `- \`${settings.ledgerFile}\`: valid, ${files.ledger.events.length} events, hash chain intact.`,
    '',
    'No request was sent to Label Studio or GitHub.',
  ].join('\n');
}
