// End to end: a bad roster stops the bundled action before its first request, with an error
// annotation on the line and column at fault (docs/roster.md), exit code 1, and nothing written.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeLabelStudio, makeLegacyToken } from '../fakes/label-studio.ts';
import { makeWorkspace, runAction } from '../kit/run-action.ts';

const open: FakeLabelStudio[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
});

interface Position {
  line: number;
  col: number;
}

/** 1-based line and column of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 1): Position {
  let offset = -1;
  for (let i = 0; i < nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`fixture: "${needle}" occurs fewer than ${nth} times`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

/** Where the YAML library itself places a syntax error: the position the error must name. */
function parserPosition(text: string): Position {
  const error = parseDocument(text, { prettyErrors: true }).errors[0];
  if (!error?.linePos) throw new Error('fixture: the YAML parser finds no error');
  return error.linePos[0];
}

interface BadRoster {
  name: string;
  roster: string;
  /** Where the (first) error must point. */
  where: (roster: string) => Position;
  message: RegExp;
}

const HEAD = 'version: 1\norganization: 7\nmembers:\n';

const CASES: BadRoster[] = [
  {
    name: 'a YAML syntax error',
    roster: `${HEAD}  - email: alice@example.com\n    role: manager: lead\n  - email: bob@example.com\n`,
    where: parserPosition,
    message: /YAML syntax error/,
  },
  {
    name: 'an unknown key',
    roster: `${HEAD}  - email: alice@example.com\n    rol: manager\n`,
    where: (r) => at(r, 'rol:'),
    message: /unknown key 'rol'.*did you mean 'role'/,
  },
  {
    name: 'an unknown role',
    roster: `${HEAD}  - email: alice@example.com\n  - email: bob@example.com\n    role: boss\n`,
    where: (r) => at(r, 'boss'),
    message: /unknown role 'boss'/,
  },
  {
    name: 'a member with neither email nor id',
    roster: `${HEAD}  - email: alice@example.com\n  - role: manager\n`,
    where: (r) => at(r, 'role: manager'),
    message: /names no user/,
  },
  {
    name: 'a user twice in members (emails differ in case)',
    roster: `${HEAD}  - email: alice@example.com\n  - email: bob@example.com\n  - email: Alice@Example.com\n    role: manager\n`,
    where: (r) => at(r, 'Alice@Example.com'),
    message: new RegExp(`at line ${at(`${HEAD}  - email: alice@example.com`, 'alice@').line}\\b`),
  },
  {
    name: 'a user in members and in ignore',
    roster: `${HEAD}  - email: alice@example.com\n  - id: 42\nignore:\n  - email: bot@example.com\n  - id: 42\n`,
    where: (r) => at(r, '42', 2),
    message: new RegExp(`user id 42 is in members at line ${at(`${HEAD}  - email: alice@example.com\n  - id: 42`, 'id: 42').line}\\b.*ignore`),
  },
];

async function runWithRoster(roster: string) {
  const token = makeLegacyToken();
  const fake = await FakeLabelStudio.start({
    organizationId: 7,
    members: [
      { userId: 1, email: 'owner@example.com', role: 'OW' },
      { userId: 2, email: 'admin@example.com', role: 'AD' },
      { userId: 42, email: 'bob@example.com', role: 'AN' },
    ],
    selfUserId: 2,
    legacyTokens: [token],
  });
  open.push(fake);
  const workspace = makeWorkspace({ 'members.yaml': roster });
  const run = await runAction({
    inputs: { 'label-studio-url': fake.url, 'label-studio-token': token, 'commit-ledger': 'false' },
    workspace,
    eventName: 'push', // auto mode: an apply, had the roster been valid
  });
  return { run, fake, workspace };
}

describe('a bad roster stops the run before any write', () => {
  for (const c of CASES) {
    it(`${c.name}: exit 1, an error on its line and column, no write`, async () => {
      const { run, fake, workspace } = await runWithRoster(c.roster);
      const { line, col } = c.where(c.roster);

      expect(run.exitCode).toBe(1);
      expect(fake.beyondReadAhead()).toEqual([]);
      const errors = run.annotations.filter((a) => a.level === 'error' && a.properties.file === 'members.yaml');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.properties).toMatchObject({ line: String(line), col: String(col) });
      expect(errors[0]!.message).toMatch(c.message);
      // As the runner reads it: the workflow command with the position in its properties.
      expect(run.stdout).toMatch(new RegExp(`^::error [^\\n]*file=members\\.yaml,line=${line},col=${col}::`, 'm'));
      // Nothing recorded or reported as a plan.
      expect(existsSync(path.join(workspace, 'seat-ledger.jsonl'))).toBe(false);
      expect(run.outputs['plan-file']).toBeUndefined();
      // The job summary says the same, with the position, for those who read the run page.
      expect(run.summary).toContain('## Label Studio Roster Sync: failed');
      expect(run.summary).toContain(`members.yaml:${line}:${col}:`);
    });
  }

  it('reports every problem of the file in one run, each on its own line', async () => {
    const roster = `${HEAD}  - email: alice@example.com\n    role: boss\n  - email: bob@example.com\n    rol: manager\n`;
    const { run, fake } = await runWithRoster(roster);
    expect(run.exitCode).toBe(1);
    expect(fake.beyondReadAhead()).toEqual([]);
    const found = run.annotations
      .filter((a) => a.level === 'error' && a.properties.file === 'members.yaml')
      .map((a) => ({ line: Number(a.properties.line), col: Number(a.properties.col) }));
    expect(found).toEqual([at(roster, 'boss'), at(roster, 'rol:')]);
  });

  it('has already sent whoami when it reports the file: the reads start beside the file checks', async () => {
    // The entry loads the file checks only once whoami's headers are written (src/action/main.ts),
    // so the fake has that request whatever the machine's load; and it is a read, never a write.
    const { run, fake } = await runWithRoster(`${HEAD}  - email: alice@example.com\n    role: boss\n`);
    expect(run.exitCode).toBe(1);
    expect(fake.log.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/current-user/whoami');
    expect(fake.beyondReadAhead()).toEqual([]);
  });
});
