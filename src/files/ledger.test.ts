import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GENESIS_PREV,
  appendEvents,
  checkAppendOnly,
  emptyLedger,
  hashLine,
  parseLedger,
  rebase,
  serializeLedger,
} from './ledger.ts';
import type { EventDraft, Ledger, LedgerEvent } from './ledger.ts';
import { ValidationError } from '../core/problems.ts';
import { LIVE_ROLE_CODES } from '../core/roles.ts';

const FILE = 'seat-ledger.jsonl';

/** The line of docs/seat-rule.md, byte for byte. */
const DOCUMENTED_LINE =
  '{"seq":1,"at":"2026-11-20T09:00:00.000Z","event":"assigned","by":"sync","user":{"id":42,"email":"bob@example.com"},"from":"DI","to":"AN","run":"https://github.com/o/r/actions/runs/1","prev":"0000000000000000000000000000000000000000000000000000000000000000"}';

const draft = (over: Partial<EventDraft> = {}): EventDraft => ({
  at: '2026-11-20T09:00:00.000Z',
  event: 'assigned',
  by: 'sync',
  user: { id: 42, email: 'bob@example.com' },
  from: 'DI',
  to: 'AN',
  run: 'https://github.com/o/r/actions/runs/1',
  ...over,
});

const three = (): Ledger =>
  appendEvents(emptyLedger(FILE), [
    draft(),
    draft({ at: '2026-11-28T09:00:00.000Z', event: 'released', from: 'AN', to: 'DI', reason: 'offboard', run: null }),
    draft({ at: '2026-11-29T10:00:00.000Z', by: 'observed', user: { id: 7, email: null }, from: null, to: 'RE', run: null }),
  ]);

function problems(source: string | Uint8Array): [number, number, string][] {
  try {
    parseLedger(source, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => {
      expect(p.file).toBe(FILE);
      return [p.line, p.column, p.message];
    });
  }
  throw new Error('expected the ledger to be refused');
}

/** 1-based column of a key in a line, where the parser points for that field. */
const col = (line: string, key: string) => line.indexOf(`"${key}":`) + 1;

const RESTORE = 'the ledger is written only by this action — restore it from git history';

const eventDraft: fc.Arbitrary<EventDraft> = fc.record(
  {
    at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    event: fc.constantFrom('assigned', 'released', 'role-changed'),
    by: fc.constantFrom('sync', 'observed'),
    user: fc.record({ id: fc.integer({ min: 1, max: 1e9 }), email: fc.option(fc.string({ unit: 'grapheme', maxLength: 30 }), { nil: null }) }),
    from: fc.option(fc.constantFrom(...LIVE_ROLE_CODES), { nil: null }),
    to: fc.constantFrom(...LIVE_ROLE_CODES),
    run: fc.option(fc.webUrl(), { nil: null }),
    reason: fc.constant('offboard' as const),
  },
  { requiredKeys: ['at', 'event', 'by', 'user', 'from', 'to', 'run'] },
);

