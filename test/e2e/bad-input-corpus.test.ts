// The bad-input corpus, end to end: malformed rosters, ledgers and inputs, each given to the
// bundled action in apply mode against live fakes. Every one must fail the step before the first
// write (the run's reads of Label Studio start beside the file checks), with an error annotation that points at the place (file, line, column; or the input by
// name) and says how to fix it. Runs two at a time: each is a Node process.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, hashLine, type EventDraft } from '../../src/files/ledger.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken, makePat, type FakeMember, type LoggedRequest, type Tamper } from '../fakes/label-studio.ts';
import { LIVE_MENTION, renderedText } from '../kit/markdown-text.ts';
import { makeWorkspace, runAction, type ActionRun, type Annotation } from '../kit/run-action.ts';
import { LEDGER, ROSTER, twoAtATime } from '../kit/e2e.ts';

const GITHUB_TOKEN = 'ghs_corpusCorpusCorpusCorpus00001';
const VALID_ROSTER = 'version: 1\norganization: 7\nmembers:\n  - email: alice@example.com\n    role: manager\n';

const event = (id: number, at: string, extra: Partial<EventDraft> = {}): EventDraft => ({
  at,
  event: 'assigned',
  by: 'sync',
  user: { id, email: `user${id}@example.com` },
  from: 'DI',
  to: 'AN',
  run: null,
  ...extra,
});
const good = appendEvents(emptyLedger(LEDGER), [
  event(10, '2026-11-01T09:00:00.000Z'),
  event(11, '2026-11-02T09:00:00.000Z'),
  event(12, '2026-11-03T09:00:00.000Z'),
]);
const [line1, line2, line3] = good.lines as [string, string, string];
const jsonl = (...lines: string[]) => lines.join('\n') + '\n';
/** A line chained after `previous` whose own fields are wrong in one way. */
const chainedAfter = (previous: string, fields: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(line3), ...fields, prev: hashLine(previous) });

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** Nine levels of nine aliases: a billion "lol"s for a parser that expands them. */
function billionLaughs(): string {
  const lines = ['version: 1', 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`lol${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('members: *a8', '');
  return lines.join('\n');
}

function hugeRoster(): string {
  const entries: string[] = [];
  for (let i = 0; entries.length * 40 < 8.1 * 1024 * 1024; i++) entries.push(`  - email: someone.${i}@example.com\n    role: AN`);
  return `version: 1\nmembers:\n${entries.join('\n')}\n`;
}

type Expected =
  | { file: string; line: number; col: number; message: RegExp }
  | { input: string; message: RegExp; absent?: string };

interface Case {
  name: string;
  /** Default: a valid roster. `null`: no roster file at all. */
  roster?: string | Buffer | null;
  ledger?: string | Buffer;
  inputs?: Record<string, string>;
  expected: Expected[];
}

const at = (file: string, line: number, col: number, message: RegExp): Expected => ({ file, line, col, message });
const input = (name: string, message: RegExp, absent?: string): Expected => ({ input: name, message, ...(absent ? { absent } : {}) });

/** An input that names a directory: an input error naming the input, never the system's EISDIR. */
function namesADirectory(input: 'roster' | 'ledger', dir: string, name: string): HostileCase {
  return {
    name,
    outcome: `exit 1; input error naming ${input} and saying it is a directory, not EISDIR`,
    mode: 'validate',
    setup: (ws) => mkdirSync(path.join(ws, dir)),
    inputs: { [input]: dir },
    exit: 1,
    errors: [{ input, message: new RegExp(`^Input '${input}': ${dir} is a directory; expected a file`) }],
    check: (o) => expect(`${o.run.stdout}${o.run.summary}`).not.toContain('EISDIR'),
  };
}

/**
 * User 302 (kate@kelvin.test) named by `id: 302` on line 4 and by email on `emailLine` (in
 * `members` or `ignore`): both lines are refused, each naming the other (docs/roster.md).
 */
function sameUserByIdAndEmail(name: string, rosterLines: string[], emailLine: number, section: 'members' | 'ignore'): HostileCase {
  return {
    name,
    outcome: `exit 1; no PATCH; errors on line 4 and line ${emailLine}, each naming the other line`,
    members: [ADMIN, { userId: 302, email: 'kate@kelvin.test', role: 'AN' }],
    roster: HOSTILE_ROSTER(...rosterLines),
    exit: 1,
    errors: [
      { file: ROSTER, line: 4, message: new RegExp(`names the same user as line ${emailLine} \\(${section}, by email kate@kelvin\\.test\\)`) },
      { file: ROSTER, line: emailLine, message: /names the same user as line 4 \(members, by id 302\)/ },
    ],
  };
}

const CASES: Case[] = [
  // ---- rosters -------------------------------------------------------------------------------
  { name: 'roster: unclosed flow sequence', roster: 'version: 1\nmembers: [\n  {email: a@example.com\n', expected: [at(ROSTER, 4, 1, /YAML syntax error: Flow sequence .* end with a \]; check the indentation and quoting/)] },
  { name: 'roster: a syntax error the YAML parser recovers from past a line break', roster: '*aversion: 1\nid: 5version: 1\n', expected: [at(ROSTER, 2, 5, /YAML syntax error: Nested mappings are not allowed in compact mappings/)] },
  { name: 'roster: tab indentation', roster: 'version: 1\nmembers:\n\t- email: a@example.com\n', expected: [at(ROSTER, 3, 1, /a tab is used for indentation; .* replace the tab with spaces/)] },
  { name: 'roster: version as a string', roster: 'version: "1"\nmembers: []\n', expected: [at(ROSTER, 1, 10, /version must be 1, found '1'/)] },
  { name: 'roster: members is a scalar', roster: 'version: 1\nmembers: alice@example.com\n', expected: [at(ROSTER, 2, 10, /members must be a list with one `- email: alice@example\.com` .* line per user/)] },
  { name: 'roster: role is a number', roster: 'version: 1\nmembers:\n  - email: a@example.com\n    role: 5\n', expected: [at(ROSTER, 4, 11, /role must be a role code or name, found 5; use one of/)] },
  { name: 'roster: negative id', roster: 'version: 1\nmembers:\n  - id: -3\n', expected: [at(ROSTER, 3, 9, /id must be a positive whole number .* found -3/)] },
  { name: 'roster: fractional id', roster: 'version: 1\nmembers:\n  - id: 1.5\n', expected: [at(ROSTER, 3, 9, /id must be a positive whole number .* found 1\.5/)] },
  { name: 'roster: quoted id', roster: "version: 1\nmembers:\n  - id: '42'\n", expected: [at(ROSTER, 3, 9, /remove the quotes/)] },
  { name: 'roster: negative organization', roster: 'version: 1\norganization: -7\nmembers: []\n', expected: [at(ROSTER, 2, 15, /organization must be a positive whole number/)] },
  { name: 'roster: email that is not one', roster: 'version: 1\nmembers:\n  - email: not-an-email\n', expected: [at(ROSTER, 3, 12, /'not-an-email' is not an email address/)] },
  { name: 'roster: misspelt key', roster: 'version: 1\nmembers:\n  - email: a@example.com\n    rol: manager\n', expected: [at(ROSTER, 4, 5, /unknown key 'rol'.*did you mean 'role'/)] },
  { name: 'roster: duplicate key in one entry', roster: 'version: 1\nmembers:\n  - email: a@example.com\n    email: b@example.com\n', expected: [at(ROSTER, 4, 5, /duplicate key 'email'; a key may appear once in each mapping/)] },
  { name: 'roster: the same user twice', roster: 'version: 1\nmembers:\n  - email: a@example.com\n  - email: b@example.com\n  - email: A@example.com\n', expected: [at(ROSTER, 5, 12, /a@example\.com is already listed in members at line 3/)] },
  { name: 'roster: a user both managed and ignored', roster: 'version: 1\nmembers:\n  - id: 42\nignore:\n  - id: 42\n', expected: [at(ROSTER, 5, 9, /in members at line 3 and again in ignore/)] },
  { name: 'roster: over 8 MiB', roster: hugeRoster(), expected: [at(ROSTER, 1, 1, /over the 8 MiB limit/)] },
  { name: 'roster: hostile nesting', roster: `version: 1\nmembers: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, expected: [at(ROSTER, 2, 10 + 19, /nesting deeper than 20 levels; a roster is only a few levels deep/)] },
  { name: 'roster: hostile compact nesting', roster: `version: 1\nmembers:\n  - ${'- '.repeat(100_000)}x\n`, expected: [at(ROSTER, 3, 3 + 19 * 2, /nesting deeper than 20 levels/)] },
  { name: 'roster: bytes that are not UTF-8', roster: bytes('version: 1\nmembers:\n  - email: a', [0xff, 0xfe], 'b@example.com\n'), expected: [at(ROSTER, 3, 13, /byte 0xff is not valid UTF-8/)] },
  { name: 'roster: billion laughs', roster: billionLaughs(), expected: [at(ROSTER, 2, 11, /anchors \(&a0\) are not allowed in a roster; remove the anchor/), at(ROSTER, 3, 12, /aliases \(\*a0\) are not allowed/)] },
  { name: 'roster: offboard: yes', roster: 'version: 1\nmembers:\n  - email: a@example.com\n    role: DI\n    offboard: yes\n', expected: [at(ROSTER, 5, 15, /offboard must be true or false.*write true or false/)] },
  { name: 'roster: offboarding a manager', roster: 'version: 1\nmembers:\n  - email: a@example.com\n    role: manager\n    offboard: true\n', expected: [at(ROSTER, 5, 15, /role must be deactivated \(DI\) or not-activated \(NO\)/)] },
  { name: 'roster: a YAML tag', roster: 'version: 1\nmembers:\n  - email: !!binary YWxpY2U=\n', expected: [at(ROSTER, 3, 21, /YAML tags \(!!binary\) are not allowed/)] },
  { name: 'roster: two documents', roster: 'version: 1\nmembers: []\n---\nversion: 1\nmembers: []\n', expected: [at(ROSTER, 3, 1, /a second YAML document starts here; a roster is one document/)] },
  { name: 'roster: empty file', roster: '', expected: [at(ROSTER, 1, 1, /the roster is empty; start it with `version: 1`/)] },
  { name: 'roster: missing file', roster: null, expected: [at(ROSTER, 1, 1, /the roster does not exist; create members\.yaml/)] },
  { name: 'roster: unknown default role', roster: 'version: 1\ndefaults:\n  role: wizard\nmembers: []\n', expected: [at(ROSTER, 3, 9, /unknown role 'wizard'; use one of/)] },
  { name: 'roster: a member written as a bare email', roster: 'version: 1\nmembers:\n  - alice@example.com\n', expected: [at(ROSTER, 3, 5, /write `- email: alice@example\.com`/)] },
  { name: 'roster: version 2', roster: 'version: 2\nmembers: []\n', expected: [at(ROSTER, 1, 10, /version must be 1, found 2/)] },

  // ---- ledgers -------------------------------------------------------------------------------
  { name: 'ledger: broken chain (line 2 edited)', ledger: jsonl(line1, line2.replace('"to":"AN"', '"to":"MA"'), line3), expected: [at(LEDGER, 3, line3.indexOf('"prev"') + 1, /prev does not match the SHA-256 of line 2/)] },
  { name: 'ledger: gap in seq', ledger: jsonl(line1, line2, chainedAfter(line2, { seq: 4 })), expected: [at(LEDGER, 3, 2, /seq is 4, expected 3/)] },
  { name: 'ledger: a line that is not JSON', ledger: jsonl(line1, 'this is not json', line3), expected: [at(LEDGER, 2, 1, /line 2 is not valid JSON/)] },
  { name: 'ledger: CRLF line endings', ledger: jsonl(line1, line2, line3).replace(/\n/g, '\r\n'), expected: [at(LEDGER, 1, line1.length + 1, /carriage return \(CRLF line endings\).*\.gitattributes/)] },
  { name: 'ledger: a blank line', ledger: jsonl(line1, '', line2, line3), expected: [at(LEDGER, 2, 1, /line 2 is blank/)] },
  { name: 'ledger: an unknown field', ledger: jsonl(line1.replace('"run":null', '"run":null,"note":"x"')), expected: [at(LEDGER, 1, line1.indexOf('"run"') + 12, /unknown field 'note'/)] },
  { name: 'ledger: a time that is not one', ledger: jsonl(line1.replace('2026-11-01T09:00:00.000Z', '2026-13-01T09:00:00.000Z')), expected: [at(LEDGER, 1, line1.indexOf('"at"') + 1, /must be a UTC time in toISOString\(\) form/)] },
  { name: 'ledger: first prev not zeros', ledger: jsonl(JSON.stringify({ ...JSON.parse(line1), prev: 'a'.repeat(64) })), expected: [at(LEDGER, 1, line1.indexOf('"prev"') + 1, /prev of the first event must be 64 zeros/)] },
  { name: 'ledger: bytes that are not UTF-8', ledger: bytes(line1.slice(0, 20), [0xc3, 0x28], line1.slice(20), '\n'), expected: [at(LEDGER, 1, 21, /byte 0xc3 is not valid UTF-8/)] },
  {
    name: 'roster and ledger both broken: both reported',
    roster: 'version: 1\nmembers:\n  - email: nobody\n',
    ledger: jsonl(line1, 'garbage'),
    expected: [at(ROSTER, 3, 12, /'nobody' is not an email address/), at(LEDGER, 2, 1, /line 2 is not valid JSON/)],
  },

  // ---- inputs --------------------------------------------------------------------------------
  { name: 'input: as-of on February 30', inputs: { mode: 'plan', 'as-of': '2026-02-30T00:00:00Z' }, expected: [input('as-of', /got "2026-02-30T00:00:00Z"; expected an ISO-8601 date-time/)] },
  { name: 'input: as-of tomorrow', inputs: { mode: 'plan', 'as-of': 'tomorrow' }, expected: [input('as-of', /got "tomorrow"; expected an ISO-8601 date-time/)] },
  { name: 'input: as-of outside plan mode', inputs: { 'as-of': '2026-12-02T09:00:00Z' }, expected: [input('as-of', /only accepted in plan mode.*set mode: plan/)] },
  { name: 'input: URL with credentials', inputs: { 'label-studio-url': 'https://user:s3cr3t-pass@ls.example.com' }, expected: [input('label-studio-url', /carries credentials.*pass the API token in label-studio-token/, 's3cr3t-pass')] },
  { name: 'input: plain http to a remote host', inputs: { 'label-studio-url': 'http://ls.example.com' }, expected: [input('label-studio-url', /expected an https URL/)] },
  { name: 'input: not a URL', inputs: { 'label-studio-url': 'ls.example.com' }, expected: [input('label-studio-url', /expected an absolute URL/)] },
  { name: 'input: missing URL', inputs: { 'label-studio-url': '' }, expected: [input('label-studio-url', /is required in apply mode/)] },
  { name: 'input: missing token', inputs: { 'label-studio-token': '' }, expected: [input('label-studio-token', /is required in apply mode/)] },
  { name: 'input: fail-on-deferred yes', inputs: { 'fail-on-deferred': 'yes' }, expected: [input('fail-on-deferred', /got "yes"; expected true or false/)] },
  { name: 'input: commit-ledger maybe', inputs: { 'commit-ledger': 'maybe' }, expected: [input('commit-ledger', /got "maybe"; expected true or false/)] },
  { name: 'input: max-changes 10%%', inputs: { 'max-changes': '10%%' }, expected: [input('max-changes', /got "10%%"; expected a whole number of changes/)] },
  { name: 'input: max-changes -1', inputs: { 'max-changes': '-1' }, expected: [input('max-changes', /got "-1"; expected a whole number of changes/)] },
  { name: 'input: max-changes abc', inputs: { 'max-changes': 'abc' }, expected: [input('max-changes', /got "abc"/)] },
  { name: 'input: max-changes 150%', inputs: { 'max-changes': '150%' }, expected: [input('max-changes', /up to 100%/)] },
  { name: 'input: concurrency 0', inputs: { concurrency: '0' }, expected: [input('concurrency', /got "0"; expected a whole number from 1 to 64/)] },
  { name: 'input: delay-ms negative', inputs: { 'delay-ms': '-5' }, expected: [input('delay-ms', /got "-5"; expected a whole number from 0/)] },
  { name: 'input: max-retries in words', inputs: { 'max-retries': 'many' }, expected: [input('max-retries', /got "many"; expected a whole number from 0 to 20/)] },
  { name: 'input: request-timeout-ms too small', inputs: { 'request-timeout-ms': '50' }, expected: [input('request-timeout-ms', /got "50"; expected a whole number from 100/)] },
  { name: 'input: min-seat-days 0', inputs: { 'min-seat-days': '0' }, expected: [input('min-seat-days', /got "0"; expected a whole number from 1 to 365/)] },
  { name: 'input: seat-limit negative', inputs: { 'seat-limit': '-2' }, expected: [input('seat-limit', /got "-2"; expected a whole number of 1 or more/)] },
  { name: 'input: organization-id in words', inputs: { 'organization-id': 'seven' }, expected: [input('organization-id', /got "seven"/)] },
  { name: 'input: unknown mode', inputs: { mode: 'destroy' }, expected: [input('mode', /got "destroy"; expected one of auto, plan, apply, validate, export/)] },
  { name: 'input: unknown unmanaged policy', inputs: { unmanaged: 'delete' }, expected: [input('unmanaged', /got "delete"; expected one of ignore, warn, deactivate/)] },
  { name: 'input: roster outside the workspace', inputs: { roster: '../outside.yaml' }, expected: [input('roster', /outside the workspace.*relative to the workspace/)] },
  {
    name: 'input: several bad inputs at once, all reported',
    inputs: { concurrency: '0', 'delay-ms': 'soon', comment: 'perhaps' },
    expected: [input('concurrency', /got "0"/), input('delay-ms', /got "soon"/), input('comment', /got "perhaps"/)],
  },
];

