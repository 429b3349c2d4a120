import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, parseLedger, serializeLedger } from './ledger.ts';
import { ValidationError } from '../core/problems.ts';
import { parseRoster } from './roster.ts';

// Every problem the parsers report becomes an annotation on a line of the file: it must point
// inside the file (a line that exists, a column at most one past its end) and stay short. The
// parsers' own tests check that only ValidationError escapes; this checks where it points.

const MAX_MESSAGE = 700;

function expectInside(parse: (source: string) => unknown, source: string): void {
  let problems: ValidationError['problems'] = [];
  try {
    parse(source);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems = error.problems;
  }
  const lines = source.split('\n');
  for (const p of problems) {
    const where = `${p.line}:${p.column} in ${JSON.stringify(source.slice(0, 200))} (${p.message})`;
    expect(p.line, where).toBeGreaterThanOrEqual(1);
    expect(p.line, where).toBeLessThanOrEqual(lines.length);
    expect(p.column, where).toBeGreaterThanOrEqual(1);
    expect(p.column, where).toBeLessThanOrEqual(lines[p.line - 1]!.length + 1);
    expect(p.message.length, where).toBeLessThanOrEqual(MAX_MESSAGE);
  }
}

const roster = (source: string) => parseRoster(source, 'members.yaml');
const ledger = (source: string) => parseLedger(source, 'seat-ledger.jsonl');

describe('problem positions lie inside the file', () => {
  it('for a YAML error the parser recovers from by skipping a line (regression)', () => {
    // The YAML parser's newline callback misses the line break after `*aversion: 1`.
    expectInside(roster, '*aversion: 1\nid: 5version: 1\n');
    expect(() => roster('*aversion: 1\nid: 5version: 1\n')).toThrow(ValidationError);
  });

  it('for rosters made of YAML fragments', () => {
    const token = fc.constantFrom(
      'version: 1\n', 'members:\n', 'ignore:\n', 'defaults:\n', '  - ', '    ', 'email: a@example.com', 'email: ', 'id: 5',
      'role: MA', 'role: x', 'offboard: true', '[', ']', '{', '}', ', ', ': ', '&a ', '*a', '!!str ', '"', "'", '\t', '\n',
      '# c', '- ', '? ', '---\n', '...\n', ' ', '%YAML 1.1\n', '|\n', '>-\n', '<<: ', '~', '\u00e9', '\r\n', '\\', 'x'.repeat(120),
    );
    fc.assert(fc.property(fc.array(token, { maxLength: 50 }).map((t) => t.join('')), (s) => expectInside(roster, s)), { numRuns: 1500 });
  });

  it('for arbitrary text given as a roster or a ledger', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(fc.property(text, (s) => expectInside(roster, s)), { numRuns: 500 });
    fc.assert(fc.property(text, (s) => expectInside(ledger, s)), { numRuns: 500 });
  });

  it('for ledgers with a few characters inserted or deleted anywhere', () => {
    const base = serializeLedger(
      appendEvents(emptyLedger('seat-ledger.jsonl'), [
        { at: '2026-11-01T09:00:00.000Z', event: 'assigned', by: 'sync', user: { id: 1, email: 'a@example.com' }, from: 'DI', to: 'AN', run: null },
        { at: '2026-11-09T09:00:00.000Z', event: 'released', by: 'sync', user: { id: 1, email: 'a@example.com' }, from: 'AN', to: 'DI', run: null },
      ]),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length }), fc.string({ unit: 'binary', maxLength: 5 }), fc.nat(5), (at, insert, remove) =>
        expectInside(ledger, base.slice(0, at) + insert + base.slice(at + remove)),
      ),
      { numRuns: 1000 },
    );
  });
});
