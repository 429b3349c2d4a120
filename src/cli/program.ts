// The command line: the action's engine (settings, roster, ledger, plan, apply, export) on an
// admin's machine. Every flag is an action input fed through the same settings module, so a
// value the action refuses, the CLI refuses with the same message. Without --ledger-branch no
// GitHub: the ledger is written to the local file (commit-ledger: false), and committing it is
// the user's step; with it, plan and apply read and commit the ledger on that branch as the
// action does (GITHUB_TOKEN and GITHUB_REPOSITORY from the environment).
import { Command, CommanderError, Option } from 'commander';
import path from 'node:path';
import { exportRosterFile } from '../run/export.ts';
import { labelStudioClient } from '../run/label-studio-client.ts';
import { loadFiles } from '../run/load-files.ts';
import { formatProblem, InputError, ValidationError } from '../core/problems.ts';
import { createGitHubPort } from '../github/octokit.ts';
import { VERSION } from './version.ts';
import { planFileJson } from '../report/plan-file.ts';
import { InputErrors, readSettings, type InputName, type Mode, type Settings } from '../inputs/settings.ts';
import { sync } from '../run/sync.ts';
import { runWorkspace } from '../files/workspace.ts';
import { countingWrites, createProgress } from './progress.ts';
import { renderAudit, renderExported, renderRun, renderValid } from './render.ts';
import { clean, colorsFor, type Colors } from './text.ts';
import { auditLedger } from './verify-ledger.ts';

export const TOKEN_ENV = 'LABEL_STUDIO_TOKEN';
export const URL_ENV = 'LABEL_STUDIO_URL';
export const GITHUB_TOKEN_ENV = 'GITHUB_TOKEN';
export const REPOSITORY_ENV = 'GITHUB_REPOSITORY';

/** Exit codes: non-zero whenever the action's step would fail. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

type Flags = Record<string, string | boolean | undefined>;

const camel = (name: string) => name.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** Flags named after action inputs; each command takes the ones its mode reads. */
const INPUT_FLAGS: Partial<Record<InputName, { flag: string; help: string }>> = {
  'label-studio-url': { flag: '--label-studio-url <url>', help: `base URL of Label Studio, e.g. https://app.humansignal.com (default: $${URL_ENV})` },
  'organization-id': { flag: '--organization-id <id>', help: "organization to sync (default: the roster's organization, else the token user's active one)" },
  roster: { flag: '--roster <path>', help: 'roster file, relative to --workspace (default: members.yaml)' },
  ledger: { flag: '--ledger <path>', help: 'seat ledger, relative to --workspace (default: seat-ledger.jsonl)' },
  concurrency: { flag: '--concurrency <n>', help: 'most API requests in flight at once (default: 4)' },
  'delay-ms': { flag: '--delay-ms <ms>', help: 'least time between the starts of two API requests (default: 250)' },
  'max-retries': { flag: '--max-retries <n>', help: 'retries of one request on 429, 5xx and network errors (default: 5)' },
  'request-timeout-ms': { flag: '--request-timeout-ms <ms>', help: 'per request attempt (default: 30000)' },
  'min-seat-days': { flag: '--min-seat-days <days>', help: 'least days a seat stays with a user before release (default: 7)' },
  'seat-limit': { flag: '--seat-limit <n>', help: "licensed seats, or auto (the organization's seat report says); activations wait for a free seat (default: unknown)" },
  unmanaged: { flag: '--unmanaged <policy>', help: 'members in neither members nor ignore: ignore, warn or deactivate (default: warn)' },
  'max-changes': { flag: '--max-changes <n|n%>', help: 'most changes one run may write, e.g. 25 or 10% (default: 25)' },
  'fail-on-deferred': { flag: '--fail-on-deferred', help: 'exit 1 when the seat rule deferred a change' },
  'as-of': { flag: '--as-of <time>', help: 'what-if: evaluate the plan at this ISO-8601 time (plan only)' },
  'ledger-branch': {
    flag: '--ledger-branch <branch>',
    help: `read and commit the ledger on this branch through the GitHub API, as the action does ($${GITHUB_TOKEN_ENV} and $${REPOSITORY_ENV} required)`,
  },
};

