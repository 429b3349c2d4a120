// The ledger's fast path (readWrittenLine: hand checks on the line's bytes, no schema library)
// against its full path (JSON.parse and the zod schema, parseLedger's `fast: false`).
// The fast path may only ever take a line the full path takes, giving the same event; every other
// line goes to the full path, so the problems (file, line, column, message) cannot change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEvents, emptyLedger, LedgerEvent, parseLedger, readWrittenLine, serializeLedger } from './ledger.ts';
import type { EventDraft } from './ledger.ts';
import { ValidationError } from '../core/problems.ts';
import { LIVE_ROLE_CODES } from '../core/roles.ts';
import { PROPERTY_SCALE } from '../../test/kit/property-scale.ts';

const FILE = 'seat-ledger.jsonl';
/** Raised by `npm run test:long` (PROPERTY_SCALE). */
const SCALE = PROPERTY_SCALE;
let taken = 0;

/** Times in and around the fast path's range: years 0–99 and beyond 9999 go to the full path. */
const time = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }) },
  fc.integer({ min: -62_198_755_200_000, max: 253_402_300_799_999 }),
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
).map((ms) => new Date(ms).toISOString());

/** Strings as emails and run URLs may hold: plain, and with what JSON must escape or cannot hold raw. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('bob@example.com', 'https://github.com/o/r/actions/runs/1', '', 'a"b', 'a\\b') },
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', 'é'), maxLength: 6 }),
);

const role = fc.constantFrom(...LIVE_ROLE_CODES);
const draft: fc.Arbitrary<EventDraft> = fc
  .record({
    at: time,
    event: fc.constantFrom('assigned', 'released', 'role-changed', 'intent'),
    by: fc.constantFrom('sync', 'observed'),
    user: fc.record({
      id: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom(0, 999_999_999_999_999, -999_999_999_999_999, Number.MAX_SAFE_INTEGER)),
      email: fc.option(text, { nil: null }),
    }),
    from: fc.option(role, { nil: null }),
    to: role,
    run: fc.option(text, { nil: null }),
    offboard: fc.boolean(),
  })
  .map(({ offboard, ...d }) => (offboard ? { ...d, reason: 'offboard' as const } : d));

/** Written lines, exactly as the action writes them (times sorted so the ledger is valid). */
function written(drafts: EventDraft[]): string[] {
  const sorted = [...drafts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return appendEvents(emptyLedger(FILE), sorted).lines;
}

/** One edit of a line: a character replaced, inserted or removed, or a field's text swapped. */
const ALPHABET = ['0', '1', '9', '-', '"', '\\', ',', ':', ' ', '{', '}', '[', 'e', '.', 'Z', 'T', 'a', 'A', 'n', '\u0000', '\t', 'é', '\ud800', '\u001f', '\u007f', '\u2028', '日', 'f', 'g', 'V', 'O', '\n'];
const edit = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), with: fc.constantFrom(...ALPHABET) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }),
  // A time's digits anywhere in their range: month 13, day 31 of a short month, 29 February…
  fc.record({
    kind: fc.constant('time' as const),
    parts: fc.tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 19 }),
      fc.integer({ min: 0, max: 39 }),
      fc.integer({ min: 0, max: 29 }),
      fc.integer({ min: 0, max: 69 }),
      fc.integer({ min: 0, max: 69 }),
      fc.integer({ min: 0, max: 999 }),
    ),
  }),
  // Keys swapped, a key renamed or added, a number written another way.
  fc.record({
    kind: fc.constant('swap' as const),
    from: fc.constantFrom('"seq":', '"at":', '"by":', '"email":', '"from":', '"run":', '"prev":', ':1,', '"sync"', 'null', '"AN"', '"assigned"'),
    to: fc.constantFrom('"seq" :', '"at":"', '"By":', '"mail":', '"reason":"offboard","from":', ':1.0,', ':1e0,', ':01,', '"observed"', '"null"', '"an"', '"intent"', '"x":1,"run":', ''),
  }),
);

