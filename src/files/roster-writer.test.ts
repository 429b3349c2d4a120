import { emailKey } from '../core/identity.ts';
import { EXPORT_SAMPLE } from '../../test/kit/roster-samples.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editRoster, KEPT_NOTE, renderRoster, schemaUrlFor, type MemberEdit } from './roster-writer.ts';
import type { RosterExportInput } from './roster-writer.ts';
import { isRosterEmail, parseRoster, SCHEMA_URL } from './roster.ts';
import { ROLE_CODES } from '../core/roles.ts';

describe('renderRoster', () => {
  it('writes a schema-linked roster, by email then id, with role codes', () => {
    const text = renderRoster(EXPORT_SAMPLE);
    expect(text).toBe(
      [
        `# yaml-language-server: $schema=${SCHEMA_URL}`,
        '# Exported from Label Studio organization 7 by label-studio-roster-sync.',
        '',
        'version: 1',
        'organization: 7',
        'members:',
        '  - email: alice@example.com',
        '    role: MA',
        '  - email: zed@example.com',
        '    role: AN',
        '  - id: 4',
        '    role: DI',
        '  - id: 12',
        '    role: NO',
        'ignore:',
        '  - email: owner@example.com',
        '',
      ].join('\n'),
    );
    expect(SCHEMA_URL).toBe('https://raw.githubusercontent.com/YOUR-ORG/label-studio-roster-sync/main/schema/members.schema.json');
  });

  it('writes an empty organization as an empty members list and no ignore key', () => {
    const text = renderRoster({ organization: 3, members: [], ignore: [] });
    expect(text).toMatch(/\nmembers: \[\]\n$/);
    expect(text).not.toMatch(/ignore/);
    expect(parseRoster(text, 'members.yaml')).toMatchObject({ organization: 3, members: [], ignore: [] });
  });

  it('falls back to the id for an email the roster cannot use or two users share', () => {
    const text = renderRoster({
      organization: 1,
      members: [
        { email: 'not an email', id: 5, role: 'AN' },
        { email: 'Dup@example.com', id: 6, role: 'AN' },
        { email: 'dup@example.com', id: 7, role: 'RE' },
        { email: '', id: 8, role: 'AN' },
      ],
      ignore: [{ email: 'DUP@EXAMPLE.COM', id: 2 }],
    });
    const roster = parseRoster(text, 'members.yaml');
    expect(roster.members.map((m) => [m.email, m.id])).toEqual([
      [null, 5],
      [null, 6],
      [null, 7],
      [null, 8],
    ]);
    expect(roster.ignore.map((m) => [m.email, m.id])).toEqual([[null, 2]]);
  });

  it('quotes emails that YAML would otherwise misread', () => {
    const members = ['!bang@example.com', '*star@example.com', '&amp@example.com', "'q@example.com", '#hash@example.com', '%p@example.com', '{b}@example.com', '|p@example.com', '?q@example.com', '-d@example.com'].map(
      (email, i) => ({ email, id: i + 1, role: 'AN' as const }),
    );
    const roster = parseRoster(renderRoster({ organization: 1, members, ignore: [] }), 'members.yaml');
    expect(roster.members.map((m) => m.email).sort()).toEqual(members.map((m) => m.email).sort());
  });

  const input: fc.Arbitrary<RosterExportInput> = fc
    .uniqueArray(
      fc.record({
        email: fc.option(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 12 })), { nil: null }),
        id: fc.integer({ min: 1, max: 1_000_000 }),
        role: fc.constantFrom(...ROLE_CODES),
        ignored: fc.boolean(),
      }),
      { selector: (u) => u.id, maxLength: 25 },
    )
    .chain((users) =>
      fc.record({
        organization: fc.integer({ min: 1, max: 1000 }),
        members: fc.constant(users.filter((u) => !u.ignored).map(({ email, id, role }) => ({ email, id, role }))),
        ignore: fc.constant(users.filter((u) => u.ignored).map(({ email, id }) => ({ email, id }))),
      }),
    );

  it('round-trips through parseRoster: every user once, with the role, by email unless unusable or shared', () => {
    fc.assert(
      fc.property(input, (x) => {
        const roster = parseRoster(renderRoster(x), 'members.yaml');
        const all = [...x.members, ...x.ignore];
        // The writer's rule: spaces around an email make it unusable (the reader would trim them and
        // then match no live account); otherwise emails compare by emailKey (A–Z folded only).
        const normal = (e: string | null) => (e === null || e !== e.trim() ? null : emailKey(e));
        const expectedName = (u: { email: string | null; id: number }) => {
          const email = normal(u.email);
          const usable = email !== null && isRosterEmail(email) && all.filter((v) => normal(v.email) === email).length === 1;
          return usable ? { email, id: null } : { email: null, id: u.id };
        };
        const key = (u: { email: string | null; id: number | null; role?: string }) => JSON.stringify([u.email, u.id, u.role]);
        expect(roster.organization).toBe(x.organization);
        expect(roster.members.map(key).sort()).toEqual(x.members.map((m) => key({ ...expectedName(m), role: m.role })).sort());
        expect(roster.ignore.map(key).sort()).toEqual(x.ignore.map((m) => key(expectedName(m))).sort());
        expect(roster.members.every((m) => !m.offboard)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is stable: the order of the input does not change the output', () => {
    fc.assert(
      fc.property(input, fc.func(fc.integer()), (x, rank) => {
        const shuffled = { ...x, members: [...x.members].sort((a, b) => rank(a.id) - rank(b.id)), ignore: [...x.ignore].reverse() };
        expect(renderRoster(shuffled)).toBe(renderRoster(x));
      }),
      { numRuns: 100 },
    );
  });
});

describe('editRoster', () => {
  const ROSTER = [
    '# yaml-language-server: $schema=https://raw.githubusercontent.com/YOUR-ORG/label-studio-roster-sync/main/schema/members.schema.json',
    'version: 1                     # always 1',
    'defaults:',
    '  role: annotator',
    'members:',
    '  # the team',
    '  - email: alice@example.com',
    '    role: manager              # lead',
    '  - email: Bob@Example.com     # from defaults',
    '  - email: dave@example.com',
    '    role: deactivated',
    '    offboard: true',
    '  - id: 1234',
    '    role: Reviewer',
    'ignore:',
    '  - email: owner@example.com',
    '',
  ].join('\n');
  const none = { members: new Map(), addMembers: [], addIgnore: [], schemaUrl: null };

  it('returns the same bytes when there is nothing to edit', () => {
    expect(editRoster(ROSTER, none)).toBe(ROSTER);
  });

  it('changes only the lines that differ, in the spelling the roster uses, and keeps comments and alignment', () => {
    const out = editRoster(ROSTER, {
      ...none,
      members: new Map<number, MemberEdit>([
        [0, { kind: 'set-role', role: 'RE' }],
        [1, { kind: 'set-role', role: 'MA' }],
        [2, { kind: 'set-role', role: 'AN' }],
        [3, { kind: 'remove' }],
      ]),
      addMembers: [{ email: 'new@example.com', role: 'AN' }],
      addIgnore: [{ id: 77 }],
    });
    expect(out).toBe(
      [
        '# yaml-language-server: $schema=https://raw.githubusercontent.com/YOUR-ORG/label-studio-roster-sync/main/schema/members.schema.json',
        'version: 1                     # always 1',
        'defaults:',
        '  role: annotator',
        'members:',
        '  # the team',
        '  - email: alice@example.com',
        '    role: reviewer              # lead',
        '  - email: Bob@Example.com     # from defaults',
        '    role: manager',
        '  - email: dave@example.com',
        '    role: annotator',
        '  - email: new@example.com',
        '    role: annotator',
        'ignore:',
        '  - email: owner@example.com',
        '  - id: 77',
        '',
      ].join('\n'),
    );
    expect(parseRoster(out, 'members.yaml').members.map((m) => m.role)).toEqual(['RE', 'MA', 'AN', 'AN']);
  });

  it('keeps a waiting line with one note above it, and drops the note once it no longer waits', () => {
    const kept = editRoster(ROSTER, { ...none, members: new Map<number, MemberEdit>([[2, { kind: 'keep', note: 'live role AN; waits' }]]) });
    expect(kept).toBe(ROSTER.replace('  - email: dave', `  ${KEPT_NOTE}live role AN; waits\n  - email: dave`));
    expect(editRoster(kept, { ...none, members: new Map<number, MemberEdit>([[2, { kind: 'keep', note: 'live role AN; waits' }]]) })).toBe(kept);
    expect(editRoster(kept, none)).toBe(ROSTER);
  });

  it('writes `members: []` when every entry goes, a block list into an empty flow list, and a new ignore key', () => {
    const all = new Map<number, MemberEdit>([0, 1, 2, 3].map((k) => [k, { kind: 'remove' }]));
    const emptied = editRoster('version: 1\nmembers:\n  - email: a@example.com\n  - id: 3\n', { ...none, members: all });
    expect(emptied).toBe('version: 1\nmembers: []\n');
    const filled = editRoster(emptied, { ...none, addMembers: [{ email: 'b@example.com', role: 'AN' }], addIgnore: [{ email: 'o@example.com' }] });
    expect(filled).toBe('version: 1\nmembers:\n  - email: b@example.com\n    role: AN\nignore:\n  - email: o@example.com\n');
  });

  it('points an existing $schema line at the given URL and adds none where there was none', () => {
    const url = schemaUrlFor('acme/label-studio-roster-sync', 'v1')!;
    expect(url).toBe('https://raw.githubusercontent.com/acme/label-studio-roster-sync/v1/schema/members.schema.json');
    expect(editRoster(ROSTER, { ...none, schemaUrl: url }).split('\n')[0]).toBe(`# yaml-language-server: $schema=${url}`);
    expect(editRoster('version: 1\nmembers: []\n', { ...none, schemaUrl: url })).toBe('version: 1\nmembers: []\n');
    expect(schemaUrlFor('acme/x', null)).toBeNull();
  });

  it('edits a flow-style list through the document', () => {
    const out = editRoster('version: 1\nmembers: [{email: a@example.com, role: AN}]\n', {
      ...none,
      members: new Map<number, MemberEdit>([[0, { kind: 'set-role', role: 'RE' }]]),
    });
    expect(parseRoster(out, 'members.yaml').members.map((m) => m.role)).toEqual(['RE']);
  });
});