describe('writing', () => {
  it('writes the documented example line byte for byte', () => {
    const ledger = appendEvents(emptyLedger(FILE), [draft()]);
    expect(ledger.lines).toEqual([DOCUMENTED_LINE]);
    expect(serializeLedger(ledger)).toBe(DOCUMENTED_LINE + '\n');
  });

  it('writes keys in the fixed order whatever the draft order, reason only when present', () => {
    const shuffled = { prev: 'x', reason: 'offboard', run: null, to: 'DI', from: 'AN', user: { email: null, id: 3 }, by: 'sync', event: 'released', at: '2026-01-01T00:00:00.000Z' } as unknown as EventDraft;
    const [, line] = appendEvents(appendEvents(emptyLedger(FILE), [draft()]), [shuffled]).lines;
    expect(Object.keys(JSON.parse(line!) as object)).toEqual(['seq', 'at', 'event', 'by', 'user', 'from', 'to', 'run', 'reason', 'prev']);
    expect(line).toContain('"user":{"id":3,"email":null}');
    expect(line).toContain(`"prev":"${hashLine(DOCUMENTED_LINE)}"`);
  });

  it('continues seq and the chain, without changing the ledger passed in', () => {
    const one = appendEvents(emptyLedger(FILE), [draft()]);
    const two = appendEvents(one, [draft({ event: 'role-changed', from: 'AN', to: 'MA' })]);
    expect(one.lines).toHaveLength(1);
    expect(one.events).toHaveLength(1);
    expect(two.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(two.events[0]!.prev).toBe(GENESIS_PREV);
    expect(two.events[1]!.prev).toBe(hashLine(two.lines[0]!));
  });

  it('hashes the UTF-8 bytes of a line as lowercase hex SHA-256', () => {
    expect(hashLine('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashLine('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(hashLine('é')).not.toBe(hashLine('e\u0301'));
    expect(GENESIS_PREV).toMatch(/^0{64}$/);
  });

  it('serialises an empty ledger as the empty string', () => {
    expect(serializeLedger(emptyLedger(FILE))).toBe('');
  });

  it('refuses a draft that breaks the schema (a bug in the caller)', () => {
    expect(() => appendEvents(emptyLedger(FILE), [draft({ at: '2026-11-20' })])).toThrow();
  });

  it('round-trips: append, serialise, parse', () => {
    fc.assert(
      fc.property(fc.array(eventDraft, { maxLength: 8 }), fc.array(eventDraft, { maxLength: 4 }), (first, second) => {
        const ledger = appendEvents(appendEvents(emptyLedger(FILE), first), second);
        const text = serializeLedger(ledger);
        const parsed = parseLedger(text, FILE);
        expect(parsed).toEqual(ledger);
        expect(parseLedger(new TextEncoder().encode(text), FILE)).toEqual(ledger);
        expect(serializeLedger(parsed)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});

describe('reading', () => {
  it('reads an absent or empty ledger as no events', () => {
    expect(parseLedger('', FILE)).toEqual(emptyLedger(FILE));
    expect(parseLedger(new Uint8Array(), FILE)).toEqual(emptyLedger(FILE));
    expect(parseLedger('\n', FILE)).toEqual(emptyLedger(FILE));
  });

  it('accepts a missing final newline', () => {
    const text = serializeLedger(three());
    expect(parseLedger(text.slice(0, -1), FILE)).toEqual(three());
  });

  it('refuses a line that is not JSON, at the position JSON.parse reports', () => {
    const lines = three().lines;
    lines[1] = lines[1]!.replace('{"seq":2', '{seq":2');
    const [first, ...rest] = problems(lines.join('\n') + '\n');
    expect(first).toEqual([2, 2, expect.stringMatching(/^line 2 is not valid JSON \(.+\); the ledger is written only/)]);
    expect(rest).toEqual([[3, col(lines[2]!, 'prev'), 'prev does not match the SHA-256 of line 2; the ledger was edited by hand — restore it from git history']]);
  });

  it('refuses a line that is not an object', () => {
    expect(problems('[1,2]\n')).toEqual([[1, 1, `line 1 is not a JSON object; every line is one event object; ${RESTORE}`]]);
    expect(problems('null\n')).toEqual([[1, 1, `line 1 is not a JSON object; every line is one event object; ${RESTORE}`]]);
  });

  it('names the field that fails the schema', () => {
    const bad = (from: string, to: string) => problems(DOCUMENTED_LINE.replace(from, to) + '\n');
    expect(bad('"at":"2026-11-20T09:00:00.000Z"', '"at":"2026-11-20T09:00:00Z"')).toEqual([
      [1, col(DOCUMENTED_LINE, 'at'), `field 'at' must be a UTC time in toISOString() form such as 2026-11-20T09:00:00.000Z, found "2026-11-20T09:00:00Z"; ${RESTORE}`],
    ]);
    expect(bad('"by":"sync",', '')).toEqual([[1, 1, `field 'by' is missing; ${RESTORE}`]]);
    expect(bad('"to":"AN"', '"to":"XX"')).toEqual([[1, col(DOCUMENTED_LINE, 'to'), expect.stringMatching(/^field 'to' is invalid \(invalid option: expected one of .*"VO"\); the ledger/)]]);
    expect(bad('"id":42', '"id":"42"')).toEqual([[1, col(DOCUMENTED_LINE, 'id'), expect.stringMatching(/^field 'user\.id' is invalid \(invalid input: expected number, received string\)/)]]);
    expect(bad('"seq":1,', '"seq":1,"note":"x",')).toEqual([[1, col(DOCUMENTED_LINE.replace('"seq":1,', '"seq":1,"note":"x",'), 'note'), `unknown field 'note'; ${RESTORE}`]]);
    expect(bad('"prev":"0000', '"prev":"AAAA')).toEqual([[1, col(DOCUMENTED_LINE, 'prev'), `field 'prev' must be 64 lowercase hexadecimal digits (a SHA-256); ${RESTORE}`]]);
  });

  it('refuses a gap in seq, naming the expected number', () => {
    const lines = three().lines;
    lines[1] = lines[1]!.replace('"seq":2', '"seq":3');
    expect(problems(lines.join('\n'))).toEqual([
      [2, 2, `seq is 3, expected 2: events are numbered 1, 2, 3… without gaps; ${RESTORE}`],
      [3, col(lines[2]!, 'prev'), 'prev does not match the SHA-256 of line 2; the ledger was edited by hand — restore it from git history'],
    ]);
  });

  it('refuses a broken chain, at the line after the edit', () => {
    const lines = three().lines;
    lines[0] = lines[0]!.replace('"to":"AN"', '"to":"MA"');
    expect(problems(lines.join('\n') + '\n')).toEqual([
      [2, col(lines[1]!, 'prev'), 'prev does not match the SHA-256 of line 1; the ledger was edited by hand — restore it from git history'],
    ]);
    const notGenesis = DOCUMENTED_LINE.replace(GENESIS_PREV, hashLine('x'));
    expect(problems(notGenesis)).toEqual([[1, col(DOCUMENTED_LINE, 'prev'), `prev of the first event must be 64 zeros; ${RESTORE}`]]);
  });

  it('refuses a removed line as a broken chain', () => {
    const lines = three().lines;
    lines.splice(1, 1);
    expect(problems(lines.join('\n') + '\n')).toEqual([
      [2, 2, `seq is 3, expected 2: events are numbered 1, 2, 3… without gaps; ${RESTORE}`],
      [2, col(lines[1]!, 'prev'), 'prev does not match the SHA-256 of line 1; the ledger was edited by hand — restore it from git history'],
    ]);
  });

  it('refuses a blank line in the middle, once', () => {
    const lines = three().lines;
    lines.splice(2, 0, '');
    expect(problems(lines.join('\n') + '\n')).toEqual([
      [3, 1, `line 3 is blank; the ledger holds one event a line and no blank lines; ${RESTORE}`],
    ]);
  });

  it('refuses carriage returns with one problem, however many lines have one', () => {
    const text = serializeLedger(three()).replace(/\n/g, '\r\n');
    expect(problems(text)).toEqual([
      [
        1,
        258,
        'the ledger contains a carriage return (CRLF line endings); it must use LF only — restore it from git history and add "seat-ledger.jsonl -text" to .gitattributes so git does not convert it',
      ],
    ]);
  });

  it('refuses bytes that are not UTF-8, at the line of the first bad byte', () => {
    const bytes = new TextEncoder().encode(serializeLedger(three()));
    const at = bytes.indexOf(0x0a) + 1 + 5;
    bytes[at] = 0xc0;
    expect(problems(bytes)).toEqual([[2, 6, 'byte 0xc0 is not valid UTF-8; the ledger must be UTF-8 text — restore it from git history']]);
  });

  it('refuses a byte-order mark', () => {
    expect(problems('\uFEFF' + DOCUMENTED_LINE + '\n')).toEqual([[1, 1, `the ledger starts with a byte-order mark; ${RESTORE}`]]);
  });

  it('refuses a file over 64 MiB', () => {
    expect(problems(new Uint8Array(64 * 1024 * 1024 + 1))).toEqual([
      [1, 1, 'the ledger is 64 MiB, over the 64 MiB limit; check that seat-ledger.jsonl is the right file'],
    ]);
  });

  it('catches any single-byte edit of any line but the last (the base-branch guard covers the last)', () => {
    const ledger = appendEvents(emptyLedger(FILE), [draft(), draft({ to: 'MA', event: 'role-changed', from: 'AN' }), draft({ to: 'DI', event: 'released', from: 'MA' })]);
    const text = serializeLedger(ledger);
    const bytes = new TextEncoder().encode(text);
    const lastLineStart = text.lastIndexOf('\n', text.length - 2) + 1;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const edited = bytes.slice();
        edited[at] = (edited[at]! + delta) % 256;
        if (at < lastLineStart - 1) {
          expect(() => parseLedger(edited, FILE)).toThrow(ValidationError);
        } else {
          // The last line (and the final newline) has no successor to vouch for it.
          let head: Ledger;
          try {
            head = parseLedger(edited, FILE);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            return;
          }
          expect(checkAppendOnly(ledger, head)).not.toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but ValidationError on arbitrary text or bytes', () => {
    const expectOnlyValidationError = (source: string | Uint8Array) => {
      try {
        parseLedger(source, FILE);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const p of error.problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.column).toBeGreaterThanOrEqual(1);
        }
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), expectOnlyValidationError), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), expectOnlyValidationError), { numRuns: 300 });
    const line = fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.constantFrom(...three().lines),
      eventDraft.map((d) => JSON.stringify({ seq: 1, ...d, prev: GENESIS_PREV })),
      fc.constant(''),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 6 }), fc.boolean(), (lines, newline) => {
      expectOnlyValidationError(lines.join('\n') + (newline ? '\n' : ''));
    }), { numRuns: 300 });
  });
});

describe('checkAppendOnly', () => {
  const base = three();

  it('accepts an unchanged ledger and one that only appends', () => {
    expect(checkAppendOnly(base, base)).toBeNull();
    expect(checkAppendOnly(base, appendEvents(base, [draft({ at: '2026-12-01T00:00:00.000Z' })]))).toBeNull();
    expect(checkAppendOnly(emptyLedger(FILE), base)).toBeNull();
    expect(checkAppendOnly(emptyLedger(FILE), emptyLedger(FILE))).toBeNull();
  });

  it('points at the first differing line and character of the head', () => {
    const head = appendEvents(emptyLedger(FILE), [base.events[0]!, { ...base.events[1]!, to: 'NO' }]);
    expect(checkAppendOnly(base, head)).toEqual({
      file: FILE,
      line: 2,
      column: base.lines[1]!.indexOf('"to":"DI"') + 7,
      message:
        'line 2 differs from the ledger it should extend; the ledger is written only by this action and may only grow by appended lines — restore it from git history',
    });
  });

  it('points at the end when lines were removed', () => {
    const head: Ledger = { file: FILE, lines: base.lines.slice(0, 1), events: base.events.slice(0, 1) };
    expect(checkAppendOnly(base, head)).toEqual({
      file: FILE,
      line: 1,
      column: 1,
      message:
        '2 lines at the end of the ledger were removed; the ledger is written only by this action and may only grow by appended lines — restore it from git history',
    });
    expect(checkAppendOnly(base, emptyLedger(FILE))).toMatchObject({ line: 1, column: 1 });
  });

  it('refuses a head rewritten from scratch even when it is longer', () => {
    const head = appendEvents(emptyLedger(FILE), [draft({ user: { id: 1, email: null } }), ...base.events, draft()]);
    expect(checkAppendOnly(base, head)).toMatchObject({ line: 1 });
  });
});

describe('rebase', () => {
  it('re-appends our events after the grown ledger, renumbering seq and prev', () => {
    const common = appendEvents(emptyLedger(FILE), [draft()]);
    const theirs = appendEvents(common, [draft({ at: '2026-11-21T00:00:00.000Z', user: { id: 5, email: 'e@example.com' } }), draft({ at: '2026-11-22T00:00:00.000Z', user: { id: 6, email: null } })]);
    const local = appendEvents(common, [draft({ at: '2026-11-21T12:00:00.000Z', event: 'released', from: 'AN', to: 'DI', reason: 'offboard' })]);
    const ours: LedgerEvent[] = local.events.slice(common.events.length);

    const rebased = rebase(theirs, ours);
    expect(rebased.file).toBe(FILE);
    expect(checkAppendOnly(theirs, rebased)).toBeNull();
    expect(rebased.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const moved = rebased.events[3]!;
    // Dated before their last line, so raised to it: time never goes backwards (docs/seat-rule.md).
    expect(moved).toEqual({ ...ours[0]!, at: '2026-11-22T00:00:00.000Z', seq: 4, prev: hashLine(theirs.lines[2]!) });
    expect(parseLedger(serializeLedger(rebased), FILE)).toEqual(rebased);
  });

  it('is the identity when the ledger did not grow', () => {
    const common = appendEvents(emptyLedger(FILE), [draft()]);
    const local = appendEvents(common, [draft({ to: 'MA', from: 'AN', event: 'role-changed' })]);
    expect(rebase(common, local.events.slice(1))).toEqual(local);
  });

  it('keeps every event of both sides for any split (property)', () => {
    fc.assert(
      fc.property(fc.array(eventDraft, { maxLength: 4 }), fc.array(eventDraft, { maxLength: 4 }), fc.array(eventDraft, { maxLength: 4 }), (c, t, o) => {
        const common = appendEvents(emptyLedger(FILE), c);
        const theirs = appendEvents(common, t);
        const ours = appendEvents(common, o).events.slice(c.length);
        const rebased = rebase(theirs, ours);
        expect(checkAppendOnly(theirs, rebased)).toBeNull();
        expect(parseLedger(serializeLedger(rebased), FILE)).toEqual(rebased);
        const strip = ({ seq: _s, prev: _p, at: _a, ...rest }: LedgerEvent) => rest;
        expect(rebased.events.slice(theirs.events.length).map(strip)).toEqual(ours.map(strip));
        const times = rebased.events.map((e) => Date.parse(e.at));
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
      }),
      { numRuns: 100 },
    );
  });
});

describe('time never goes backwards (docs/seat-rule.md)', () => {
  it('refuses a back-dated line, naming it and the line it goes behind (story 4)', () => {
    const ledger = appendEvents(emptyLedger(FILE), [draft({ at: '2026-11-20T09:00:00.000Z' }), draft({ at: '2026-11-28T09:00:00.000Z', user: { id: 7, email: null } })]);
    // One chain-valid line appended by hand, 60 days before the line above it.
    const lines = [...ledger.lines];
    const forged = JSON.stringify({
      seq: 3,
      at: '2026-09-29T09:00:00.000Z',
      event: 'assigned',
      by: 'sync',
      user: { id: 42, email: 'bob@example.com' },
      from: 'DI',
      to: 'AN',
      run: null,
      prev: hashLine(lines[1]!),
    });
    const text = [...lines, forged].join('\n') + '\n';
    expect(problems(text)).toEqual([
      [
        3,
        forged.indexOf('"at"') + 1,
        `at is 2026-09-29T09:00:00.000Z, before 2026-11-28T09:00:00.000Z on line 2: times in the ledger never go backwards, so a seat cannot be made to look older than it is; ${RESTORE}`,
      ],
    ]);
  });

  it('accepts equal times on consecutive lines', () => {
    const ledger = appendEvents(emptyLedger(FILE), [draft(), draft({ user: { id: 7, email: null } })]);
    expect(parseLedger(serializeLedger(ledger), FILE).events).toHaveLength(2);
  });

  it('refuses a line more than five minutes after the real time of the run, and accepts one just inside', () => {
    const now = new Date('2026-11-20T09:00:00.000Z');
    const inside = serializeLedger(appendEvents(emptyLedger(FILE), [draft({ at: '2026-11-20T09:05:00.000Z' })]));
    expect(parseLedger(inside, FILE, { now }).events).toHaveLength(1);
    const outside = serializeLedger(appendEvents(emptyLedger(FILE), [draft({ at: '2999-01-01T00:00:00.000Z' })]));
    expect(() => parseLedger(outside, FILE, { now })).toThrow(/more than 5 minutes after the time of this run \(2026-11-20T09:00:00.000Z\)/);
    // Without a time of the run (a unit test, a tool reading history) the check is not made.
    expect(parseLedger(outside, FILE).events).toHaveLength(1);
  });

  it('raises an appended event dated before the last line to that line\'s time', () => {
    const ledger = appendEvents(emptyLedger(FILE), [draft({ at: '2026-11-28T09:00:00.000Z' }), draft({ at: '2026-11-20T09:00:00.000Z' })]);
    expect(ledger.events.map((e) => e.at)).toEqual(['2026-11-28T09:00:00.000Z', '2026-11-28T09:00:00.000Z']);
  });
});

describe('intent lines (docs/seat-rule.md)', () => {
  it('reads and writes an intent line in the documented key order', () => {
    const ledger = appendEvents(emptyLedger(FILE), [draft({ event: 'intent', from: 'AN', to: 'DI', reason: 'offboard' })]);
    expect(ledger.lines[0]).toBe(
      '{"seq":1,"at":"2026-11-20T09:00:00.000Z","event":"intent","by":"sync","user":{"id":42,"email":"bob@example.com"},"from":"AN","to":"DI","run":"https://github.com/o/r/actions/runs/1","reason":"offboard","prev":"' +
        GENESIS_PREV +
        '"}',
    );
    expect(parseLedger(serializeLedger(ledger), FILE)).toEqual(ledger);
  });
});

describe('reading a hostile file', () => {
  it('stops after 50 problems instead of reporting every line', () => {
    const all = problems('x\n'.repeat(10_000));
    expect(all).toHaveLength(51);
    expect(all[49]![2]).toMatch(/^line 50 is not valid JSON/);
    expect(all[50]).toEqual([51, 1, `stopped checking here after 50 problems; ${RESTORE}`]);
    expect(problems('\n'.repeat(1_000_000))).toHaveLength(51);
  });
});