function applyEdit(line: string, e: Edit): string {
  const at = line.length === 0 ? 0 : ('at' in e ? e.at % (line.length + 1) : 0);
  switch (e.kind) {
    case 'replace':
      return line.slice(0, at) + e.with + line.slice(at + 1);
    case 'insert':
      return line.slice(0, at) + e.with + line.slice(at);
    case 'remove':
      return line.slice(0, at) + line.slice(at + e.length);
    case 'time': {
      const [y, mo, d, h, mi, s, ms] = e.parts;
      const pad = (n: number, w: number) => String(n).padStart(w, '0');
      const iso = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
      return line.replace(/"at":"[^"]*"/, `"at":"${iso}"`);
    }
    case 'swap':
      return line.replace(e.from, e.to);
  }
}
type Edit =
  | { kind: 'replace' | 'insert'; at: number; with: string }
  | { kind: 'remove'; at: number; length: number }
  | { kind: 'time'; parts: [number, number, number, number, number, number, number] }
  | { kind: 'swap'; from: string; to: string };

/** What a parse gives: the ledger, or the problems it throws. */
function outcome(run: () => unknown): unknown {
  try {
    const ledger = run() as { lines: string[]; events: LedgerEvent[] };
    // Through JSON, so that key order and -0 count as well.
    return { ok: JSON.stringify(ledger.events), keys: ledger.events.map((e) => Object.keys(e).join()), lines: ledger.lines };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { problems: error.problems };
  }
}