const API_INPUTS: InputName[] = ['label-studio-url', 'organization-id', 'concurrency', 'delay-ms', 'max-retries', 'request-timeout-ms'];
const PLAN_INPUTS: InputName[] = [...API_INPUTS, 'roster', 'ledger', 'min-seat-days', 'seat-limit', 'unmanaged', 'max-changes', 'fail-on-deferred', 'ledger-branch'];
const EXPORT_INPUTS: InputName[] = [...API_INPUTS, 'roster', 'ledger', 'min-seat-days', 'seat-limit', 'ledger-branch'];

const TOKEN_HELP = `
The token is read only from the environment variable ${TOKEN_ENV} (an Administrator's legacy
token or personal access token), never from a flag, so it stays out of shell history and the
process list. For example:  read -rs ${TOKEN_ENV} && export ${TOKEN_ENV}`;

const LEDGER_HELP = `
Without --ledger-branch, no GitHub here: the seat ledger is written to the local file only (the
action's commit-ledger: false). Commit it yourself right after the run (git add
seat-ledger.jsonl && git commit && git push); until it is committed, the crash guarantee of the
write-ahead intent lines rests on that file alone.
With --ledger-branch (the action's ledger-branch), the ledger is read from and committed to that
branch through the GitHub API before and after the writes, exactly as the action commits it:
export ${GITHUB_TOKEN_ENV} (a token that may push to that branch) and ${REPOSITORY_ENV}=owner/repo.`;

const EXIT_HELP = `
Exit codes: 0 success; 1 the run failed as the action's step would (a change refused or failed,
max-changes exceeded, --fail-on-deferred with a deferred change, Label Studio unreachable, the
wrong organization); 2 invalid flags, roster or ledger (nothing was sent).`;

/** What every command shares: the streams, the token, and printing that never shows the token. */
interface Cli {
  io: CliIo;
  out: Colors;
  err: Colors;
  token: string | null;
  githubToken: string | null;
  /** A line to stdout: what the command produces. */
  print: (s: string) => void;
  /** A line to stderr: problems and progress. */
  say: (s: string) => void;
}

function cliFor(io: CliIo): Cli {
  const token = io.env[TOKEN_ENV]?.trim() || null;
  const githubToken = io.env[GITHUB_TOKEN_ENV]?.trim() || null;
  // Whatever is printed, a token never is: error texts are built without it, and this is the net.
  const redact = (s: string) => [token, githubToken].reduce<string>((text, t) => (t ? text.split(t).join('***') : text), s);
  return {
    io,
    out: colorsFor(io.stdout, io.env),
    err: colorsFor(io.stderr, io.env),
    token,
    githubToken,
    print: (s) => io.stdout.write(`${redact(s)}\n`),
    say: (s) => io.stderr.write(`${redact(s)}\n`),
  };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const cli = cliFor(io);
  let exitCode: number = EXIT.ok;
  const run = (command: (flags: Flags) => Promise<number>) => async (flags: Flags) => {
    exitCode = await command(flags);
  };

  const program = new Command('label-studio-roster-sync')
    .description('Keep a Label Studio Enterprise organization equal to members.yaml, honouring the minimum seat period.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .addHelpText('after', `${TOKEN_HELP}\n${EXIT_HELP}`)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const command = (name: string, summary: string, inputs: InputName[], extra: string) => {
    const c = program.command(name).description(summary).addHelpText('after', extra);
    for (const input of inputs) {
      const spec = INPUT_FLAGS[input]!;
      c.addOption(new Option(spec.flag, spec.help));
    }
    c.addOption(new Option('--workspace <dir>', 'directory the roster and ledger paths are relative to, and must stay inside (default: the current directory)'));
    return c;
  };

  command('plan', 'Show what apply would change (a dry run: reads Label Studio, writes nothing).', [...PLAN_INPUTS, 'as-of'], `${TOKEN_HELP}\n${EXIT_HELP}`)
    .addOption(new Option('--json', 'print the plan file JSON (the action\'s plan-file output) instead of the table'))
    .action(run((flags) => planOrApply(cli, 'plan', flags, [...PLAN_INPUTS, 'as-of'])));

  command('apply', 'Make the organization equal to the roster, then append the changes to the local seat ledger.', PLAN_INPUTS, `${TOKEN_HELP}\n${LEDGER_HELP}\n${EXIT_HELP}`)
    .addOption(new Option('--json', 'print the outcome as plan file JSON instead of the table'))
    .action(run((flags) => planOrApply(cli, 'apply', flags, PLAN_INPUTS)));

  command('validate', 'Check the roster and the ledger offline (no request at all; no token needed).', ['roster', 'ledger'], EXIT_HELP).action(
    run((flags) => validate(cli, flags)),
  );

  command('export', 'Write the live organization as a roster (edits --roster in place when it exists).', EXPORT_INPUTS, `${TOKEN_HELP}\n${EXIT_HELP}`).action(
    run((flags) => exportRoster(cli, flags)),
  );

  command(
    'verify-ledger',
    'For auditors: check the ledger\'s hash chain, numbering and time rules; list open seats, cooling seats and unresolved intents.',
    ['ledger', 'min-seat-days'],
    VERIFY_LEDGER_HELP,
  )
    .addOption(new Option('--json', 'print the audit as JSON'))
    .action(run((flags) => verifyLedger(cli, flags)));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; a usage error with 1, which is ours to map.
      return e.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    return reportError(e, cli.say, cli.err);
  }
  return exitCode;
}

