import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError } from '../core/problems.ts';
import { INPUT_NAMES, InputErrors, maxChangesLimit, parseIsoDateTime, readSettings } from './settings.ts';

const WS = path.resolve('/ws');
const BASE_ENV = { GITHUB_WORKSPACE: WS, GITHUB_EVENT_NAME: 'push' };
const REQUIRED = { 'label-studio-url': 'https://ls.example.com', 'label-studio-token': 'tok-123' };

function read(inputs: Record<string, string>, env: NodeJS.ProcessEnv = BASE_ENV) {
  return readSettings((name) => inputs[name] ?? '', env);
}

/** The InputErrors thrown for these inputs, as one message per input. */
function problems(inputs: Record<string, string>, env: NodeJS.ProcessEnv = BASE_ENV): InputError[] {
  try {
    read(inputs, env);
  } catch (e) {
    expect(e).toBeInstanceOf(InputErrors);
    return [...(e as InputErrors).errors];
  }
  throw new Error('expected InputErrors');
}

function problemFor(input: string, inputs: Record<string, string>, env?: NodeJS.ProcessEnv): string {
  const all = problems(inputs, env);
  const mine = all.filter((p) => p.input === input);
  expect(mine, all.map((p) => p.message).join('\n')).toHaveLength(1);
  return mine[0]!.message;
}

describe('defaults', () => {
  it('treats every absent input as the default of action.yml', () => {
    const s = read(REQUIRED);
    expect(s).toMatchObject({
      labelStudioUrl: 'https://ls.example.com',
      labelStudioToken: 'tok-123',
      organizationId: null,
      rosterFile: 'members.yaml',
      rosterPath: path.join(WS, 'members.yaml'),
      ledgerFile: 'seat-ledger.jsonl',
      ledgerPath: path.join(WS, 'seat-ledger.jsonl'),
      requestedMode: 'auto',
      mode: 'apply',
      concurrency: 4,
      delayMs: 250,
      maxRetries: 5,
      requestTimeoutMs: 30000,
      minSeatDays: 7,
      seatLimit: null,
      unmanaged: 'warn',
      maxChanges: { kind: 'count', value: 25 },
      failOnDeferred: false,
      githubToken: null,
      comment: true,
      commitLedger: true,
      asOf: null,
    });
  });

  it('treats empty and blank inputs exactly like absent ones', () => {
    const blank = Object.fromEntries(INPUT_NAMES.map((n) => [n, n.includes('label-studio') ? '' : '   ']));
    expect(read({ ...blank, ...REQUIRED })).toEqual(read(REQUIRED));
  });

  it('reads the runner context with defaults outside the runner', () => {
    const s = readSettings((n) => ({ ...REQUIRED })[n] ?? '', {});
    expect(s.workspace).toBe(process.cwd());
    expect(s.runnerTemp).toBe(path.resolve(os.tmpdir()));
    expect(s.eventName).toBeNull();
    expect(s.eventPath).toBeNull();
    expect(s.ref).toBeNull();
    expect(s.repository).toBeNull();
    expect(s.serverUrl).toBe('https://github.com');
    expect(s.apiUrl).toBe('https://api.github.com');
    expect(s.runUrl).toBeNull();
  });

  it('builds the run URL from the runner variables', () => {
    const s = read(REQUIRED, {
      ...BASE_ENV,
      RUNNER_TEMP: '/tmp/runner',
      GITHUB_EVENT_PATH: '/tmp/event.json',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_SERVER_URL: 'https://ghe.example.com/',
      GITHUB_RUN_ID: '42',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    });
    expect(s).toMatchObject({
      runnerTemp: path.resolve('/tmp/runner'),
      eventPath: '/tmp/event.json',
      ref: 'refs/heads/main',
      repository: 'o/r',
      serverUrl: 'https://ghe.example.com',
      runId: '42',
      apiUrl: 'https://ghe.example.com/api/v3',
      runUrl: 'https://ghe.example.com/o/r/actions/runs/42',
    });
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  };

  it('declares exactly the inputs the settings read, each described', () => {
    expect(Object.keys(action.inputs)).toEqual([...INPUT_NAMES]);
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(20);
  });

  it('declares the defaults of docs/inputs-and-outputs.md', () => {
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, i]) => [name, i.default]));
    expect(defaults).toEqual({
      'label-studio-url': undefined,
      'label-studio-token': undefined,
      'organization-id': undefined,
      roster: 'members.yaml',
      ledger: 'seat-ledger.jsonl',
      mode: 'auto',
      concurrency: '4',
      'delay-ms': '250',
      'max-retries': '5',
      'request-timeout-ms': '30000',
      'min-seat-days': '7',
      'seat-limit': '',
      unmanaged: 'warn',
      'max-changes': '25',
      'fail-on-deferred': 'false',
      'github-token': '${{ github.token }}',
      comment: 'true',
      'commit-ledger': 'true',
      'ledger-branch': '',
      'as-of': '',
    });
    // Nothing is required by the runner: validate mode needs no URL and no token, so the code checks.
    expect(Object.values(action.inputs).every((i) => i.required === false)).toBe(true);
  });

  it('has the same defaults as the code', () => {
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([name, i]) => i.default !== undefined && name !== 'github-token')
        .map(([name, i]) => [name, i.default!]),
    );
    expect(read({ ...declared, ...REQUIRED })).toEqual(read(REQUIRED));
  });
});

