import fc from 'fast-check';
import { EXPORT_SAMPLE } from '../../test/kit/roster-samples.ts';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/problems.ts';
import { z } from 'zod';
import { MAX_EMAIL_LENGTH } from '../core/identity.ts';
import { isPlainEmail, readPlainRoster } from './roster-plain.ts';
import { parseRoster, parseRosterYaml } from './roster.ts';
import { renderRoster } from './roster-writer.ts';
import { PROPERTY_SCALE } from '../../test/kit/property-scale.ts';

// The plain reader must never answer differently from the YAML parse: either it gives up (null)
// or it returns exactly the roster the YAML parse returns. Problems are only ever the YAML
// parse's, so a roster it would refuse must make the plain reader give up.

const FILE = 'members.yaml';
/** Raised by `npm run test:long` (PROPERTY_SCALE). */
const SCALE = PROPERTY_SCALE;

function yamlAnswer(text: string): unknown {
  try {
    return parseRosterYaml(text, FILE);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return 'refused';
  }
}

function expectSameAnswer(text: string): ReturnType<typeof readPlainRoster> {
  const plain = readPlainRoster(text, FILE);
  if (plain !== null) expect(plain, JSON.stringify(text)).toStrictEqual(yamlAnswer(text));
  return plain;
}

const email = fc
  .tuple(fc.constantFrom('ann', 'Bob', 'c.d', 'e_f+g', 'h-i', '7'), fc.integer({ min: 0, max: 9 }), fc.constantFrom('example.com', 'Example.COM', 'x-y.org'))
  .map(([local, n, domain]) => `${local}${n}@${domain}`);
const role = fc.constantFrom('annotator', 'Reviewer', 'RE', 'MA', 'not-activated', 'not_activated', 'deactivated', 'DI', 'NO', 'admin', 'owner');
const id = fc.integer({ min: 1, max: 40 }).map(String);
const comment = fc.constantFrom('', '  # note', ' #x', '   # Zoë, ünïcode and\ttab');
const blank = fc.constantFrom([], [''], ['# a comment'], ['   '], ['  # indented comment']);

/** One list entry as lines, at a given indentation, in the plain layout. */
const entry = (section: 'members' | 'ignore') =>
  fc
    .record({
      who: fc.oneof(email.map((e) => `email: ${e}`), id.map((i) => `id: ${i}`)),
      role: section === 'members' ? fc.option(role.map((r) => `role: ${r}`), { nil: undefined }) : fc.constant(undefined),
      offboard: section === 'members' ? fc.option(fc.constantFrom('offboard: true', 'offboard: false'), { nil: undefined }) : fc.constant(undefined),
      after: comment,
      spaces: fc.constantFrom(' ', '  '),
    })
    .map(({ who, role, offboard, after, spaces }) => [who, role, offboard].filter((k): k is string => k !== undefined).map((k) => k.replace(': ', `:${spaces}`) + after));