const VERIFY_LEDGER_HELP = `
Checks every rule the action checks before it runs (docs/seat-rule.md): each line parses, seq counts
from 1 with no gap, prev is the SHA-256 of the previous line, times never go backwards, and no
line is more than 5 minutes in the future. Then prints, per user, the open seat and since when,
seats still cooling, and intent lines with no later line for that user (unresolved intents: the
next apply resolves them, worst case first). No token and no network.
${EXIT_HELP.replace('0 success', '0 the ledger is valid').replace(/; 1 the run failed[^;]*;/, '; 1 the ledger is invalid (every problem is listed with its line);')}`;

/** The action's settings from the command's flags, read by the action's own settings module. */
function settingsFor(cli: Cli, mode: Mode, flags: Flags, inputs: InputName[]): Settings {
  const values: Record<string, string> = { mode, 'commit-ledger': 'false', comment: 'false' };
  for (const input of inputs) {
    const v = flags[camel(input)];
    if (v !== undefined) values[input] = v === true ? 'true' : String(v);
  }
  if (inputs.includes('label-studio-url') && values['label-studio-url'] === undefined && cli.io.env[URL_ENV]) values['label-studio-url'] = cli.io.env[URL_ENV]!;
  if (mode !== 'validate') values['label-studio-token'] = cli.token ?? '';
  const workspace = path.resolve(cli.io.cwd, typeof flags.workspace === 'string' ? flags.workspace : '.');
  if (values['ledger-branch']) return ledgerBranchSettings(cli, values, workspace);
  // Only what the settings module needs: none of the runner's variables leak in from a CI shell.
  return readSettings((name) => values[name] ?? '', { GITHUB_WORKSPACE: workspace });
}

/** The way back for an admin's local apply: the ledger of record, read and committed as the action does. */
function ledgerBranchSettings(cli: Cli, values: Record<string, string>, workspace: string): Settings {
  values['commit-ledger'] = 'true';
  values['github-token'] = cli.githubToken ?? '';
  const repository = cli.io.env[REPOSITORY_ENV]?.trim();
  const missing = [cli.githubToken ? null : GITHUB_TOKEN_ENV, repository ? null : REPOSITORY_ENV].filter(Boolean);
  if (missing.length > 0) {
    throw new InputErrors([
      new InputError('ledger-branch', `needs ${missing.join(' and ')} in the environment (a token that may push to the branch, and owner/repo); expected e.g. export ${REPOSITORY_ENV}=acme/roster`),
    ]);
  }
  return readSettings((name) => values[name] ?? '', {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: repository!,
    ...(cli.io.env.GITHUB_API_URL ? { GITHUB_API_URL: cli.io.env.GITHUB_API_URL } : {}),
  });
}

function client(cli: Cli, settings: Settings) {
  return labelStudioClient(settings, { log: cli.io.env.LSRS_DEBUG ? (m) => cli.say(cli.err.dim(m)) : undefined });
}

