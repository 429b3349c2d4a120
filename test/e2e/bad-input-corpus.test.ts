// The bad-input corpus, end to end: malformed rosters, ledgers and inputs, each given to the
// bundled action in apply mode against live fakes. Every one must fail the step before the first
// request, with an error annotation that points at the place (file, line, column; or the input by
// name) and says how to fix it. Runs two at a time: each is a Node process.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, hashLine, type EventDraft } from '../../src/ledger.ts';
import { FakeGitHub } from '../fakes/github.ts';
import { FakeLabelStudio, makeLegacyToken } from '../fakes/label-studio.ts';
import { makeWorkspace, runAction, type ActionRun, type Annotation } from '../harness/run-action.ts';

const ROSTER = 'members.yaml';
const LEDGER = 'seat-ledger.jsonl';
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
  labelStudioRequests: number;
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
    return { run, labelStudioRequests: fake.log.length, githubRequests: github.log.length };
  } finally {
    await fake.close();
    await github.close();
  }
}

beforeAll(async () => {
  const queue = [...CASES];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) outcomes.set(c.name, await runCase(c));
  };
  await Promise.all([worker(), worker()]);
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
    expect(outcome.labelStudioRequests, 'requests to Label Studio').toBe(0);
    expect(outcome.githubRequests, 'requests to GitHub').toBe(0);
    expect(run.outputs, 'no outputs: nothing was planned').toEqual({});
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