describe('the ledger fast path', () => {
  it('takes only lines the full path takes, and gives the same event', () => {
    fc.assert(
      fc.property(draft, fc.array(edit, { maxLength: 3 }), (d, edits) => {
        let line = written([d])[0]!;
        for (const e of edits) line = applyEdit(line, e);
        const fast = readWrittenLine(line);
        if (fast === null) return;
        taken++;
        const full = LedgerEvent.safeParse(JSON.parse(line));
        expect(full.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(full.data));
        expect(Object.keys(fast)).toEqual(Object.keys(full.data!));
        expect(Object.is(fast.user.id, full.data!.user.id)).toBe(true);
        expect(Object.is(fast.seq, full.data!.seq)).toBe(true);
      }),
      { numRuns: 3000 * SCALE },
    );
    // Not vacuous: many edited lines are still in the written form (a digit for a digit, a swap back).
    // 338–388 of 3,000 in ten runs: the bound is well under that, so chance alone never fails it,
    // while a fast path that takes nothing (or almost nothing) still does.
    expect(taken).toBeGreaterThan(150 * SCALE);
  });

  it('takes every line the action writes with a year from 0100 to 9999, ids of up to 15 digits and no escapes', () => {
    fc.assert(
      fc.property(draft, (d) => {
        const line = written([d])[0]!;
        const year = Number(d.at.slice(0, 4));
        const plain = !line.includes('\\') && /^\d{4}-/.test(d.at) && year >= 100 && Math.abs(d.user.id) < 1e15;
        expect(readWrittenLine(line) !== null).toBe(plain);
      }),
      { numRuns: 1000 * SCALE },
    );
  });

  it('gives parseLedger the same ledger or the same problems as the full path, from text or bytes', () => {
    const now = new Date(Date.UTC(2026, 10, 28, 10));
    fc.assert(
      fc.property(
        fc.array(draft, { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ line: fc.nat(), edit }), { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (drafts, edits, asBytes, withNow) => {
          const lines = written(drafts);
          for (const { line, edit: e } of edits) lines[line % lines.length] = applyEdit(lines[line % lines.length]!, e);
          const text = lines.join('\n') + '\n';
          const source = asBytes ? new TextEncoder().encode(text) : text;
          const options = withNow ? { now } : {};
          const fast = outcome(() => parseLedger(source, FILE, options));
          const full = outcome(() => parseLedger(source, FILE, { ...options, fast: false }));
          expect(fast).toEqual(full);
        },
      ),
      { numRuns: 1500 * SCALE },
    );
  });

  it('gives the same ledger or problems from hostile bytes: bad UTF-8, CR, BOM, non-ASCII text, a lone surrogate in a string', () => {
    const now = new Date(Date.UTC(2026, 10, 28, 10));
    const insert = fc.constantFrom<number[]>([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0x0d], [0xef, 0xbb, 0xbf], [0x00], [0xc3, 0xa9], [0xe2, 0x80, 0xa8], [0x0a], [0x2d, 0x30], [0x5c]);
    let read = 0;
    fc.assert(
      fc.property(
        fc.array(draft, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), insert), { maxLength: 2 }),
        fc.boolean(),
        fc.boolean(),
        (drafts, inserts, noFinalNewline, asString) => {
          const bytes = [...new TextEncoder().encode(written(drafts).join('\n') + (noFinalNewline ? '' : '\n'))];
          for (const [at, add] of inserts) bytes.splice(at % (bytes.length + 1), 0, ...add);
          const source: string | Uint8Array = asString ? Buffer.from(bytes).toString('utf8') : Uint8Array.from(bytes);
          const fast = outcome(() => parseLedger(source, FILE, { now }));
          expect(fast).toEqual(outcome(() => parseLedger(source, FILE, { now, fast: false })));
          if (!('problems' in (fast as object))) read++;
        },
      ),
      { numRuns: 1000 * SCALE },
    );
    // Not vacuous: 94–120 of 1,000 damaged files were still read in ten runs (the bound was 100,
    // which chance failed about one run in three); half of the lowest is out of chance's reach.
    expect(read).toBeGreaterThan(40 * SCALE);
    // A string may hold what no file can: it is read as text, to the same answer.
    const [line] = written([{ at: '2026-01-01T00:00:00.000Z', event: 'assigned', by: 'sync', user: { id: 1, email: 'a@b' }, from: null, to: 'AN', run: null }]);
    const lone = line!.replace('a@b', 'a\ud800b') + '\n';
    expect(readWrittenLine(lone.trimEnd())).toBeNull();
    expect(outcome(() => parseLedger(lone, FILE))).toEqual(outcome(() => parseLedger(lone, FILE, { fast: false })));
  });

  it('decodes the lines only when asked, to the lines of the file', () => {
    const text = serializeLedger(appendEvents(emptyLedger(FILE), [{ at: '2026-01-01T00:00:00.000Z', event: 'assigned', by: 'sync', user: { id: 1, email: 'zoë@example.com' }, from: null, to: 'AN', run: null }]));
    const bytes = new TextEncoder().encode(text);
    const ledger = parseLedger(bytes, FILE);
    expect(Object.keys(ledger)).toEqual(['file', 'lines', 'events']);
    expect(ledger.lines).toEqual([text.trimEnd()]);
    expect(ledger.lines).toBe(ledger.lines);
    expect({ ...ledger }).toEqual({ file: FILE, lines: [text.trimEnd()], events: ledger.events });
  });

  it('reads a large written ledger through the fast path to the same result', () => {
    const drafts: EventDraft[] = [];
    for (let i = 0; i < 3000; i++) {
      drafts.push({
        at: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
        event: (['assigned', 'released', 'role-changed', 'intent'] as const)[i % 4]!,
        by: i % 3 === 0 ? 'observed' : 'sync',
        user: { id: i, email: i % 7 === 0 ? null : `user${i}@example.com` },
        from: i % 5 === 0 ? null : 'DI',
        to: 'AN',
        run: i % 2 ? null : `https://github.com/o/r/actions/runs/${i}`,
        ...(i % 11 === 0 ? { reason: 'offboard' as const } : {}),
      });
    }
    const text = serializeLedger(appendEvents(emptyLedger(FILE), drafts));
    const bytes = new TextEncoder().encode(text);
    expect(outcome(() => parseLedger(bytes, FILE))).toEqual(outcome(() => parseLedger(bytes, FILE, { fast: false })));
    expect(text.split('\n').filter(Boolean).every((line) => readWrittenLine(line) !== null)).toBe(true);
  });
});
