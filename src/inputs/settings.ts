import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { MaxChanges, UNMANAGED_POLICIES } from '../core/policy.ts';

export { maxChangesLimit, MaxChanges, UNMANAGED_POLICIES, type UnmanagedPolicy } from '../core/policy.ts';
import { InputError } from '../core/problems.ts';

/** Every input of action.yml, in its order there. */
export const INPUT_NAMES = [
  'label-studio-url',
  'label-studio-token',
  'organization-id',
  'roster',
  'ledger',
  'mode',
  'concurrency',
  'delay-ms',
  'max-retries',
  'request-timeout-ms',
  'min-seat-days',
  'seat-limit',
  'unmanaged',
  'max-changes',
  'fail-on-deferred',
  'github-token',
  'comment',
  'commit-ledger',
  'ledger-branch',
  'as-of',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export const REQUESTED_MODES = ['auto', 'plan', 'apply', 'validate', 'export'] as const;
const RequestedMode = z.enum(REQUESTED_MODES);
export type RequestedMode = z.infer<typeof RequestedMode>;
export type Mode = Exclude<RequestedMode, 'auto'>;

/** Events whose runs only propose a change, so `auto` must not write anything on them. */
/** Events that run as a plan under `mode: auto`, and whose payload may name a pull request. */
export const PLAN_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target', 'merge_group']);

export function resolveMode(requested: RequestedMode, eventName: string | null): Mode {
  if (requested !== 'auto') return requested;
  return eventName != null && PLAN_EVENTS.has(eventName) ? 'plan' : 'apply';
}

/** Every bad input at once, so a user fixes their workflow in one round instead of one per input. */
export class InputErrors extends Error {
  readonly errors: readonly InputError[];
  constructor(errors: readonly InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

// ---------------------------------------------------------------------------------------------
// Field schemas. Each takes the raw text of one input and yields its typed value; an issue's
// message is what follows "Input 'name': " and names the bad value and what is accepted.

/** Long values are cut: a secret pasted into the wrong input should not fill the log. */
function shown(value: unknown): string {
  const s = String(value);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

const expecting = (expected: string) => ({ error: (iss: { input?: unknown }) => `got ${shown(iss.input)}; expected ${expected}` });

/** An empty or absent input means its default, as on the runner. */
const text = (byDefault: string) => z.string().optional().transform((s) => s?.trim() || byDefault);

function wholeNumber(byDefault: string, min: number, max: number) {
  const expected = expecting(`a whole number from ${min} to ${max}`);
  return text(byDefault)
    .pipe(z.string().regex(/^\d+$/, expected))
    .transform(Number)
    .pipe(z.number().min(min, expected).max(max, expected));
}

function optionalWholeNumber(hint: string) {
  const expected = expecting(`a whole number of 1 or more, or nothing ${hint}`);
  return text('')
    .pipe(z.string().regex(/^\d*$/, expected))
    .transform((s) => (s === '' ? null : Number(s)))
    .pipe(z.number().min(1, expected).max(Number.MAX_SAFE_INTEGER, expected).nullable());
}

/** `seat-limit`: a whole number of seats, `auto` (the vendor's seat report says), or nothing (unknown). */
function seatLimit() {
  const number = optionalWholeNumber('(unknown: activations are not seat-aware), or auto (the limit from the organization\'s seat report)');
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s?.trim().toLowerCase() === 'auto') return 'auto' as const;
      const parsed = number.safeParse(s);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    });
}

const YAML_BOOLEANS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'] as const;

/** The YAML 1.2 core schema booleans, as `core.getBooleanInput` accepts them. */
const boolean = (byDefault: 'true' | 'false') =>
  text(byDefault)
    .pipe(z.enum(YAML_BOOLEANS, expecting('true or false (or True, TRUE, False, FALSE)')))
    .transform((s) => s.toLowerCase() === 'true');

const secret = () => z.string().optional().transform((s) => s?.trim() || null);

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** The WHATWG parser has already normalised `127.1`, `0x7f.0.0.1` and `[0:0::1]` to canonical forms. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || LOOPBACK_V4.test(hostname);
}