const layout = fc.record({
  indent: fc.constantFrom(0, 2, 4),
  organization: fc.option(id, { nil: undefined }),
  defaults: fc.option(role, { nil: undefined }),
  members: fc.array(fc.tuple(entry('members'), blank), { minLength: 1, maxLength: 8 }),
  ignore: fc.option(fc.array(entry('ignore'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  ignoreFirst: fc.boolean(),
  newline: fc.constantFrom('\n', '\r\n'),
  head: blank,
});

function render(l: typeof layout extends fc.Arbitrary<infer T> ? T : never): string {
  const pad = ' '.repeat(l.indent);
  const list = (entries: string[][]) => entries.flatMap(([first, ...rest]) => [`${pad}- ${first}`, ...rest.map((k) => `${pad}  ${k}`)]);
  const members = ['members:', ...l.members.flatMap(([e, b]) => [...list([e]), ...b])];
  const ignore = l.ignore ? ['ignore:  # never touched', ...list(l.ignore)] : [];
  return [
    ...l.head,
    'version: 1',
    ...(l.organization ? [`organization: ${l.organization}`] : []),
    ...(l.defaults ? ['defaults:', `  role: ${l.defaults}`] : []),
    ...(l.ignoreFirst ? [...ignore, ...members] : [...members, ...ignore]),
  ].join(l.newline) + l.newline;
}

describe('readPlainRoster', () => {
  it('reads the plain layout as the YAML parse does, positions included', () => {
    let taken = 0;
    fc.assert(
      fc.property(layout, (l) => {
        const text = render(l);
        const plain = expectSameAnswer(text);
        // Refused rosters (a user named twice, offboard with a seat role) must fall through.
        if (yamlAnswer(text) !== 'refused') {
          expect(plain, text).not.toBeNull();
          taken++;
        } else expect(plain, text).toBeNull();
      }),
      { numRuns: 400 * SCALE },
    );
    expect(taken).toBeGreaterThan(100 * SCALE);
  });

  it('gives up, or agrees, when the layout is damaged anywhere', () => {
    const damage = fc.constantFrom(
      '\t', '\r', ' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '&a ', '*a', '!!str ', '[', '{', '~', 'null', 'yes', 'True',
      '0', '07', '1e3', '---\n', '...\n', '\n', 'x', '@', '\u00e9', '\u2028', '\u0085', '\ufeff', '\x00', '\x7f', 'role: RE', 'email: z@example.com', 'id: 5',
      '\u2029', '\u00a0', '\v', '\f', 'A', '.', '%', 'offboard: true', 'defaults:\n  role: DI\n', '\r\n', '  - email: a@example.com\n',
    );
    let accepted = 0;
    fc.assert(
      fc.property(layout, fc.array(fc.tuple(fc.nat(), damage, fc.nat(3)), { minLength: 1, maxLength: 2 }), (l, edits) => {
        let text = render(l);
        for (const [at, insert, remove] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + remove);
        }
        if (expectSameAnswer(text) !== null) accepted++;
      }),
      { numRuns: 2000 * SCALE },
    );
    // Some damage leaves a valid plain roster (an extra space, a comment): those must agree too.
    expect(accepted).toBeGreaterThan(20);
  });

  it('gives up on what the YAML parse refuses or reads differently', () => {
    const cases = [
      'version: 1\nmembers:\n  - email: a@example.com\n  - email: A@example.com\n', // named twice
      'version: 1\nmembers:\n  - email: a@example.com\n    offboard: true\n', // offboard with a seat role
      'version: 1\nmembers:\n  - email: a@example.com\n    id: 4\n', // email and id
      'version: 1\nmembers:\n  - email: a@example.com\n    email: b@example.com\n', // duplicate key
      'version: 1\nmembers:\n  - email: a@example.com\n      role: RE\n', // a continuation of the email
      'version: 1\nmembers:\n  - email: a@example.com\n   role: RE\n', // misaligned key
      'version: 1\nmembers:\n  - email: a@example.com\n    role: null\n',
      'version: 1\nmembers:\n  - id: 007\n', // YAML reads 7
      'version: 1\nmembers:\n',
      'version: 1\nmembers:\n  - email: a@example.com\nignore:\n',
      'version: 1\ndefaults:\nmembers:\n  - email: a@example.com\n',
      'version: 1\nmembers:\n  - email: a@example.com\nversion: 1\n',
      '---\nversion: 1\nmembers:\n  - email: a@example.com\n',
      'version: 1\nmembers: []\n',
      'version: 1\r\nmembers:\r\n  - id: 1\r\n\r', // a CR that ends no line
      'version: 2\nmembers:\n  - email: a@example.com\n',
    ];
    for (const text of cases) expect(readPlainRoster(text, FILE), text).toBeNull();
  });

  it('is what parseRoster answers with for a plain roster', () => {
    const text = 'version: 1\norganization: 7\ndefaults:\n  role: reviewer\nmembers:\n- email: Ann@Example.com  # lead\n  role: MA\n- id: 12\nignore:\n- email: bot@example.com\n';
    const expected = {
      file: FILE,
      organization: 7,
      defaultRole: 'RE',
      members: [
        { email: 'ann@example.com', id: null, role: 'MA', offboard: false, line: 6, column: 3 },
        { email: null, id: 12, role: 'RE', offboard: false, line: 8, column: 3 },
      ],
      ignore: [{ email: 'bot@example.com', id: null, line: 10, column: 3 }],
    };
    expect(readPlainRoster(text, FILE)).toStrictEqual(expected);
    expect(parseRoster(text, FILE)).toStrictEqual(expected);
    expect(parseRosterYaml(text, FILE)).toStrictEqual(expected);
  });

  it('checks an email as the two patterns it stands for do', () => {
    const PLAIN_EMAIL = /^[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+$/;
    let accepted = 0;
    const part = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', '_', '%', '+', '@', '#', ' ', '!', 'é', '\n'), maxLength: 8 });
    const label = (n: number) => fc.constantFrom('a'.repeat(n), `a${'-'.repeat(Math.max(0, n - 2))}b`);
    const email = fc.oneof(
      part,
      fc.tuple(part, part).map(([a, b]) => `${a}@${b}`),
      fc.tuple(part, fc.array(fc.oneof(part, label(63), label(64), fc.constant('')), { maxLength: 4 })).map(([a, labels]) => `${a}@${labels.join('.')}`),
      fc.integer({ min: MAX_EMAIL_LENGTH - 8, max: MAX_EMAIL_LENGTH + 2 }).map((n) => `${'a'.repeat(n - 6)}@ab.co`),
    );
    fc.assert(
      fc.property(email, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (e, before, after) => {
        const expected = e.length <= MAX_EMAIL_LENGTH && PLAIN_EMAIL.test(e) && z.regexes.html5Email.test(e);
        const text = before + e + after;
        expect(isPlainEmail(text, before.length, before.length + e.length), e).toBe(expected);
        if (expected) accepted++;
      }),
      { numRuns: 5000 * SCALE },
    );
    expect(accepted).toBeGreaterThan(250 * SCALE);
  });

  it('gives every member the default role when defaults come after the members', () => {
    const text = 'version: 1\nmembers:\n  - email: a@example.com\n  - id: 4\n    offboard: true\n    role: DI\n  - id: 5\n    offboard: true\ndefaults:\n  role: not-activated\n';
    expect(expectSameAnswer(text)?.members.map((m) => m.role)).toEqual(['NO', 'DI', 'NO']);
    expect(readPlainRoster(text.replace('not-activated', 'reviewer'), FILE)).toBeNull();
    expect(yamlAnswer(text.replace('not-activated', 'reviewer'))).toBe('refused');
  });

  it('takes what export mode writes', () => {
    const plain = expectSameAnswer(renderRoster(EXPORT_SAMPLE));
    expect(plain?.members.map((m) => [m.email ?? m.id, m.role])).toEqual([
      ['alice@example.com', 'MA'],
      ['zed@example.com', 'AN'],
      [4, 'DI'],
      [12, 'NO'],
    ]);
    expect(plain?.ignore.map((m) => m.email)).toEqual(['owner@example.com']);
  });
});
