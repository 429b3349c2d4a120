import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ROLE_PATTERN, RosterDocument, parseRoster, rosterJsonSchema, SCHEMA_URL } from './roster.ts';
import { ValidationError } from '../core/problems.ts';
import { ROLE_CODES, ROLE_NAMES, parseRole } from '../core/roles.ts';

const FILE = 'members.yaml';

/** [line, column, message] of every problem, or a failure when the roster parses. */
function problems(source: string | Uint8Array): [number, number, string][] {
  try {
    parseRoster(source, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    for (const p of problems) expect(p.file).toBe(FILE);
    return problems.map((p) => [p.line, p.column, p.message]);
  }
  throw new Error('expected the roster to be refused');
}

/** The one problem of a roster with exactly one. */
function problem(source: string | Uint8Array): [number, number, string] {
  const all = problems(source);
  expect(all, JSON.stringify(all)).toHaveLength(1);
  return all[0]!;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('parseRoster: valid rosters', () => {
  it('reads the documented example with positions of every entry', () => {
    const roster = parseRoster(
      lines(
        'version: 1',
        'organization: 7            # optional',
        'defaults:',
        '  role: annotator          # role of members who name none',
        'members:',
        '  - email: alice@example.com',
        '    role: manager',
        '  - email: bob@example.com           # annotator, from defaults',
        '  - id: 1234                         # a Label Studio user id instead of an email',
        '    role: reviewer',
        '  - email: carol@example.com',
        '    role: deactivated',
        '  - email: dave@example.com',
        '    role: deactivated',
        '    offboard: true                   # security first: release now, see section 5',
        'ignore:                              # never touched, never reported as unmanaged',
        '  - email: ops-bot@example.com',
      ),
      FILE,
    );
    expect(roster).toEqual({
      file: FILE,
      organization: 7,
      defaultRole: 'AN',
      members: [
        { email: 'alice@example.com', id: null, role: 'MA', offboard: false, line: 6, column: 5 },
        { email: 'bob@example.com', id: null, role: 'AN', offboard: false, line: 8, column: 5 },
        { email: null, id: 1234, role: 'RE', offboard: false, line: 9, column: 5 },
        { email: 'carol@example.com', id: null, role: 'DI', offboard: false, line: 11, column: 5 },
        { email: 'dave@example.com', id: null, role: 'DI', offboard: true, line: 13, column: 5 },
      ],
      ignore: [{ email: 'ops-bot@example.com', id: null, line: 17, column: 5 }],
    });
  });

  it('defaults to annotator, no organization and no ignore list', () => {
    const roster = parseRoster('version: 1\nmembers:\n  - email: a@example.com\n', FILE);
    expect(roster.organization).toBeNull();
    expect(roster.defaultRole).toBe('AN');
    expect(roster.members[0]!.role).toBe('AN');
    expect(roster.ignore).toEqual([]);
  });

  it('applies defaults.role to members without a role', () => {
    const roster = parseRoster('version: 1\ndefaults: {role: Reviewer}\nmembers: [{email: a@example.com}, {id: 3, role: NO}]\n', FILE);
    expect(roster.defaultRole).toBe('RE');
    expect(roster.members.map((m) => m.role)).toEqual(['RE', 'NO']);
  });

  it('accepts role codes and names in any case, ignoring spaces, hyphens and underscores', () => {
    const roles = ['ma', 'Manager', 'NOT ACTIVATED', 'not_activated', 'Not-Activated', 'aD', 'admin', 'Deactivated'];
    const roster = parseRoster(
      'version: 1\nmembers:\n' + roles.map((r, i) => `  - id: ${i + 1}\n    role: ${r}\n`).join(''),
      FILE,
    );
    expect(roster.members.map((m) => m.role)).toEqual(['MA', 'MA', 'NO', 'NO', 'NO', 'AD', 'AD', 'DI']);
  });

  it('lower-cases and trims emails', () => {
    const roster = parseRoster('version: 1\nmembers:\n  - email: "  Alice@Example.COM "\n', FILE);
    expect(roster.members[0]!.email).toBe('alice@example.com');
  });

  it('allows offboard on the non-seat roles, also through defaults', () => {
    const roster = parseRoster(
      'version: 1\ndefaults: {role: deactivated}\nmembers:\n  - {email: a@example.com, offboard: true}\n  - {email: b@example.com, role: NO, offboard: true}\n  - {email: c@example.com, role: AN, offboard: false}\n',
      FILE,
    );
    expect(roster.members.map((m) => [m.role, m.offboard])).toEqual([
      ['DI', true],
      ['NO', true],
      ['AN', false],
    ]);
  });

  it('accepts bytes with a byte-order mark, and an empty members list', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('version: 1\nmembers: []\n')]);
    expect(parseRoster(bytes, FILE).members).toEqual([]);
  });
});