function labelStudioUrl(mode: Mode | null) {
  return text('').transform((s, ctx) => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (s === '') {
      if (mode === 'validate') return null;
      return fail(
        `is required${mode ? ` in ${mode} mode` : ''}; expected the base URL of Label Studio, e.g. https://app.humansignal.com (only validate mode runs without one)`,
      );
    }
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return fail(`got ${shown(s)}; expected an absolute URL such as https://app.humansignal.com`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return fail(`got the scheme ${shown(url.protocol)}; expected an https URL such as https://app.humansignal.com`);
    }
    // The value itself is not repeated from here on: it may carry a password or a token.
    if (url.username || url.password) {
      return fail('carries credentials (user:password@host); expected a URL without them: pass the API token in label-studio-token');
    }
    const base = `${url.origin}${url.pathname}`;
    if (url.search || url.hash || s.includes('?') || s.includes('#')) {
      return fail(`has a query or fragment after ${shown(base)}; expected a base URL without "?" or "#"`);
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      return fail(
        `got ${shown(base)}; expected an https URL: plain http is accepted only for loopback hosts (localhost, 127.0.0.0/8, [::1])`,
      );
    }
    return base.replace(/\/+$/, '');
  });
}

/**
 * The vendor's curl examples show the header value (`Token abc…`), which people paste whole. The
 * scheme word is dropped here, because the client adds its own: `Token Token abc…` would be
 * refused. What is left must be one word; the value itself is never repeated in a message.
 */
const AUTH_SCHEME = /^(token|bearer)\s+/i;

function labelStudioToken(mode: Mode | null) {
  return secret()
    .transform((token) => (token === null ? null : token.replace(AUTH_SCHEME, '')))
    .superRefine((token, ctx) => {
      if (token === null && mode !== null && mode !== 'validate') {
        ctx.addIssue({
          code: 'custom',
          message: `is required in ${mode} mode; expected a Label Studio API token or personal access token, e.g. from a repository secret (only validate mode runs without one)`,
        });
      }
      if (token !== null && /\s/.test(token)) {
        ctx.addIssue({
          code: 'custom',
          message: AUTH_SCHEME.test(token)
            ? 'starts with the word Token or Bearer twice; expected only the token itself (from Label Studio: Account & Settings → Access Token), without "Token " or "Bearer " in front'
            : 'has a space or line break inside; expected one token with nothing else, as Label Studio shows it (Account & Settings → Access Token)',
        });
      }
    });
}

/** A file inside the workspace: `file` is how messages, annotations and the contents API name it. */
function workspaceFile(byDefault: string, workspace: string) {
  return text(byDefault).transform((s, ctx) => {
    const absolute = path.resolve(workspace, s);
    const relative = path.relative(workspace, absolute);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    if (relative === '' || outside || s.includes('\0')) {
      ctx.addIssue({
        code: 'custom',
        message: `got ${shown(s)}, which is ${relative === '' ? 'the workspace itself' : `outside the workspace ${workspace}`}; expected a file path relative to the workspace, e.g. ${byDefault}`,
      });
      return z.NEVER;
    }
    return { file: relative.split(path.sep).join('/'), path: absolute };
  });
}

const maxChanges = () =>
  text('25').transform((s, ctx): MaxChanges => {
    const count = /^\d+$/.exec(s);
    if (count) return { kind: 'count', value: Number(s) };
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(s);
    const value = percent ? Number(percent[1]) : NaN;
    if (value > 0 && value <= 100) return { kind: 'percent', value };
    ctx.addIssue({
      code: 'custom',
      message: `got ${shown(s)}; expected a whole number of changes of 0 or more (e.g. 25) or a share of the organization above 0% and up to 100% (e.g. 10%)`,
    });
    return z.NEVER;
  }).pipe(MaxChanges);

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * A strict ISO-8601 date-time with a time zone. `Date.parse` is not used to validate: it accepts
 * zone-less local times, rolls `2026-02-30` over into March and, in some engines, reads prose.
 */