async function planOrApply(cli: Cli, mode: 'plan' | 'apply', flags: Flags, inputs: InputName[]): Promise<number> {
  const settings = settingsFor(cli, mode, flags, inputs);
  const { workspace } = runWorkspace(settings);
  const files = await loadFiles(settings, workspace, new Date());
  const ls = client(cli, settings);
  const progress = mode === 'apply' ? createProgress(cli.io.stderr, cli.say) : null;
  const log = {
    info: (m: string) => cli.say(cli.err.dim(clean(m))),
    warning: (m: string) => cli.say(cli.err.yellow(`warning: ${clean(m)}`)),
  };
  try {
    const result = await sync(settings, files, {
      labelStudio: countingWrites(ls, progress),
      github: settings.ledgerBranch !== null && settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null,
      workspace,
      clock: () => new Date(),
      log,
      onApplyStart: (n) => progress?.start(n),
    });
    progress?.stop();
    if (flags.json) cli.print(JSON.stringify(planFileJson(result), null, 2));
    else cli.print(renderRun(result, cli.out, settings.rosterFile));
    return result.failures.length > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    progress?.stop();
    await ls.close();
  }
}

async function validate(cli: Cli, flags: Flags): Promise<number> {
  const settings = settingsFor(cli, 'validate', flags, ['roster', 'ledger']);
  const files = await loadFiles(settings, runWorkspace(settings).workspace, new Date());
  cli.print(renderValid(files, settings, cli.out));
  return EXIT.ok;
}

async function exportRoster(cli: Cli, flags: Flags): Promise<number> {
  const settings = settingsFor(cli, 'export', flags, EXPORT_INPUTS);
  const ls = client(cli, settings);
  try {
    const github = settings.ledgerBranch !== null && settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null;
    const r = await exportRosterFile(settings, ls, runWorkspace(settings).workspace, { github });
    cli.print(renderExported({ rosterFile: settings.rosterFile, ...r }));
    return EXIT.ok;
  } finally {
    await ls.close();
  }
}

async function verifyLedger(cli: Cli, flags: Flags): Promise<number> {
  const settings = settingsFor(cli, 'validate', flags, ['ledger', 'min-seat-days']);
  const bytes = await runWorkspace(settings).workspace.read(settings.ledgerPath);
  if (bytes === null) throw new ValidationError([{ file: settings.ledgerFile, line: 1, column: 1, message: 'the ledger does not exist; check --ledger and --workspace' }]);
  let audit;
  try {
    audit = auditLedger(bytes, settings.ledgerFile, new Date(), settings.minSeatDays);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) cli.say(cli.err.red(`${formatProblem(p)}`));
    cli.say(cli.err.red(`${settings.ledgerFile}: INVALID, ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}. Restore it from git history (git log -p -- ${settings.ledgerFile}).`));
    return EXIT.failed;
  }
  cli.print(flags.json ? JSON.stringify(audit, null, 2) : renderAudit(audit, cli.out, settings.minSeatDays));
  return EXIT.ok;
}

function reportError(e: unknown, say: (s: string) => void, c: ReturnType<typeof colorsFor>): number {
  if (e instanceof ValidationError) {
    for (const p of e.problems) say(c.red(formatProblem(p)));
    say(c.red(`Nothing was sent: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} found. Fix the file at the line shown, then run again.`));
    return EXIT.invalid;
  }
  if (e instanceof InputErrors) {
    for (const ie of e.errors) say(c.red(flagMessage(ie.input, ie.message)));
    say(c.red('Nothing was sent. See --help for the accepted values.'));
    return EXIT.invalid;
  }
  say(c.red(`error: ${clean(e instanceof Error ? e.message : String(e))}`));
  return EXIT.failed;
}

/** Says the flag (or the environment variable) where the action's message says the input. */
function flagMessage(input: string, message: string): string {
  if (input === 'label-studio-token') {
    return `error: ${TOKEN_ENV} is not set: this command needs a Label Studio token. Set it without putting it in your shell history: read -rs ${TOKEN_ENV} && export ${TOKEN_ENV}`;
  }
  const text = message.replace(`Input '${input}'`, `--${input}`);
  if (input === 'label-studio-url') return `error: ${text} (or set ${URL_ENV})`;
  return `error: ${text}`;
}