/** Words of a message that tells the reader what to write or do. */
const ACTIONABLE = /\b(must|expected|use|write|remove|replace|add|set|restore|check|create|keep|list|fix)\b/i;

interface Outcome {
  run: ActionRun;
  /** Requests to Label Studio other than the reads a run starts at once (whoami, member pages). */
  labelStudioBeyondReads: LoggedRequest[];
  githubRequests: number;
}

const outcomes = new Map<string, Outcome>();
const token = makeLegacyToken();

async function runCase(c: Case): Promise<Outcome> {
  const fake = await FakeLabelStudio.start({
    organizationId: 7,
    members: [
      { userId: 2, email: 'admin@example.com', role: 'AD' },
      { userId: 10, email: 'alice@example.com', role: 'AN' },
    ],
    selfUserId: 2,
    legacyTokens: [token],
  });
  const github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
  try {
    const workspace = makeWorkspace();
    const roster = c.roster === undefined ? VALID_ROSTER : c.roster;
    if (roster !== null) writeFileSync(path.join(workspace, ROSTER), roster);
    if (c.ledger !== undefined) writeFileSync(path.join(workspace, LEDGER), c.ledger);
    const run = await runAction({
      inputs: {
        'label-studio-url': fake.url,
        'label-studio-token': token,
        'github-token': GITHUB_TOKEN,
        mode: 'apply',
        'delay-ms': '0',
        ...c.inputs,
      },
      workspace,
      eventName: 'push',
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/labeling', GITHUB_REF: 'refs/heads/main' },
    });
    return { run, labelStudioBeyondReads: fake.beyondReadAhead(), githubRequests: github.log.length };
  } finally {
    await fake.close();
    await github.close();
  }
}