export function parseIsoDateTime(s: string): Date | null {
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number, number, number, number, number, number,
  ];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8]!.toUpperCase();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || '0');
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millis);
  return new Date(d.getTime() - offsetMinutes * 60_000);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function asOf(mode: Mode | null, modeSource: string) {
  return text('').transform((s, ctx) => {
    if (s === '') return null;
    const at = parseIsoDateTime(s);
    if (!at) {
      ctx.addIssue({
        code: 'custom',
        message: `got ${shown(s)}; expected an ISO-8601 date-time with a time zone, e.g. 2026-12-02T09:00:00Z or 2026-12-02T10:00:00+01:00`,
      });
    }
    if (mode !== null && mode !== 'plan') {
      ctx.addIssue({
        code: 'custom',
        message: `is only accepted in plan mode, and the mode is ${mode}${modeSource}; expected it empty, or set mode: plan for a what-if plan`,
      });
    }
    return at ?? z.NEVER;
  });
}

/** A branch name as git allows it (`git check-ref-format --branch`, the common rules); `refs/heads/` is dropped. */
function ledgerBranch() {
  return text('').transform((s, ctx) => {
    if (s === '') return null;
    const name = s.replace(/^refs\/heads\//, '');
    const bad =
      name === '' ||
      [...name].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f) ||
      name === '@' ||
      /[~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock$|(^|\/)\./.test(name);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: `got ${shown(s)}; expected a branch name such as seat-ledger (no spaces, ~ ^ : ? * [ \\ or "..")` });
      return z.NEVER;
    }
    return name;
  });
}

// ---------------------------------------------------------------------------------------------

/** What the runner tells a step about itself; none of it is an input, so nothing here is rejected. */
export function runnerContext(env: NodeJS.ProcessEnv) {
  const value = (name: string) => env[name]?.trim() || null;
  const serverUrl = (value('GITHUB_SERVER_URL') ?? 'https://github.com').replace(/\/+$/, '');
  const repository = value('GITHUB_REPOSITORY');
  const runId = value('GITHUB_RUN_ID');
  return {
    workspace: path.resolve(value('GITHUB_WORKSPACE') ?? process.cwd()),
    runnerTemp: path.resolve(value('RUNNER_TEMP') ?? os.tmpdir()),
    eventName: value('GITHUB_EVENT_NAME'),
    eventPath: value('GITHUB_EVENT_PATH'),
    ref: value('GITHUB_REF'),
    repository,
    serverUrl,
    runId,
    apiUrl: (value('GITHUB_API_URL') ?? 'https://api.github.com').replace(/\/+$/, ''),
    runUrl: repository && runId ? `${serverUrl}/${repository}/actions/runs/${runId}` : null,
    /** The action's own repository and ref, which the runner sets for the step running it: export's `$schema` line. */
    actionRepository: value('GITHUB_ACTION_REPOSITORY'),
    actionRef: value('GITHUB_ACTION_REF'),
  };
}
type RunnerContext = ReturnType<typeof runnerContext>;

/**
 * The schema of every input. The effective mode is resolved beforehand because the token, the URL
 * and `as-of` depend on it, and their problems must be reported together with all the others.
 */