describe('parseRoster: problems at their line and column', () => {
  it('an unknown key, at the key, with the expected keys and a suggestion', () => {
    expect(problem('version: 1\nmembers:\n  - email: a@example.com\n    rol: manager\n')).toEqual([
      4,
      5,
      "unknown key 'rol'; expected one of email, id, role, offboard (did you mean 'role'?)",
    ]);
  });

  it('an unknown top-level key', () => {
    expect(problem('version: 1\nmembers: []\nmembres: []\n')).toEqual([
      3,
      1,
      "unknown key 'membres'; expected one of version, organization, defaults, members, ignore (did you mean 'members'?)",
    ]);
  });

  it('an unknown key in defaults and in ignore', () => {
    const all = problems('version: 1\ndefaults:\n  roles: AN\nmembers: []\nignore:\n  - email: a@example.com\n    role: AN\n');
    expect(all.map(([l, c]) => [l, c])).toEqual([
      [3, 3],
      [7, 5],
    ]);
    expect(all[0]![2]).toMatch(/unknown key 'roles'; expected one of role/);
    expect(all[1]![2]).toMatch(/unknown key 'role'; expected one of email, id$/);
  });

  it('a wrong type, at the value', () => {
    expect(problem('version: 1\norganization: seven\nmembers: []\n')).toEqual([
      2,
      15,
      "organization must be a positive whole number (the Label Studio organization id), found 'seven'",
    ]);
    const [line, column, message] = problem('version: 1\nmembers:\n  - email: a@example.com\n    offboard: yes\n');
    expect([line, column]).toEqual([4, 15]);
    expect(message).toMatch(/offboard must be true or false, found 'yes'; YAML 1.2 reads yes\/no/);
  });

  it('an unknown role, at the value, listing the accepted codes and names', () => {
    const [line, column, message] = problem('version: 1\nmembers:\n  - email: a@example.com\n    role: managr\n');
    expect([line, column]).toEqual([4, 11]);
    expect(message).toBe(
      "unknown role 'managr'; use one of OW (owner), AD (administrator), MA (manager), RE (reviewer), AN (annotator), DI (deactivated), NO (not-activated) (codes or names, any case)",
    );
    expect(problem('version: 1\ndefaults:\n  role: 3\nmembers: []\n')).toEqual([
      3,
      9,
      expect.stringMatching(/^role must be a role code or name, found 3; use one of OW/),
    ]);
    expect(problem('version: 1\nmembers:\n  - {id: 1, role: VO}\n')[2]).toMatch(/^unknown role 'VO'/);
  });

  it('a member naming neither email nor id, or both', () => {
    expect(problem('version: 1\nmembers:\n  - role: manager\n')).toEqual([
      3,
      5,
      'this member names no user; add `email: …` (or `id: …` for a user without an email)',
    ]);
    expect(problem('version: 1\nmembers:\n  - email: a@example.com\n    id: 4\n')).toEqual([
      3,
      5,
      'this member names both email and id; keep one — the email, or the id for a user without one',
    ]);
    expect(problem('version: 1\nmembers: []\nignore:\n  - {}\n')).toEqual([4, 5, expect.stringMatching(/^this ignore entry names no user/)]);
  });

  it('an email that is not an email, including date-looking and numeric values', () => {
    expect(problem('version: 1\nmembers:\n  - email: alice.example.com\n')).toEqual([
      3,
      12,
      "'alice.example.com' is not an email address; write the user's Label Studio email, e.g. alice@example.com",
    ]);
    expect(problem('version: 1\nmembers:\n  - email: 2024-01-01\n')).toEqual([3, 12, expect.stringMatching(/^'2024-01-01' is not an email address/)]);
    expect(problem('version: 1\nmembers:\n  - email: 1234\n')).toEqual([
      3,
      12,
      'email must be an email address, found 1234; to name a user by Label Studio id write `id: 1234`',
    ]);
    expect(problem('version: 1\nmembers:\n  - email:\n')).toEqual([3, 11, expect.stringMatching(/^email must be an email address, found nothing/)]);
  });

  it('ids that are not positive whole numbers', () => {
    const message = (v: string) => `id must be a positive whole number (a Label Studio user id), found ${v}`;
    expect(problem('version: 1\nmembers:\n  - id: -3\n')).toEqual([3, 9, message('-3')]);
    expect(problem('version: 1\nmembers:\n  - id: 0\n')).toEqual([3, 9, message('0')]);
    expect(problem('version: 1\nmembers:\n  - id: 1.5\n')).toEqual([3, 9, message('1.5')]);
    expect(problem('version: 1\nmembers:\n  - id: "12"\n')).toEqual([3, 9, message("'12'") + '; remove the quotes']);
  });

  it('offboard on a seat role, at the offboard value', () => {
    expect(problem('version: 1\nmembers:\n  - email: a@example.com\n    role: manager\n    offboard: true\n')).toEqual([
      5,
      15,
      'offboard: true releases the seat at once, so the role must be deactivated (DI) or not-activated (NO), not MA (manager); set `role: deactivated` or remove offboard',
    ]);
    expect(problem('version: 1\nmembers:\n  - email: a@example.com\n    offboard: true\n')[2]).toMatch(
      /not AN \(annotator\) \(from defaults\.role\)/,
    );
  });

  it('a user named twice: at the second occurrence, naming the first line', () => {
    expect(problem('version: 1\nmembers:\n  - email: alice@example.com\n  - email: bob@example.com\n  - email: Alice@Example.com\n')).toEqual([
      5,
      12,
      'alice@example.com is already listed in members at line 3; list each user once — remove one of the two',
    ]);
    expect(problem('version: 1\nmembers:\n  - id: 7\n  - id: 7\n    role: AN\n')).toEqual([
      4,
      9,
      'user id 7 is already listed in members at line 3; list each user once — remove one of the two',
    ]);
    expect(problem('version: 1\nmembers: []\nignore:\n  - email: bot@example.com\n  - email: BOT@example.com\n')).toEqual([
      5,
      12,
      'bot@example.com is already listed in ignore at line 4; list each user once — remove one of the two',
    ]);
  });

  it('a user in members and in ignore, whichever section comes first', () => {
    expect(problem('version: 1\nmembers:\n  - email: a@example.com\nignore:\n  - email: A@example.com\n')).toEqual([
      5,
      12,
      'a@example.com is in members at line 3 and again in ignore; a user is either managed (members) or left alone (ignore) — remove one of the two',
    ]);
    expect(problem('version: 1\nignore:\n  - id: 9\nmembers:\n  - id: 9\n')).toEqual([
      5,
      9,
      'user id 9 is in ignore at line 3 and again in members; a user is either managed (members) or left alone (ignore) — remove one of the two',
    ]);
  });

  it('version missing or not 1', () => {
    expect(problem('members: []\n')).toEqual([1, 1, 'version is missing; add `version: 1` as the first line']);
    expect(problem('version: 2\nmembers: []\n')).toEqual([1, 10, 'version must be 1, found 2; this action reads roster version 1']);
    expect(problem('version: "1"\nmembers: []\n')).toEqual([1, 10, "version must be 1, found '1'; this action reads roster version 1"]);
  });

  it('members missing, empty or not a list', () => {
    expect(problem('version: 1\n')[2]).toMatch(/^members is missing; add `members:`/);
    expect(problem('version: 1\nmembers:\n')).toEqual([2, 9, expect.stringMatching(/^members must be a list .* found nothing; write `members: \[\]` for none$/)]);
    expect(problem('version: 1\nmembers:\n  - alice@example.com\n')).toEqual([
      3,
      5,
      "each member is a mapping with email or id, and optionally role and offboard, found 'alice@example.com'; write `- email: alice@example.com`",
    ]);
  });

  it('an empty file, a file of comments, a file that is not a mapping', () => {
    const empty = 'the roster is empty; start it with `version: 1` and a `members:` list';
    expect(problem('')).toEqual([1, 1, empty]);
    expect(problem('# nothing yet\n\n')).toEqual([1, 1, empty]);
    expect(problem('- a\n- b\n')).toEqual([1, 1, 'the roster must be a mapping with `version: 1` and `members:`, found a list']);
    expect(problem('hello\n')).toEqual([1, 1, "the roster must be a mapping with `version: 1` and `members:`, found 'hello'"]);
  });

  it('YAML syntax errors where the parser reports them', () => {
    const [line, column, message] = problem('version: 1\nmembers:\n  - email: "a@example.com\n');
    expect([line, column]).toEqual([4, 1]);
    expect(message).toMatch(/^YAML syntax error: Missing closing "quote/);
    expect(problem('version: 1\nmembers:\n\t- email: a@example.com\n')).toEqual([
      3,
      1,
      'a tab is used for indentation; YAML indents with spaces — replace the tab with spaces',
    ]);
    expect(problem('version: 1\nmembers: []\n---\nversion: 1\n')).toEqual([
      3,
      1,
      'a second YAML document starts here; a roster is one document — remove the `---` line and merge the two',
    ]);
  });

  it('a duplicate key, at the second one, and the other problems alongside', () => {
    expect(problems('version: 1\nmembers:\n  - email: a@example.com\n    role: AN\n    role: MA\n  - id: -1\n')).toEqual([
      [5, 5, "duplicate key 'role'; a key may appear once in each mapping — remove one of them"],
      [6, 9, 'id must be a positive whole number (a Label Studio user id), found -1'],
    ]);
  });

  it('anchors, aliases and tags', () => {
    expect(problems('version: 1\nx: &who a@example.com\nmembers:\n  - email: *who\n')).toEqual([
      [2, 1, expect.stringMatching(/^unknown key 'x'/)],
      [2, 9, 'anchors (&who) are not allowed in a roster; remove the anchor'],
      [4, 12, 'aliases (*who) are not allowed in a roster; write the value out in full'],
    ]);
    expect(problem('version: 1\nmembers:\n  - email: !!binary YUBleGFtcGxlLmNvbQ==\n')).toEqual([
      3,
      21,
      'YAML tags (!!binary) are not allowed in a roster; remove the tag and write a plain value',
    ]);
    expect(problem('version: 1\nmembers:\n  - !person {email: a@example.com}\n')).toEqual([3, 13, expect.stringMatching(/^YAML tags \(!person\)/)]);
  });

  it('keys that are collections', () => {
    expect(problem('version: 1\nmembers: []\n? [a, b]\n: 1\n')).toEqual([3, 3, 'a key must be a plain word such as email or role; remove the brackets']);
  });

  it('refuses a billion-laughs document without expanding it', () => {
    const laughs = ['version: 1', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    laughs.push('members: *j');
    const all = problems(lines(...laughs));
    expect(all).toContainEqual([3, 8, 'aliases (*a) are not allowed in a roster; write the value out in full']);
    // One problem per alias would be 81 annotations; the list is capped with a pointer to the rest.
    expect(all).toHaveLength(51);
    expect(all[50]![2]).toMatch(/^…and \d+ more problems not shown/);
  });

  it('refuses nesting deeper than 20 levels before composing it', () => {
    expect(problem('version: 1\nmembers: ' + '['.repeat(25) + ']'.repeat(25) + '\n')).toEqual([
      2,
      29,
      'nesting deeper than 20 levels; a roster is only a few levels deep — check the brackets and indentation',
    ]);
    const deep = problem('version: 1\nmembers: ' + '['.repeat(20_000) + '\n');
    expect(deep[2]).toMatch(/^nesting deeper than 20 levels/);
    expect(problem('version: 1\nmembers:\n' + '  - '.repeat(30) + 'x\n')[2]).toMatch(/^nesting deeper than 20 levels/);
  });

  it('refuses a roster over 8 MiB, as text or bytes', () => {
    const big = 'version: 1\nmembers:\n' + '  - email: someone@example.com\n'.repeat(320_000);
    expect(big.length).toBeGreaterThan(9 * 1024 * 1024);
    const message = /^the roster is 9(\.\d)? MiB, over the 8 MiB limit; check that members\.yaml is the right file$/;
    expect(problem(big)).toEqual([1, 1, expect.stringMatching(message)]);
    expect(problem(new TextEncoder().encode(big))).toEqual([1, 1, expect.stringMatching(message)]);
  });

  it('refuses bytes that are not UTF-8, at the first bad byte', () => {
    const bytes = new TextEncoder().encode('version: 1\nmembers:\n  - email: zoë@example.com\n');
    const at = bytes.indexOf(0xc3);
    const latin1 = new Uint8Array([...bytes.subarray(0, at), 0xeb, ...bytes.subarray(at + 2)]);
    expect(problem(latin1)).toEqual([
      3,
      14,
      'byte 0xeb is not valid UTF-8; the roster must be UTF-8 text — save it as UTF-8 in your editor',
    ]);
    expect(problem(new Uint8Array([0xff, 0x0a]))).toEqual([1, 1, expect.stringMatching(/^byte 0xff is not valid UTF-8/)]);
  });

  it('reports every problem at once, in file order', () => {
    const all = problems(
      lines(
        'version: 3',
        'members:',
        '  - email: nope',
        '    role: wizard',
        '  - id: 0',
        '    colour: blue',
        'ignore:',
        '  - role: AN',
      ),
    );
    expect(all.map(([l, c]) => [l, c])).toEqual([
      [1, 10],
      [3, 12],
      [4, 11],
      [5, 9],
      [6, 5],
      [8, 5],
      [8, 5],
    ]);
  });
});

describe('parseRoster: never throws anything but ValidationError', () => {
  const expectOnlyValidationError = (source: string | Uint8Array) => {
    try {
      parseRoster(source, FILE);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const p of error.problems) {
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.column).toBeGreaterThanOrEqual(1);
        expect(p.message.length).toBeGreaterThan(0);
      }
    }
  };

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), expectOnlyValidationError), { numRuns: 300 });
  });

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), expectOnlyValidationError), { numRuns: 300 });
  });

  it('on YAML-ish token soup', () => {
    const token = fc.constantFrom(
      'version: 1\n', 'members:\n', 'ignore:\n', 'defaults:\n', '  - ', '    ', 'email: a@example.com', 'email: ', 'id: 5',
      'id: -1', 'role: MA', 'role: x', 'offboard: true', '[', ']', '{', '}', ', ', ': ', '&a ', '*a', '!!binary ', '!x ',
      '"', "'", '\t', '\n', '# c', '- ', '? ', '---\n', '...\n', ' ', '%YAML 1.1\n', '|\n', '>-\n', '<<: ', '~', 'null',
      '\u00e9', '\uFEFF', '\r\n', '\\', '@', '1e999', '0x1F', '.nan',
    );
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }).map((t) => t.join('')), expectOnlyValidationError), { numRuns: 500 });
  });

  it('on arbitrary documents, refusing every one the schema refuses', () => {
    const junk = fc.anything({ maxDepth: 2, maxKeys: 3 });
    const member = fc.record(
      {
        email: fc.oneof(fc.emailAddress(), fc.string(), fc.integer()),
        id: fc.oneof(fc.integer(), fc.double(), fc.string()),
        role: fc.oneof(fc.constantFrom(...ROLE_CODES, 'manager', 'wizard'), junk),
        offboard: fc.oneof(fc.boolean(), junk),
        extra: junk,
      },
      { requiredKeys: [] },
    );
    const doc = fc.record(
      {
        version: fc.oneof(fc.constant(1), junk),
        organization: fc.oneof(fc.nat(), junk),
        defaults: fc.oneof(fc.record({ role: fc.string() }), junk),
        members: fc.oneof(fc.array(member, { maxLength: 6 }), junk),
        ignore: fc.oneof(fc.array(member, { maxLength: 3 }), junk),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(doc, (value) => {
        const text = stringify(value);
        expectOnlyValidationError(text);
        if (!RosterDocument.safeParse(value).success) {
          expect(() => parseRoster(text, FILE)).toThrow(ValidationError);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('role pattern and JSON Schema', () => {
  it('the role pattern accepts exactly what parseRole accepts', () => {
    const pattern = new RegExp(ROLE_PATTERN);
    const words = [...ROLE_CODES, ...ROLE_CODES.map((c) => ROLE_NAMES[c]), 'admin', 'VO', 'view-only', 'own', 'annotators'];
    const variant = fc
      .tuple(fc.constantFrom(...words), fc.array(fc.constantFrom(' ', '-', '_', 'x', ''), { maxLength: 3 }), fc.infiniteStream(fc.boolean()))
      .map(([word, noise, upper]) => {
        const chars = [...word].map((ch) => (upper.next().value ? ch.toUpperCase() : ch.toLowerCase()));
        for (const n of noise) chars.splice(Math.floor(chars.length / 2), 0, n);
        return chars.join('');
      });
    fc.assert(
      fc.property(fc.oneof(variant, fc.string({ maxLength: 12 })), (s) => {
        expect(pattern.test(s)).toBe(parseRole(s) !== undefined);
      }),
      { numRuns: 1000 },
    );
  });

  it('has an $id, a title and a description for every field', () => {
    const schema = rosterJsonSchema() as Record<string, unknown> & { properties: Record<string, { description?: string }> };
    expect(schema.$id).toBe(SCHEMA_URL);
    expect(schema.title).toMatch(/roster/);
    for (const [key, field] of Object.entries(schema.properties)) expect(field.description, key).toBeTruthy();
  });

  it('schema/members.schema.json is the generated schema (run node scripts/schema.ts after changing it)', () => {
    const onDisk = readFileSync(new URL('../../schema/members.schema.json', import.meta.url), 'utf8');
    expect(onDisk).toBe(JSON.stringify(rosterJsonSchema(), null, 2) + '\n');
  });
});