beforeAll(async () => {
  await twoAtATime(CASES, async (c) => {
    outcomes.set(c.name, await runCase(c));
  });
}, 120_000);

afterAll(() => outcomes.clear());

function show(annotations: readonly Annotation[]): string {
  return annotations
    .map((a) => `${a.level} ${a.properties.file ?? ''}:${a.properties.line ?? ''}:${a.properties.col ?? ''} [${a.properties.title ?? ''}] ${a.message}`)
    .join('\n');
}

describe('bad-input corpus: every case fails before any request, located and actionable', () => {
  it('has at least 30 cases of rosters, ledgers and inputs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const outcome = outcomes.get(c.name)!;
    const { run } = outcome;
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(outcome.labelStudioBeyondReads, 'requests to Label Studio beyond the reads').toEqual([]);
    expect(outcome.githubRequests, 'requests to GitHub').toBe(0);
    // Nothing was planned: the only output is the report, which says why (a later step may post it).
    expect(run.outputs, 'no outputs but the report: nothing was planned').toEqual({ 'report-file': expect.stringMatching(/report\.md$/) });
    for (const want of c.expected) {
      if ('file' in want) {
        const hit = errors.find(
          (a) =>
            a.properties.file === want.file &&
            a.properties.line === String(want.line) &&
            a.properties.col === String(want.col) &&
            want.message.test(a.message),
        );
        expect(hit, `an error at ${want.file}:${want.line}:${want.col} matching ${want.message}; got\n${show(errors)}`).toBeDefined();
        // Actionable: the message says what is accepted or what to do, not only what is wrong.
        expect(hit!.message).toMatch(ACTIONABLE);
      } else {
        const hit = errors.find(
          (a) => a.properties.title === `Invalid input ${want.input}` && a.message.startsWith(`Input '${want.input}': `) && want.message.test(a.message),
        );
        expect(hit, `an error naming input ${want.input} matching ${want.message}; got\n${show(errors)}`).toBeDefined();
        expect(hit!.message).toMatch(/expected|is required|is only accepted/);
        if (want.absent) expect(`${run.stdout}\n${run.stderr}\n${run.summary}`).not.toContain(want.absent);
      }
    }
    // The final failure says that nothing was changed.
    expect(errors.at(-1)?.message).toMatch(/^Nothing was changed: \d+ (problems?|invalid inputs?) found|^Nothing was changed: \d+ invalid inputs?\./);
  });
});