function settingsSchema(runner: RunnerContext, mode: Mode | null, modeSource: string) {
  return z
    .object({
      'label-studio-url': labelStudioUrl(mode),
      'label-studio-token': labelStudioToken(mode),
      'organization-id': optionalWholeNumber("(the roster's organization, else the token user's active organization)"),
      roster: workspaceFile('members.yaml', runner.workspace),
      ledger: workspaceFile('seat-ledger.jsonl', runner.workspace),
      mode: text('auto').pipe(z.enum(REQUESTED_MODES, expecting(`one of ${REQUESTED_MODES.join(', ')}`))),
      concurrency: wholeNumber('4', 1, 64),
      'delay-ms': wholeNumber('250', 0, 60_000),
      'max-retries': wholeNumber('5', 0, 20),
      'request-timeout-ms': wholeNumber('30000', 100, 600_000),
      // Whole days: the vendor's guidance is in days, and a fraction would only blur the audit trail.
      'min-seat-days': wholeNumber('7', 1, 365),
      'seat-limit': seatLimit(),
      unmanaged: text('warn').pipe(z.enum(UNMANAGED_POLICIES, expecting(`one of ${UNMANAGED_POLICIES.join(', ')}`))),
      'max-changes': maxChanges(),
      'fail-on-deferred': boolean('false'),
      'github-token': secret(),
      comment: boolean('true'),
      'commit-ledger': boolean('true'),
      'ledger-branch': ledgerBranch(),
      'as-of': asOf(mode, modeSource),
    })
    .superRefine((i, ctx) => {
      if (i['ledger-branch'] !== null && !i['commit-ledger']) {
        ctx.addIssue({
          code: 'custom',
          path: ['ledger-branch'],
          message: `is ${shown(i['ledger-branch'])} while commit-ledger is false; the ledger branch is read and written only through the GitHub API, so expected commit-ledger: true (or no ledger-branch)`,
        });
      }
    })
    .transform((i) => ({
      labelStudioUrl: i['label-studio-url'],
      labelStudioToken: i['label-studio-token'],
      organizationId: i['organization-id'],
      /** Workspace-relative, with `/`: for messages, annotations and the contents API. */
      rosterFile: i.roster.file,
      rosterPath: i.roster.path,
      ledgerFile: i.ledger.file,
      ledgerPath: i.ledger.path,
      requestedMode: i.mode,
      mode: resolveMode(i.mode, runner.eventName),
      concurrency: i.concurrency,
      delayMs: i['delay-ms'],
      maxRetries: i['max-retries'],
      requestTimeoutMs: i['request-timeout-ms'],
      minSeatDays: i['min-seat-days'],
      /** A number from the input; with `auto`, null here and read from the seat report by the run. */
      seatLimit: i['seat-limit'] === 'auto' ? null : i['seat-limit'],
      seatLimitAuto: i['seat-limit'] === 'auto',
      unmanaged: i.unmanaged,
      maxChanges: i['max-changes'],
      failOnDeferred: i['fail-on-deferred'],
      githubToken: i['github-token'],
      comment: i.comment,
      commitLedger: i['commit-ledger'],
      /** Branch that holds the ledger (without `refs/heads/`); null: the run's own branch. */
      ledgerBranch: i['ledger-branch'],
      asOf: i['as-of'],
      ...runner,
    }));
}

export type Settings = z.output<ReturnType<typeof settingsSchema>>;

/**
 * Reads and checks every input. `getInput` is `core.getInput` on the runner and a map in tests;
 * `env` supplies the runner's context (workspace, event, run URL).
 * @throws InputErrors naming every bad input, its value (never a token's) and what is accepted.
 */
export function readSettings(getInput: (name: string) => string, env: NodeJS.ProcessEnv): Settings {
  const raw: Record<string, string> = {};
  for (const name of INPUT_NAMES) raw[name] = getInput(name) ?? '';
  const runner = runnerContext(env);

  const requested = RequestedMode.safeParse(raw.mode?.trim() || 'auto');
  const mode = requested.success ? resolveMode(requested.data, runner.eventName) : null;
  const modeSource =
    requested.success && requested.data === 'auto'
      ? ` (mode auto on ${runner.eventName ? `a ${runner.eventName} event` : 'no event'})`
      : '';

  const result = settingsSchema(runner, mode, modeSource).safeParse(raw);
  if (result.success) return result.data;
  throw new InputErrors(
    result.error.issues.map((issue) => new InputError(String(issue.path[0] ?? 'inputs'), issue.message)),
  );
}