describe('valid values', () => {
  it('parses every input', () => {
    const s = read(
      {
        ...REQUIRED,
        'organization-id': '7',
        roster: 'config/team.yaml',
        ledger: './audit/../ledger.jsonl',
        mode: 'plan',
        concurrency: '64',
        'delay-ms': '0',
        'max-retries': '20',
        'request-timeout-ms': '100',
        'min-seat-days': '30',
        'seat-limit': '150',
        unmanaged: 'deactivate',
        'max-changes': '10%',
        'fail-on-deferred': 'TRUE',
        'github-token': ' ghs_abc ',
        comment: 'False',
        'commit-ledger': 'false',
        'as-of': '2026-12-02T10:00:00+01:00',
      },
      { ...BASE_ENV },
    );
    expect(s).toMatchObject({
      organizationId: 7,
      rosterFile: 'config/team.yaml',
      rosterPath: path.join(WS, 'config', 'team.yaml'),
      ledgerFile: 'ledger.jsonl',
      requestedMode: 'plan',
      mode: 'plan',
      concurrency: 64,
      delayMs: 0,
      maxRetries: 20,
      requestTimeoutMs: 100,
      minSeatDays: 30,
      seatLimit: 150,
      unmanaged: 'deactivate',
      maxChanges: { kind: 'percent', value: 10 },
      failOnDeferred: true,
      githubToken: 'ghs_abc',
      comment: false,
      commitLedger: false,
    });
    expect(s.asOf?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it("takes seat-limit auto (any case) as the seat report's limit, and a number or nothing as before", () => {
    for (const value of ['auto', ' AUTO ', 'Auto']) expect(read({ ...REQUIRED, 'seat-limit': value })).toMatchObject({ seatLimit: null, seatLimitAuto: true });
    expect(read({ ...REQUIRED, 'seat-limit': '8' })).toMatchObject({ seatLimit: 8, seatLimitAuto: false });
    expect(read({ ...REQUIRED, 'seat-limit': '' })).toMatchObject({ seatLimit: null, seatLimitAuto: false });
  });

  it.each(['true', 'True', 'TRUE'])('reads %s as true', (v) => {
    expect(read({ ...REQUIRED, 'fail-on-deferred': v }).failOnDeferred).toBe(true);
  });

  it.each(['false', 'False', 'FALSE'])('reads %s as false', (v) => {
    expect(read({ ...REQUIRED, comment: v }).comment).toBe(false);
  });

  it.each([
    ['0', { kind: 'count', value: 0 }],
    ['25', { kind: 'count', value: 25 }],
    ['100%', { kind: 'percent', value: 100 }],
    ['2.5%', { kind: 'percent', value: 2.5 }],
    ['0.1%', { kind: 'percent', value: 0.1 }],
  ])('reads max-changes %s', (v, expected) => {
    expect(read({ ...REQUIRED, 'max-changes': v }).maxChanges).toEqual(expected);
  });

  it('accepts an absolute roster path inside the workspace', () => {
    expect(read({ ...REQUIRED, roster: path.join(WS, 'a', 'b.yaml') }).rosterFile).toBe('a/b.yaml');
  });
});

describe('label-studio-url', () => {
  it.each([
    ['https://app.humansignal.com/', 'https://app.humansignal.com'],
    ['https://ls.example.com/label-studio/', 'https://ls.example.com/label-studio'],
    ['https://LS.Example.com:8443', 'https://ls.example.com:8443'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.5.6.7', 'http://127.5.6.7'],
    ['http://[::1]:8080/', 'http://[::1]:8080'],
  ])('accepts %s as %s', (input, expected) => {
    expect(read({ ...REQUIRED, 'label-studio-url': input }).labelStudioUrl).toBe(expected);
  });

  it.each(['http://localhost.evil.com', 'http://ls.example.com', 'http://128.0.0.1', 'http://10.0.0.1', 'http://[::2]'])(
    'rejects plain http to %s, saying where it is allowed',
    (url) => {
      const message = problemFor('label-studio-url', { ...REQUIRED, 'label-studio-url': url });
      expect(message).toContain("Input 'label-studio-url'");
      expect(message).toContain('https');
      expect(message).toContain('localhost, 127.0.0.0/8, [::1]');
    },
  );

  it.each(['app.humansignal.com', '/api', 'not a url', 'ftp://ls.example.com'])('rejects %s as not an absolute http(s) URL', (url) => {
    const message = problemFor('label-studio-url', { ...REQUIRED, 'label-studio-url': url });
    expect(message).toMatch(/expected an (absolute|https) URL/);
  });

  it('rejects credentials without repeating them', () => {
    const message = problemFor('label-studio-url', { ...REQUIRED, 'label-studio-url': 'https://bob:hunter2@ls.example.com' });
    expect(message).toContain('credentials');
    expect(message).not.toContain('hunter2');
  });

  it.each(['https://ls.example.com/?token=s3cret', 'https://ls.example.com/#s3cret', 'https://ls.example.com/?'])(
    'rejects a query or fragment in %s without repeating it',
    (url) => {
      const message = problemFor('label-studio-url', { ...REQUIRED, 'label-studio-url': url });
      expect(message).toContain('query or fragment');
      expect(message).not.toContain('s3cret');
    },
  );

  it('is required outside validate mode and optional in it', () => {
    expect(problemFor('label-studio-url', { 'label-studio-token': 't', mode: 'plan' })).toContain('is required in plan mode');
    const s = read({ mode: 'validate' });
    expect(s.labelStudioUrl).toBeNull();
    expect(s.labelStudioToken).toBeNull();
  });
});

describe('label-studio-token', () => {
  it.each(['plan', 'apply', 'export', 'auto'])('is required in %s mode', (mode) => {
    const message = problemFor('label-studio-token', { 'label-studio-url': 'https://x.example', mode });
    expect(message).toContain('is required in');
    expect(message).toContain('validate');
  });

  it('is never repeated in a message', () => {
    try {
      read({ ...REQUIRED, 'label-studio-token': 'sekrit-token', concurrency: '0', 'as-of': 'x' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('sekrit-token');
    }
  });
});

describe('workspace paths', () => {
  it.each([
    ['roster', '../members.yaml'],
    ['roster', 'a/../../members.yaml'],
    ['ledger', '/etc/seat-ledger.jsonl'],
    ['ledger', '.'],
  ])('rejects %s %s', (input, value) => {
    const message = problemFor(input, { ...REQUIRED, [input]: value });
    expect(message).toContain(JSON.stringify(value));
    expect(message).toContain('relative to the workspace');
  });

  it('resolves against the workspace, not the current directory', () => {
    const s = read(REQUIRED, { ...BASE_ENV, GITHUB_WORKSPACE: '/elsewhere/ws' });
    expect(s.workspace).toBe(path.resolve('/elsewhere/ws'));
    expect(s.rosterPath).toBe(path.join(path.resolve('/elsewhere/ws'), 'members.yaml'));
  });
});

describe('bad values name the input, the value and what is accepted', () => {
  it.each([
    ['organization-id', '0', 'a whole number of 1 or more'],
    ['organization-id', 'seven', 'a whole number of 1 or more'],
    ['mode', 'dry-run', 'one of auto, plan, apply, validate, export'],
    ['mode', 'PLAN', 'one of auto, plan, apply, validate, export'],
    ['concurrency', '0', 'a whole number from 1 to 64'],
    ['concurrency', '65', 'a whole number from 1 to 64'],
    ['concurrency', '2.5', 'a whole number from 1 to 64'],
    ['concurrency', '1e1', 'a whole number from 1 to 64'],
    ['delay-ms', '-1', 'a whole number from 0 to 60000'],
    ['delay-ms', '60001', 'a whole number from 0 to 60000'],
    ['max-retries', '21', 'a whole number from 0 to 20'],
    ['request-timeout-ms', '99', 'a whole number from 100 to 600000'],
    ['request-timeout-ms', '600001', 'a whole number from 100 to 600000'],
    ['min-seat-days', '0', 'a whole number from 1 to 365'],
    ['min-seat-days', '0.5', 'a whole number from 1 to 365'],
    ['seat-limit', '0', 'a whole number of 1 or more, or nothing'],
    ['seat-limit', 'ten', 'a whole number of 1 or more, or nothing'],
    ['seat-limit', 'automatic', 'or auto (the limit from the organization\'s seat report)'],
    ['unmanaged', 'delete', 'one of ignore, warn, deactivate'],
    ['max-changes', '-1', 'e.g. 25'],
    ['max-changes', '0%', 'above 0% and up to 100%'],
    ['max-changes', '101%', 'above 0% and up to 100%'],
    ['max-changes', 'ten', 'e.g. 10%'],
    ['fail-on-deferred', 'yes', 'true or false'],
    ['comment', '1', 'true or false'],
    ['commit-ledger', 'on', 'true or false'],
    ['ledger-branch', 'seat ledger', 'a branch name such as seat-ledger'],
    ['ledger-branch', 'a..b', 'a branch name such as seat-ledger'],
    ['ledger-branch', 'x.lock', 'a branch name such as seat-ledger'],
  ])('%s: %s', (input, value, accepted) => {
    const message = problemFor(input, { ...REQUIRED, [input]: value });
    expect(message).toContain(`Input '${input}'`);
    expect(message).toContain(JSON.stringify(value));
    expect(message).toContain(accepted);
  });

  it('reports every bad input at once', () => {
    const all = problems({
      'label-studio-url': 'http://ls.example.com',
      concurrency: '0',
      unmanaged: 'nope',
      comment: 'maybe',
      'as-of': 'tomorrow',
    });
    // as-of twice: it is malformed, and it is not accepted in apply mode at all.
    expect(all.map((p) => p.input).sort()).toEqual(['as-of', 'as-of', 'comment', 'concurrency', 'label-studio-token', 'label-studio-url', 'unmanaged']);
  });
});

describe('ledger-branch', () => {
  it('is the branch name, without refs/heads/, and null when empty', () => {
    expect(read({ ...REQUIRED, 'ledger-branch': 'refs/heads/seat-ledger' }).ledgerBranch).toBe('seat-ledger');
    expect(read({ ...REQUIRED, 'ledger-branch': 'ledgers/roster' }).ledgerBranch).toBe('ledgers/roster');
    expect(read(REQUIRED).ledgerBranch).toBeNull();
  });

  it('with commit-ledger: false is an input error naming both inputs', () => {
    const message = problemFor('ledger-branch', { ...REQUIRED, 'ledger-branch': 'seat-ledger', 'commit-ledger': 'false' });
    expect(message).toContain("Input 'ledger-branch'");
    expect(message).toContain('commit-ledger is false');
    expect(message).toContain('commit-ledger: true');
  });
});

describe('mode', () => {
  it.each([
    ['pull_request', 'plan'],
    ['pull_request_target', 'plan'],
    ['merge_group', 'plan'],
    ['push', 'apply'],
    ['schedule', 'apply'],
    ['workflow_dispatch', 'apply'],
    ['', 'apply'],
  ])('auto on %s is %s', (event, mode) => {
    const s = read(REQUIRED, { GITHUB_WORKSPACE: WS, GITHUB_EVENT_NAME: event });
    expect(s.requestedMode).toBe('auto');
    expect(s.mode).toBe(mode);
  });

  it.each(['plan', 'apply', 'validate', 'export'])('an explicit %s wins over the event', (mode) => {
    const s = read({ ...REQUIRED, mode }, { GITHUB_WORKSPACE: WS, GITHUB_EVENT_NAME: 'pull_request' });
    expect(s.requestedMode).toBe(mode);
    expect(s.mode).toBe(mode);
  });
});

describe('as-of', () => {
  it.each([
    ['2026-12-02T09:00:00Z', '2026-12-02T09:00:00.000Z'],
    ['2026-12-02T09:00Z', '2026-12-02T09:00:00.000Z'],
    ['2026-12-02T09:00:00.123456Z', '2026-12-02T09:00:00.123Z'],
    ['2026-12-02T09:00:00.5+00:00', '2026-12-02T09:00:00.500Z'],
    ['2026-12-02T01:30:00-0730', '2026-12-02T09:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2026-01-01T00:00:00+14:00', '2025-12-31T10:00:00.000Z'],
  ])('accepts %s in plan mode', (value, iso) => {
    expect(read({ ...REQUIRED, mode: 'plan', 'as-of': value }).asOf?.toISOString()).toBe(iso);
  });

  it('is accepted when auto resolves to plan', () => {
    const s = read({ ...REQUIRED, 'as-of': '2026-12-02T09:00:00Z' }, { GITHUB_WORKSPACE: WS, GITHUB_EVENT_NAME: 'pull_request' });
    expect(s.mode).toBe('plan');
    expect(s.asOf?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it.each([
    'tomorrow',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-12-02',
    '2026-12-02T09:00:00',
    '2026-12-02T24:00:00Z',
    '2026-12-02T09:60:00Z',
    '2026-12-02 09:00:00Z',
    'Wed, 02 Dec 2026 09:00:00 GMT',
    '1764666000000',
  ])('rejects %s', (value) => {
    const message = problemFor('as-of', { ...REQUIRED, mode: 'plan', 'as-of': value });
    expect(message).toContain(JSON.stringify(value));
    expect(message).toContain('ISO-8601 date-time with a time zone');
  });

  it.each(['apply', 'validate', 'export'])('is an input error in %s mode', (mode) => {
    const message = problemFor('as-of', { ...REQUIRED, mode, 'as-of': '2026-12-02T09:00:00Z' });
    expect(message).toContain('only accepted in plan mode');
    expect(message).toContain(mode);
  });

  it('is an input error when auto resolves to apply, and says why', () => {
    const message = problemFor('as-of', { ...REQUIRED, 'as-of': '2026-12-02T09:00:00Z' }, { GITHUB_WORKSPACE: WS, GITHUB_EVENT_NAME: 'schedule' });
    expect(message).toContain('the mode is apply (mode auto on a schedule event)');
  });

  it('parseIsoDateTime agrees with Date for well-formed input', () => {
    expect(parseIsoDateTime('2026-11-28T10:00:00.000Z')?.getTime()).toBe(Date.parse('2026-11-28T10:00:00.000Z'));
    expect(parseIsoDateTime('2026-11-28T10:00:00.000+05:30')?.getTime()).toBe(Date.parse('2026-11-28T10:00:00.000+05:30'));
    expect(parseIsoDateTime('2026-11-28')).toBeNull();
  });
});

describe('maxChangesLimit', () => {
  it('returns a count as is', () => {
    expect(maxChangesLimit({ kind: 'count', value: 25 }, 1000)).toBe(25);
    expect(maxChangesLimit({ kind: 'count', value: 0 }, 1000)).toBe(0);
  });

  it('rounds a share of the members down', () => {
    expect(maxChangesLimit({ kind: 'percent', value: 10 }, 30)).toBe(3);
    expect(maxChangesLimit({ kind: 'percent', value: 10 }, 39)).toBe(3);
    expect(maxChangesLimit({ kind: 'percent', value: 100 }, 12)).toBe(12);
    expect(maxChangesLimit({ kind: 'percent', value: 0.1 }, 3000)).toBe(3);
  });

  it('never lets a share round to zero', () => {
    expect(maxChangesLimit({ kind: 'percent', value: 10 }, 5)).toBe(1);
    expect(maxChangesLimit({ kind: 'percent', value: 1 }, 0)).toBe(1);
  });
});