// =============================================================================================
// Hostile input: identity, the workspace boundary, mentions and links, a server that
// lies, and sizes that data controls. Unlike the cases above these may reach Label Studio (a
// lying server must be read to be caught), so each states its own outcome: the exit code, the
// PATCHes allowed (none where nothing may change), where the error points, and that no secret
// and no byte of a file outside the workspace appears in any output.

const SECRET_CONTENT = 'OUTSIDE-THE-WORKSPACE-7f3a9c';
/** What a runner file looks like; the first line is what a YAML error would have quoted. */
const OUTSIDE_FILE = `root:x:0:0:${SECRET_CONTENT}:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n`;
const ADMIN = { userId: 2, email: 'admin@example.com', role: 'AD' } as const;
const ALICE = { userId: 10, email: 'alice@example.com', role: 'AN' } as const;
const HOSTILE_ROSTER = (...lines: string[]) => ['version: 1', 'organization: 7', ...lines, ''].join('\n');
const ORG_PAGE = /^\/api\/organizations\/7\/memberships$/;

interface HostileCase {
  name: string;
  /** The right outcome, in words: what the reader of the corpus should expect. */
  outcome: string;
  mode?: 'apply' | 'plan' | 'validate' | 'export';
  /** A plan on a pull request, with the sticky comment. */
  pullRequest?: boolean;
  members?: FakeMember[];
  roster?: string;
  ledger?: string;
  /** Files and links to make; `outside` is a folder beside the workspace holding OUTSIDE_FILE as secret.txt. */
  setup?: (workspace: string, outside: string) => void;
  inputs?: Record<string, string>;
  /** Replaces the legacy token input; `{token}` stands for the accepted token. */
  tokenInput?: string;
  pat?: boolean;
  tamper?: Tamper;
  maxPageSize?: number;
  failPatchFor?: Record<number, { status: number; detail: string }>;
  exit: 0 | 1;
  /** The PATCHes allowed, as [user id, role]; none when absent. */
  patches?: Array<[number, string]>;
  /** At most this many requests to Label Studio (a lying server must be left early). */
  maxRequests?: number;
  /** A plan or apply stopped by its inputs or files: nothing sent beyond the reads it starts at once (whoami, member pages). */
  stopsBeforeWrites?: true;
  errors?: Array<{ input?: string; file?: string; line?: number; message: RegExp }>;
  /** Checked against the job summary. */
  summary?: RegExp[];
  check?: (o: HostileOutcome) => void;
}

interface HostileOutcome {
  run: ActionRun;
  requests: LoggedRequest[];
  beyondReads: LoggedRequest[];
  comments: string[];
  outside: string;
  legacyToken: string;
}

/** Outside code fences: where Markdown would link and mention. */
const outsideFences = (md: string) => md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');

const pageTamper =
  (rewrite: (page: number, json: Record<string, unknown>, link: (n: number | string) => string) => Record<string, unknown>): Tamper =>
  (req, answer) => {
    if (req.method !== 'GET' || !ORG_PAGE.test(req.path) || answer.status !== 200) return answer;
    const page = Number(req.query.get('page') ?? '1');
    const link = (n: number | string) => `${req.baseUrl}${req.path}?page=${n}&page_size=${req.query.get('page_size') ?? '1000'}`;
    return { ...answer, json: rewrite(page, answer.json as Record<string, unknown>, link) };
  };
const whoamiTamper =
  (active: unknown): Tamper =>
  (req, answer) =>
    req.path === '/api/current-user/whoami' && answer.status === 200 ? { ...answer, json: { ...(answer.json as object), active_organization: active } } : answer;

const link = (from: string, to: string) => (ws: string, outside: string) => {
  const target = to.startsWith('OUT/') ? path.join(outside, to.slice(4)) : to;
  mkdirSync(path.dirname(path.join(ws, from)), { recursive: true });
  symlinkSync(target, path.join(ws, from));
};
const manyMembers = (n: number, from: number, role = 'AN'): FakeMember[] =>
  Array.from({ length: n }, (_, i) => ({ userId: from + i, email: `m${from + i}@example.com`, role }));

const HOSTILE: HostileCase[] = [
  // ---- identity (docs/roster.md) ---------------------------------------------------------------------
  {
    name: 'identity: the Kelvin sign account is not kate@ (finding 1)',
    outcome: 'exit 0; only id 301 (kate@kelvin.test) is made an administrator; id 302 (\\u212Aate@) is never patched',
    members: [ADMIN, { userId: 301, email: 'kate@kelvin.test', role: 'AN' }, { userId: 302, email: '\u212Aate@kelvin.test', role: 'AN' }],
    roster: HOSTILE_ROSTER('members:', '  - email: kate@kelvin.test', '    role: administrator', 'ignore:', '  - email: admin@example.com', '  - id: 302'),
    exit: 0,
    patches: [[301, 'AD']],
  },
  {
    name: 'identity: bob@ and BOB@ are two live accounts: refused naming both (finding 1)',
    outcome: 'exit 1; no PATCH; an error on the roster line naming id 401 and id 402',
    members: [ADMIN, { userId: 401, email: 'bob@acme.test', role: 'AN' }, { userId: 402, email: 'BOB@acme.test', role: 'AN' }],
    roster: HOSTILE_ROSTER('members:', '  - email: bob@acme.test', '    role: manager', 'ignore:', '  - email: admin@example.com'),
    exit: 1,
    errors: [{ file: ROSTER, line: 4, message: /Refused: bob@acme\.test matches 2 live accounts .*id 401 \(bob@acme\.test\) and id 402 \(BOB@acme\.test\).*by id/ }],
  },
  {
    name: 'identity: three accounts that differ only in case are all named',
    outcome: 'exit 1; no PATCH; the refusal names ids 501, 502 and 503',
    members: [ADMIN, { userId: 501, email: 'Eve@x.test', role: 'AN' }, { userId: 502, email: 'eve@X.TEST', role: 'AN' }, { userId: 503, email: 'EVE@x.test', role: 'AN' }],
    roster: HOSTILE_ROSTER('members:', '  - email: eve@x.test', '    role: reviewer', 'ignore:', '  - email: admin@example.com'),
    exit: 1,
    errors: [{ file: ROSTER, line: 4, message: /id 501 \(Eve@x\.test\), id 502 \(eve@X\.TEST\) and id 503 \(EVE@x\.test\)/ }],
  },
  {
    name: 'identity: one live account in mixed case is matched',
    outcome: 'exit 0; Alice@Example.COM (id 10) is patched to MA: ASCII case is folded',
    members: [ADMIN, { userId: 10, email: 'Alice@Example.COM', role: 'AN' }],
    roster: HOSTILE_ROSTER('members:', '  - email: alice@example.com', '    role: manager', 'ignore:', '  - email: admin@example.com'),
    exit: 0,
    patches: [[10, 'MA']],
  },
  {
    name: 'identity: a Cyrillic а look-alike is another account',
    outcome: 'exit 0; only the ASCII alice (id 10) is patched; the look-alike (id 11) is reported unmanaged, never patched',
    members: [ADMIN, ALICE, { userId: 11, email: '\u0430lice@example.com', role: 'AN' }],
    roster: HOSTILE_ROSTER('members:', '  - email: alice@example.com', '    role: manager', 'ignore:', '  - email: admin@example.com'),
    exit: 0,
    patches: [[10, 'MA']],
    check: (o) => expect(o.run.outputs.unmanaged).toBe('1'),
  },
  {
    name: 'identity: a dotted capital İ does not fold to i',
    outcome: 'exit 1 (not a member); no PATCH: İnci@ (id 12) is not inci@',
    members: [ADMIN, { userId: 12, email: '\u0130nci@x.test', role: 'AN' }],
    roster: HOSTILE_ROSTER('members:', '  - email: inci@x.test', '    role: manager', 'ignore:', '  - email: admin@example.com'),
    exit: 1,
    errors: [{ file: ROSTER, line: 4, message: /not a member of organization 7/ }],
  },
  sameUserByIdAndEmail(
    'identity: a member by id and the same user ignored by email: both refused (finding 2)',
    ['members:', '  - id: 302', '    role: administrator', 'ignore:', '  - email: admin@example.com', '  - email: kate@kelvin.test'],
    8,
    'ignore',
  ),
  sameUserByIdAndEmail(
    'identity: an id line and an email line in members for one user: both refused',
    ['members:', '  - id: 302', '    role: administrator', '  - email: KATE@kelvin.test', '    role: annotator', 'ignore:', '  - email: admin@example.com'],
    6,
    'members',
  ),
  {
    name: 'identity: an ambiguous email under ignore deactivates neither account',
    outcome: 'exit 1; no PATCH even with unmanaged: deactivate; the ignore line is refused naming both accounts',
    members: [ADMIN, { userId: 401, email: 'bot@acme.test', role: 'AN' }, { userId: 402, email: 'Bot@acme.test', role: 'AN' }],
    roster: HOSTILE_ROSTER('members: []', 'ignore:', '  - email: admin@example.com', '  - email: bot@acme.test'),
    inputs: { unmanaged: 'deactivate' },
    exit: 1,
    errors: [{ file: ROSTER, line: 6, message: /id 401 \(bot@acme\.test\) and id 402 \(Bot@acme\.test\)/ }],
  },

  // ---- the workspace boundary (docs/security.md) --------------------------------------------------------
  {
    name: 'workspace: the roster is a link to a file outside, in validate mode (finding 3)',
    outcome: 'exit 1; an input error naming roster; none of the file appears anywhere',
    mode: 'validate',
    setup: link(ROSTER, 'OUT/secret.txt'),
    roster: undefined,
    exit: 1,
    maxRequests: 0,
    errors: [{ input: 'roster', message: /members\.yaml is a symbolic link that leads outside the workspace/ }],
  },
  {
    name: 'workspace: the ledger is a link to a file outside (finding 3)',
    outcome: 'exit 1; an input error naming ledger; nothing of the file shown',
    mode: 'validate',
    setup: link(LEDGER, 'OUT/secret.txt'),
    exit: 1,
    maxRequests: 0,
    errors: [{ input: 'ledger', message: /seat-ledger\.jsonl is a symbolic link that leads outside the workspace/ }],
  },
  {
    name: 'workspace: a ledger path under a directory link out of the workspace, in apply (finding 3)',
    outcome: 'exit 1 before any write; nothing is written outside',
    setup: link('audit', 'OUT/.'),
    inputs: { ledger: 'audit/seat-ledger.jsonl' },
    exit: 1,
    stopsBeforeWrites: true,
    errors: [{ input: 'ledger', message: /audit\/seat-ledger\.jsonl lies under a symbolic link that leads outside the workspace/ }],
    check: (o) => expect(readdirSync(o.outside)).toEqual(['secret.txt']),
  },
  {
    name: 'workspace: the roster path under a directory link out of the workspace',
    outcome: 'exit 1; input error naming roster; no content shown',
    mode: 'validate',
    setup: (ws, outside) => {
      writeFileSync(path.join(outside, 'members.yaml'), OUTSIDE_FILE);
      link('config', 'OUT/.')(ws, outside);
    },
    inputs: { roster: 'config/members.yaml' },
    exit: 1,
    maxRequests: 0,
    errors: [{ input: 'roster', message: /config\/members\.yaml lies under a symbolic link that leads outside/ }],
  },
  {
    name: 'workspace: the roster is a link to a directory outside',
    outcome: 'exit 1; input error naming roster',
    mode: 'validate',
    setup: link(ROSTER, 'OUT/.'),
    roster: undefined,
    exit: 1,
    errors: [{ input: 'roster', message: /members\.yaml is a symbolic link that leads outside the workspace/ }],
  },
  {
    name: 'workspace: the roster is a dangling link',
    outcome: 'exit 1; input error naming roster: the link leads nowhere',
    mode: 'validate',
    setup: link(ROSTER, 'OUT/gone.yaml'),
    roster: undefined,
    exit: 1,
    errors: [{ input: 'roster', message: /members\.yaml is a symbolic link that leads nowhere/ }],
  },
  {
    name: 'workspace: the ledger is a dangling link in apply: nothing is created where it points',
    outcome: 'exit 1 before any write; the link target is not created',
    setup: link(LEDGER, 'OUT/created-by-action.jsonl'),
    exit: 1,
    stopsBeforeWrites: true,
    errors: [{ input: 'ledger', message: /seat-ledger\.jsonl is a symbolic link that leads nowhere/ }],
    check: (o) => expect(readdirSync(o.outside)).toEqual(['secret.txt']),
  },
  {
    name: 'workspace: the roster is a link loop',
    outcome: 'exit 1; input error naming roster: the link loops',
    mode: 'validate',
    setup: (ws) => {
      symlinkSync('b.yaml', path.join(ws, 'a.yaml'));
      symlinkSync('a.yaml', path.join(ws, 'b.yaml'));
    },
    inputs: { roster: 'a.yaml' },
    exit: 1,
    errors: [{ input: 'roster', message: /a\.yaml is a symbolic link that loops/ }],
  },
  namesADirectory('roster', 'team', 'workspace: roster names a directory (finding 6)'),
  namesADirectory('ledger', 'ledgers', 'workspace: ledger names a directory'),
  {
    name: 'workspace: a link to a roster inside the workspace is fine',
    outcome: 'exit 0 in validate mode',
    mode: 'validate',
    roster: undefined,
    setup: (ws) => {
      writeFileSync(path.join(ws, 'team.yaml'), VALID_ROSTER);
      symlinkSync('team.yaml', path.join(ws, ROSTER));
    },
    exit: 0,
    maxRequests: 0,
  },
  {
    name: 'workspace: export over a roster linked outside writes nothing and asks nothing',
    outcome: 'exit 1 before any request; the outside file is unchanged',
    mode: 'export',
    roster: undefined,
    setup: link(ROSTER, 'OUT/secret.txt'),
    exit: 1,
    maxRequests: 0,
    errors: [{ input: 'roster', message: /leads outside the workspace/ }],
    check: (o) => expect(readFileSync(path.join(o.outside, 'secret.txt'), 'utf8')).toBe(OUTSIDE_FILE),
  },

  // ---- mentions and links from data (docs/security.md) ------------------------------------------------
  ...[
    ['a quoted local part with a team mention (finding 4)', '"x @acme/pwn-team"@evil.test'],
    ['a quoted local part with a user mention', '"@octocat"@evil.test'],
    ['a mention after punctuation', '"cc:@org/admins"@evil.test'],
    ['a Markdown link', '"[click](https://evil.test/x)"@evil.test'],
    ['a bare www link', '"www.evil.test"@evil.test'],
    ['an issue reference', '"fixes #1"@evil.test'],
  ].map(
    ([what, email]): HostileCase => ({
      name: `mentions: ${what} in a live email, on a pull request`,
      outcome: 'exit 1 (the owner role is refused); the comment, summary and annotation show the email as text: no mention, no link',
      pullRequest: true,
      members: [ADMIN, { userId: 77, email: email!, role: 'AN' }],
      roster: HOSTILE_ROSTER('members:', '  - id: 77', '    role: owner', 'ignore:', '  - email: admin@example.com'),
      exit: 1,
      errors: [{ file: ROSTER, line: 4, message: /owner role cannot be assigned/ }],
      check: (o) => {
        expect(o.comments).toHaveLength(1);
        for (const md of [o.comments[0]!, o.run.summary]) {
          const text = renderedText(outsideFences(md));
          expect(text.replace(/\u200B/g, '')).toContain(email!);
          expect(text).not.toMatch(/https?:\/\/evil|www\.evil|#1\b/);
          // The comment's first line is the action's own: its links to the commit and the run are no data.
          const fromData = md.replace(/^\*\*Label Studio roster plan[^\n]*\n/, '');
          expect(fromData, 'no unescaped link syntax').not.toMatch(/(?<!\\)\]\(/);
        }
      },
    }),
  ),

  // ---- a server that lies (docs/security.md) ----------------------------------------------------------
  {
    name: 'server: count 50,000,000 on page 1 (finding 5)',
    outcome: 'exit 1 at once: whoami and one page, no PATCH; the error says count 50000000',
    tamper: pageTamper((_page, json, l) => ({ ...json, count: 50_000_000, next: l(2) })),
    exit: 1,
    maxRequests: 2,
    summary: [/count 50000000, more than the 1,000,000 members/],
  },
  {
    name: 'server: empty pages whose next keeps moving (finding 5)',
    outcome: 'exit 1 at the first empty page with a next link; no PATCH',
    // Every page past the first is empty but links on, even where the real server would say 404.
    tamper: (req, answer) => {
      if (req.method !== 'GET' || !ORG_PAGE.test(req.path)) return answer;
      const page = Number(req.query.get('page') ?? '1');
      const next = `${req.baseUrl}${req.path}?page=${page + 1}&page_size=1000`;
      const results = page === 1 ? (answer.json as { results: unknown[] }).results : [];
      return { status: 200, json: { next, previous: null, results } };
    },
    exit: 1,
    maxRequests: 3,
    errors: [{ message: /page=2&page_size=1000 answered 200: the page has no members but a next link \(http:\/\/127\.0\.0\.1:\d+\/api\/organizations\/7\/memberships\?page=3/ }],
  },
  {
    name: 'server: more pages than its count allows',
    outcome: 'exit 1 after ⌈count / size⌉ + 1 pages; no PATCH',
    members: [ADMIN, ALICE, ...manyMembers(8, 20)],
    maxPageSize: 2,
    tamper: pageTamper((page, json, l) => ({ ...json, count: 4, next: l(page + 1) })),
    // Pages of 2 and a count of 4: 2 pages, plus 1 for members added while reading.
    exit: 1,
    maxRequests: 1 + 3,
    errors: [{ message: /next link after 3 pages, more than its count of 4 members in pages of 2 allows \(at most 3 pages\)/ }],
  },
  {
    name: 'server: a next link that loops back to page 1',
    outcome: 'exit 1; the error says the link leads back to a page already read; no PATCH',
    tamper: pageTamper((_page, json, l) => ({ ...json, count: undefined, next: l(1) })),
    exit: 1,
    maxRequests: 2,
    summary: [/leads back to a page already read/],
  },
  {
    name: 'server: a next link to another origin',
    outcome: 'exit 1; the token is never sent there; the error names the origin',
    tamper: pageTamper((_page, json) => ({ ...json, next: 'http://127.0.0.2:9/api/organizations/7/memberships?page=2' })),
    exit: 1,
    maxRequests: 2,
    summary: [/another origin \\\(http:&#8203;\/\/127\.0\.0\.2:9\\\)/],
  },
  {
    name: 'server: a negative count',
    outcome: 'exit 1; the answer does not have the expected shape; no PATCH',
    tamper: pageTamper((_page, json) => ({ ...json, count: -5 })),
    exit: 1,
    maxRequests: 2,
    summary: [/count: .*got -5/],
  },
  ...[
    [0, '0'],
    [-1, '-1'],
    ['7', '"7"'],
    [7.5, '7.5'],
  ].map(
    ([active, shown]): HostileCase => ({
      name: `server: whoami active_organization ${String(shown)}${active === 0 ? ' (finding 6)' : ''}`,
      outcome: 'exit 1 after whoami alone; the error says what the server sent',
      inputs: { 'organization-id': '7' },
      tamper: whoamiTamper(active),
      exit: 1,
      maxRequests: 1,
      errors: [{ message: new RegExp(`answered active_organization ${String(shown).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which is not an organization id`) }],
    }),
  ),

  // ---- tokens (finding 6) ----------------------------------------------------------------------
  {
    name: 'token: pasted as "Token <key>" is used without the prefix',
    outcome: 'exit 0; every request authenticates as Token <key>, never Token Token',
    tokenInput: 'Token {token}',
    exit: 0,
    patches: [[10, 'MA']],
    check: (o) => expect(o.requests.every((r) => r.auth === 'token')).toBe(true),
  },
  {
    name: 'token: pasted as "Bearer <personal access token>" is used as the PAT',
    outcome: 'exit 0; the PAT is refreshed and Bearer access tokens are sent',
    pat: true,
    tokenInput: 'Bearer {token}',
    exit: 0,
    patches: [[10, 'MA']],
    check: (o) => expect(o.requests.filter((r) => r.path !== '/api/token/refresh/').every((r) => r.auth === 'bearer')).toBe(true),
  },
  {
    name: 'token: "Token Token <key>" is an input error that does not repeat the token',
    outcome: 'exit 1 before any request; the message says the scheme word is doubled',
    tokenInput: 'Token Token {token}',
    exit: 1,
    maxRequests: 0,
    errors: [{ input: 'label-studio-token', message: /Token or Bearer twice; expected only the token itself/ }],
  },

  // ---- sizes that data controls ------------------------------------------------------------
  {
    name: 'size: a 6 MiB email in the roster (finding 6)',
    outcome: 'exit 1 before any write; a located error quoting only its start and its length; a small summary',
    roster: HOSTILE_ROSTER('members:', `  - email: ${'x'.repeat(6 * 1024 * 1024)}@example.com`),
    exit: 1,
    stopsBeforeWrites: true,
    errors: [{ file: ROSTER, line: 4, message: /this email is 6291468 characters long, over the 254/ }],
    check: (o) => {
      expect(o.run.summary.length).toBeLessThan(10_000);
      expect(o.run.stdout.length).toBeLessThan(20_000);
    },
  },
  {
    name: 'size: an email of 255 characters in the roster',
    outcome: 'exit 1; located error at line 4 column 12',
    roster: HOSTILE_ROSTER('members:', `  - email: ${'y'.repeat(255 - '@example.com'.length)}@example.com`),
    exit: 1,
    stopsBeforeWrites: true,
    errors: [{ file: ROSTER, line: 4, message: /this email is 255 characters long/ }],
  },
  {
    name: 'size: a 6 MiB email from the server',
    outcome: 'exit 0; the account is shown by id; summary, annotations and ledger stay small',
    members: [ADMIN, ALICE, { userId: 66, email: `${'z'.repeat(6 * 1024 * 1024)}@evil.test`, role: 'AN' }],
    exit: 0,
    patches: [[10, 'MA']],
    check: (o) => {
      expect(Buffer.byteLength(o.run.summary)).toBeLessThan(100_000);
      expect(o.run.stdout.length).toBeLessThan(100_000);
      expect(readFileSync(path.join(o.run.workspace, LEDGER), 'utf8').length).toBeLessThan(10_000);
    },
  },
  {
    name: 'size: a 1 MiB error detail from a refused PATCH',
    outcome: 'exit 1 (the change failed); the detail reaches the summary and annotations cut short',
    failPatchFor: { 10: { status: 400, detail: `bad ${'d'.repeat(1024 * 1024)}` } },
    exit: 1,
    patches: [[10, 'MA']],
    check: (o) => {
      expect(Buffer.byteLength(o.run.summary)).toBeLessThan(50_000);
      for (const a of o.run.annotations) expect(a.message.length).toBeLessThan(5_000);
    },
  },
  {
    name: 'size: 4,000 refused lines of long emails keep the summary under 1 MiB',
    outcome: 'exit 1 (not members); the summary is cut below 1 MiB, on a row, and says so',
    roster: HOSTILE_ROSTER(
      'members:',
      ...Array.from({ length: 4000 }, (_, i) => `  - email: ${'n'.repeat(230)}${i}@example.com`),
      'ignore:',
      '  - email: admin@example.com',
      '  - email: alice@example.com',
    ),
    exit: 1,
    check: (o) => {
      expect(Buffer.byteLength(o.run.summary)).toBeLessThanOrEqual(1024 * 1024);
      expect(o.run.summary).toMatch(/cut to fit GitHub's size limit/);
    },
  },
  {
    name: 'size: a 10,000-character anchor name',
    outcome: 'exit 1; the anchor is quoted by its start and length',
    roster: HOSTILE_ROSTER('members:', `  - email: &${'a'.repeat(10_000)} a@example.com`),
    exit: 1,
    stopsBeforeWrites: true,
    errors: [{ file: ROSTER, line: 4, message: /anchors \(&a{57}… \(10000 characters\)\) are not allowed/ }],
  },
];

const hostileOutcomes = new Map<string, HostileOutcome>();

async function runHostile(c: HostileCase): Promise<HostileOutcome> {
  const legacyToken = makeLegacyToken();
  const pat = makePat({ userId: 2 });
  const fake = await FakeLabelStudio.start({
    organizationId: 7,
    members: c.members ?? [ADMIN, ALICE],
    selfUserId: 2,
    ...(c.pat ? { refreshTokens: [pat] } : { legacyTokens: [legacyToken] }),
    ...(c.tamper ? { tamper: c.tamper } : {}),
    ...(c.failPatchFor ? { failPatchFor: c.failPatchFor } : {}),
    ...(c.maxPageSize ? { maxPageSize: c.maxPageSize } : {}),
  });
  const github = await FakeGitHub.start({ token: GITHUB_TOKEN, tokenIsApp: true });
  try {
    const base = mkdtempSync(path.join(tmpdir(), 'lsrs-hostile-'));
    const workspace = path.join(base, 'ws');
    const outside = path.join(base, 'outside');
    mkdirSync(workspace);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), OUTSIDE_FILE);
    const roster = 'roster' in c ? c.roster : VALID_ROSTER;
    if (roster !== undefined) writeFileSync(path.join(workspace, ROSTER), roster);
    if (c.ledger !== undefined) writeFileSync(path.join(workspace, LEDGER), c.ledger);
    c.setup?.(workspace, outside);
    const accepted = c.pat ? pat : legacyToken;
    const baseSha = c.pullRequest ? github.setFile('acme/labeling', 'main', ROSTER, roster ?? '') : '';
    const run = await runAction({
      inputs: {
        'label-studio-url': fake.url,
        'label-studio-token': (c.tokenInput ?? '{token}').replace('{token}', accepted),
        'github-token': GITHUB_TOKEN,
        mode: c.pullRequest ? 'plan' : (c.mode ?? 'apply'),
        'delay-ms': '0',
        // The ledger stays in the workspace: these cases are about what is read and shown.
        'commit-ledger': 'false',
        ...c.inputs,
      },
      workspace,
      eventName: c.pullRequest ? 'pull_request' : 'push',
      ...(c.pullRequest ? { event: { pull_request: { number: 5, base: { sha: baseSha } } } } : {}),
      env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'acme/labeling', GITHUB_REF: c.pullRequest ? 'refs/pull/5/merge' : 'refs/heads/main' },
    });
    return {
      run,
      requests: [...fake.log],
      beyondReads: fake.beyondReadAhead(),
      comments: github.comments('acme/labeling', 5).map((cm) => cm.body),
      outside,
      legacyToken: accepted,
    };
  } finally {
    await fake.close();
    await github.close();
  }
}

describe('hostile input: each case states its outcome and holds through the bundle', () => {
  beforeAll(async () => {
    await twoAtATime(HOSTILE, async (c) => {
      hostileOutcomes.set(c.name, await runHostile(c));
    });
  }, 240_000);

  it('has every class of bad input and at least 20 cases of its own', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(34);
    expect(new Set(HOSTILE.map((c) => c.name)).size).toBe(HOSTILE.length);
    for (const c of HOSTILE) expect(c.outcome.length).toBeGreaterThan(10);
  });

  it.each(HOSTILE.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const o = hostileOutcomes.get(c.name)!;
    const { run } = o;
    // `::add-mask::` is how a secret is handed to the runner to mask: the one place it may appear.
    const stdout = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const all = `${stdout}\n${run.stderr}\n${run.summary}\n${o.comments.join('\n')}`;
    expect(run.exitCode, `${c.outcome}\n${run.stdout.slice(0, 4000)}\n${run.stderr.slice(0, 2000)}`).toBe(c.exit);

    const patches = o.requests.filter((r) => r.method === 'PATCH').map((r) => {
      const body = r.body as { user_id: number; role: string };
      return [body.user_id, body.role];
    });
    expect(patches, 'PATCHes sent').toEqual(c.patches ?? []);
    if (c.maxRequests !== undefined) expect(o.requests.length, 'requests to Label Studio').toBeLessThanOrEqual(c.maxRequests);
    if (c.stopsBeforeWrites) expect(o.beyondReads, 'requests to Label Studio beyond the reads').toEqual([]);

    const errors = run.annotations.filter((a) => a.level === 'error');
    for (const want of c.errors ?? []) {
      const hit = errors.find(
        (a) =>
          (want.input === undefined || (a.properties.title === `Invalid input ${want.input}` && a.message.startsWith(`Input '${want.input}': `))) &&
          (want.file === undefined || a.properties.file === want.file) &&
          (want.line === undefined || a.properties.line === String(want.line)) &&
          want.message.test(a.message.replace(/\u200B/g, '')),
      );
      expect(hit, `an error ${JSON.stringify({ ...want, message: String(want.message) })}; got\n${show(errors).slice(0, 4000)}`).toBeDefined();
    }
    for (const want of c.summary ?? []) expect(run.summary).toMatch(want);

    // No secret, and no byte of the file outside the workspace, in any output.
    for (const secret of [o.legacyToken, GITHUB_TOKEN, SECRET_CONTENT, 'root:x:0:0']) expect(all).not.toContain(secret);
    // No mention from data in the summary, the comment or an annotation.
    for (const md of [run.summary, ...o.comments]) expect(renderedText(outsideFences(md))).not.toMatch(LIVE_MENTION);
    for (const a of run.annotations) expect(`${a.message}\n${a.properties.title ?? ''}`).not.toMatch(LIVE_MENTION);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(1024 * 1024);
    c.check?.(o);
  });
});
