import { isAscii, isUtf8 } from 'node:buffer';
import { createHash, hash as oneShotHash } from 'node:crypto';
import { LedgerEvent, type EventDraft } from '../core/ledger-event.ts';
import { ValidationError } from '../core/problems.ts';
import { LIVE_ROLE_CODES } from '../core/roles.ts';
import type { Problem } from '../core/problems.ts';
import { capProblems, decodeTextFile } from './text-file.ts';

// The seat ledger (docs/seat-rule.md): JSON Lines, append-only, each line chained to the previous one by
// the SHA-256 of its exact text. The chain is what lets a pull request be refused when the file
// was edited by hand, and what lets a conflicting commit be re-based safely.

const MAX_BYTES = 64 * 1024 * 1024;
/** A line dated further than this after the real time of the run is refused. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_PROBLEMS = 50;
const NEWLINE = 0x0a;
export const GENESIS_PREV = '0'.repeat(64);

export { LedgerEvent, type EventDraft } from '../core/ledger-event.ts';

export interface Ledger {
  file: string;
  /** The exact text of each line, without its newline: what the chain hashes. */
  lines: string[];
  events: LedgerEvent[];
}

export function hashLine(line: string): string {
  return oneShotHash === undefined ? createHash('sha256').update(line, 'utf8').digest('hex') : oneShotHash('sha256', line, 'hex');
}

/**
 * SHA-256 of the exact bytes of a line in the file. A plain Uint8Array view costs less to make
 * than Buffer#subarray, and a line is hashed for every line read.
 */
function hashBytes(bytes: Buffer, start: number, end: number): string {
  const line = new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
  return oneShotHash === undefined ? createHash('sha256').update(line).digest('hex') : oneShotHash('sha256', line, 'hex');
}

export function emptyLedger(file: string): Ledger {
  return { file, lines: [], events: [] };
}

const RESTORE = 'the ledger is written only by this action — restore it from git history';

/**
 * Reads a ledger, verifying every line and the chain. A missing final newline is accepted on
 * read (an editor or a tool may strip it and the chain does not cover it) but always written.
 */
export interface ParseLedgerOptions {
  /** The real time of the run (never `as-of`): a line more than five minutes after it is refused. */
  now?: Date;
  /**
   * Read lines in the exact form this action writes without the schema library (default true).
   * Any other line takes the full path (JSON.parse and the zod schema), which alone words the
   * problems; `false` sends every line there (the property tests compare the two).
   */
  fast?: boolean;
}

export function parseLedger(source: string | Uint8Array, file: string, options: ParseLedgerOptions = {}): Ledger {
  const input = ledgerInput(source, file);
  const buf = input.bytes;
  // A lone newline is what `echo > seat-ledger.jsonl` leaves: an empty ledger, not a blank event.
  if (buf.length === 0 || (buf.length === 1 && buf[0] === NEWLINE)) return emptyLedger(file);
  // A string with a lone surrogate has no exact bytes: its lines are read and hashed as text.
  const text = input.text;
  const reader = options.fast !== false && text === null ? new WrittenLineReader(buf) : null;
  const at = (line: number, column: number, message: string): Problem => ({ file, line, column, message });

  let n = 0;
  let textFrom = 0;
  const problems: Problem[] = [];
  const events: LedgerEvent[] = [];
  const order: LineOrder = {
    slot: 0,
    previousLine: 0,
    previousText: null,
    previousStart: 0,
    previousEnd: 0,
    lastAt: '',
    lastMs: NaN,
    lastLine: 0,
    latest: options.now ? options.now.getTime() + FUTURE_TOLERANCE_MS : Infinity,
    now: options.now,
  };
  // Scanned rather than split, so that a file of 64 MiB of garbage stops at the cap of problems
  // instead of materialising millions of lines and problems first.
  for (let from = 0; from < buf.length; ) {
    const newline = buf.indexOf(NEWLINE, from);
    const end = newline === -1 ? buf.length : newline;
    const start = from;
    from = end + 1;
    let line: string | null = null;
    if (text !== null) {
      const textNewline = text.indexOf('\n', textFrom);
      const textEnd = textNewline === -1 ? text.length : textNewline;
      line = text.slice(textFrom, textEnd);
      textFrom = textEnd + 1;
    }
    n++;
    if (problems.length >= MAX_PROBLEMS) {
      problems.push(at(n, 1, `stopped checking here after ${MAX_PROBLEMS} problems; ${RESTORE}`));
      break;
    }
    if (start === end) {
      problems.push(at(n, 1, `line ${n} is blank; the ledger holds one event a line and no blank lines; ${RESTORE}`));
      continue;
    }
    const before = order.previousLine;
    const prevHash =
      before === 0 ? GENESIS_PREV : order.previousText !== null ? hashLine(order.previousText) : hashBytes(buf, order.previousStart, order.previousEnd);
    order.slot++;
    order.previousLine = n;
    order.previousText = line;
    order.previousStart = start;
    order.previousEnd = end;
    let event: LedgerEvent | null = reader === null ? null : reader.read(start, end, prevHash);
    let ms = event === null ? NaN : reader!.ms;
    if (event === null) {
      line ??= buf.toString('utf8', start, end);
      event = readLineFully(line, n, file, problems);
      if (event === null) continue;
      ms = Date.parse(event.at);
    }
    if (event.seq === order.slot && event.prev === prevHash && !(ms < order.lastMs) && !(ms > order.latest)) {
      order.lastAt = event.at;
      order.lastMs = ms;
      order.lastLine = n;
    } else {
      checkOrder(event, ms, line ?? buf.toString('utf8', start, end), n, prevHash, before, order, at, problems);
    }
    events.push(event);
  }
  if (problems.length > 0) throw new ValidationError(capProblems(problems, MAX_PROBLEMS + 1));
  return readLedger(file, events, text ?? buf);
}

/**
 * The ledger with its lines read from the file only when asked for: a plan needs the events
 * alone, and the lines as strings would hold as much memory again as the file.
 */
function readLedger(file: string, events: LedgerEvent[], source: string | Buffer): Ledger {
  const ledger: Ledger = { file, lines: [], events };
  let lines: string[] | null = null;
  Object.defineProperty(ledger, 'lines', {
    enumerable: true,
    configurable: true,
    get: () => (lines ??= splitLines(source)),
    set: (value: string[]) => (lines = value),
  });
  return ledger;
}

function splitLines(source: string | Buffer): string[] {
  const lines: string[] = [];
  if (typeof source === 'string') {
    for (let from = 0; from < source.length; ) {
      const newline = source.indexOf('\n', from);
      const end = newline === -1 ? source.length : newline;
      lines.push(source.slice(from, end));
      from = end + 1;
    }
    return lines;
  }
  // ASCII decodes to the same string as Latin-1, which copies bytes without a UTF-8 decoder.
  const encoding = isAscii(source) ? 'latin1' : 'utf8';
  for (let from = 0; from < source.length; ) {
    const newline = source.indexOf(NEWLINE, from);
    const end = newline === -1 ? source.length : newline;
    lines.push(source.toString(encoding, from, end));
    from = end + 1;
  }
  return lines;
}

/**
 * The file as bytes, checked as ledgerText checks it; ledgerText itself words every refusal.
 * Bytes are checked without being decoded: the fast path reads them and hashes them directly.
 * `text` is kept only for a string that has no exact UTF-8 form (a lone surrogate).
 */
function ledgerInput(source: string | Uint8Array, file: string): { bytes: Buffer; text: string | null } {
  if (typeof source === 'string') {
    const text = ledgerText(source, file);
    return isWellFormed(text) ? { bytes: Buffer.from(text, 'utf8'), text: null } : { bytes: Buffer.from(text, 'utf8'), text };
  }
  const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // Each of these makes ledgerText throw; should it not, it decoded the bytes, so they are UTF-8.
  if (bytes.length > MAX_BYTES || bom || bytes.includes(0x0d) || !isUtf8(bytes)) ledgerText(source, file);
  return { bytes, text: null };
}

/** The file as text: strict UTF-8 under the size limit, with no byte-order mark and no CR. */
function ledgerText(source: string | Uint8Array, file: string): string {
  const decoded = decodeTextFile(source, file, { bytes: MAX_BYTES, what: 'ledger', fix: 'restore it from git history' });
  if ('problem' in decoded) throw new ValidationError([decoded.problem]);
  const text = decoded.text;
  if (text.startsWith('\uFEFF')) {
    throw new ValidationError([{ file, line: 1, column: 1, message: `the ledger starts with a byte-order mark; ${RESTORE}` }]);
  }
  const cr = text.indexOf('\r');
  if (cr !== -1) {
    // One problem, not one a line: CRLF endings break every hash after the first.
    throw new ValidationError([
      {
        file,
        line: countNewlines(text, cr) + 1,
        column: cr - (text.lastIndexOf('\n', cr - 1) + 1) + 1,
        message:
          'the ledger contains a carriage return (CRLF line endings); it must use LF only — restore it from git ' +
          `history and add "${file} -text" to .gitattributes so git does not convert it`,
      },
    ]);
  }
  return text;
}

/** What a line is checked against: its place, the line before it, and the times so far. */
interface LineOrder {
  /** Counted over non-blank lines, so that one stray blank line is one problem, not a cascade. */
  slot: number;
  /** The line before (0: none), where it is in the bytes, and its text when it is read as text. */
  previousLine: number;
  previousText: string | null;
  previousStart: number;
  previousEnd: number;
  /** The last valid time seen (NaN before any): a line dated before it would let a seat look older than it is. */
  lastAt: string;
  lastMs: number;
  lastLine: number;
  latest: number;
  now: Date | undefined;
}

/** seq without gaps, the hash chain, and time (never backwards, never from the future). */
function checkOrder(
  event: LedgerEvent,
  ms: number,
  line: string,
  n: number,
  prevHash: string,
  before: number,
  order: LineOrder,
  at: (line: number, column: number, message: string) => Problem,
  problems: Problem[],
): void {
  if (event.seq !== order.slot) {
    problems.push(at(n, columnOf(line, ['seq']), `seq is ${event.seq}, expected ${order.slot}: events are numbered 1, 2, 3… without gaps; ${RESTORE}`));
  }
  if (event.prev !== prevHash) {
    problems.push(
      at(
        n,
        columnOf(line, ['prev']),
        before === 0
          ? `prev of the first event must be 64 zeros; ${RESTORE}`
          : `prev does not match the SHA-256 of line ${before}; the ledger was edited by hand — restore it from git history`,
      ),
    );
  }
  if (ms < order.lastMs) {
    problems.push(
      at(
        n,
        columnOf(line, ['at']),
        `at is ${event.at}, before ${order.lastAt} on line ${order.lastLine}: times in the ledger never go backwards, ` +
          `so a seat cannot be made to look older than it is; ${RESTORE}`,
      ),
    );
  } else if (ms > order.latest) {
    problems.push(
      at(
        n,
        columnOf(line, ['at']),
        `at is ${event.at}, more than 5 minutes after the time of this run (${order.now!.toISOString()}): ` +
          `a line from the future would hold its clock wrongly; ${RESTORE}`,
      ),
    );
  }
  if (!(ms < order.lastMs)) {
    order.lastAt = event.at;
    order.lastMs = ms;
    order.lastLine = n;
  }
}

/** The full path: JSON.parse and the zod schema, which word every problem of the line. */
function readLineFully(line: string, n: number, file: string, problems: Problem[]): LedgerEvent | null {
  const at = (line: number, column: number, message: string): Problem => ({ file, line, column, message });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    const position = /at position (\d+)/.exec(reason);
    problems.push(at(n, position ? Number(position[1]) + 1 : 1, `line ${n} is not valid JSON (${reason}); ${RESTORE}`));
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(at(n, 1, `line ${n} is not a JSON object; every line is one event object; ${RESTORE}`));
    return null;
  }
  const parsed = LedgerEvent.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const field = [...path, key].join('.');
          problems.push(at(n, columnOf(line, [...path, key]), `unknown field '${field}'; ${RESTORE}`));
        }
        continue;
      }
      const field = path.join('.');
      const what =
        valueAt(value, path) === undefined
          ? 'is missing'
          : issue.message.startsWith('must')
            ? issue.message
            : `is invalid (${lowerFirst(issue.message)})`;
      problems.push(at(n, columnOf(line, path), `field '${field}' ${what}; ${RESTORE}`));
    }
    return null;
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// The fast path: a line exactly as serializeEvent writes it (keys in the documented order, no
// spaces, strings without escapes, whole numbers of at most 15 digits, times in toISOString
// form), read from its bytes in one pass and checked by hand; every other line returns null and
// takes the full path. It must never accept a line the full path refuses, and must give the same
// event for every line it takes: ledger.property.test.ts holds it to that (larger with `npm run
// test:long`). Working on the bytes spares decoding the file, slicing each line and hashing a
// string that must be encoded again. It earns its place: without it, a plan of 100,000 members
// costs 51% more CPU for the whole process (median of 9 interleaved runs, 3,450 against 2,280 ms
// user + sys; `node bench/fast-paths.ts`, which builds the bundle with and without it).

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Fixed text, compared four bytes at a time: the literals are most of a line's bytes. */
interface Literal {
  length: number;
  words: Int32Array;
  bytes: Uint8Array;
}
function lit(s: string): Literal {
  const bytes = latin1(s);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const words = new Int32Array(bytes.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = view.getInt32(i * 4, true);
  return { length: bytes.length, words, bytes };
}

// Each literal starts with the quote that closes the value before it.
const SEQ = lit('{"seq":');
const AT = lit(',"at":"');
const EVENT = lit('","event":"');
const BY = lit('","by":"');
const USER = lit('","user":{"id":');
const EMAIL = lit(',"email":');
const FROM = lit('},"from":');
const TO = lit(',"to":"');
const RUN = lit('","run":');
const REASON = lit(',"reason":"offboard"');
const PREV = lit(',"prev":"');
const NULL = lit('null');
const EVENT_NAMES = (['assigned', 'released', 'role-changed', 'intent'] as const).map((name) => ({ name, bytes: lit(`${name}"`) }));
const BY_NAMES = (['sync', 'observed'] as const).map((name) => ({ name, bytes: lit(`${name}"`) }));
/** A live role code by its two bytes, as one number. */
const ROLE_BY_BYTES = new Map<number, LedgerEvent['to']>(LIVE_ROLE_CODES.map((code) => [code.charCodeAt(0) * 256 + code.charCodeAt(1), code]));
const ISO_LENGTH = 24; // 2026-11-20T09:00:00.000Z
const HASH_LENGTH = 64;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Where `literal` ends when the bytes at `p` are exactly it, else -1. */
function literal(v: DataView, p: number, end: number, literal: Literal): number {
  const length = literal.length;
  if (p < 0 || p + length > end) return -1;
  const words = literal.words;
  for (let i = 0; i < words.length; i++) if (v.getInt32(p + i * 4, true) !== words[i]) return -1;
  for (let i = words.length * 4; i < length; i++) if (v.getUint8(p + i) !== literal.bytes[i]) return -1;
  return p + length;
}

/** The one of `names` whose bytes stand at `p`, if any. */
function oneOf<N extends { bytes: Literal }>(v: DataView, p: number, end: number, names: readonly N[]): N | undefined {
  for (const n of names) if (literal(v, p, end, n.bytes) !== -1) return n;
  return undefined;
}

function sameBytes(v: DataView, p: number, q: number, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (v.getInt32(p + i, true) !== v.getInt32(q + i, true)) return false;
  for (; i < length; i++) if (v.getUint8(p + i) !== v.getUint8(q + i)) return false;
  return true;
}

/** The two-digit (or wider) number at `p`, or -1 when a byte there is not a digit. */
function digitsAt(b: Buffer, p: number, width: number): number {
  let value = 0;
  for (let i = p; i < p + width; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Reads lines of one file in the written form. It remembers the previous line's time, email and
 * run: a run writes its events at one time and a user's events come in pairs, so repeated values
 * share one string instead of one copy a line.
 */
class WrittenLineReader {
  /** The time of the line last taken, in ms since the epoch. */
  ms = NaN;
  private readonly b: Buffer;
  private readonly v: DataView;
  /** Set by the number and string readers: the value they read. */
  private number = 0;
  private string: string | null = null;
  private atStart = -1;
  private at = '';
  private atMs = NaN;
  private readonly last = { email: { start: -1, length: -1, value: '' }, run: { start: -1, length: -1, value: '' } };

  constructor(bytes: Buffer) {
    this.b = bytes;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The event on the line from `start` to `end`, or null for the full path to read. */
  read(start: number, end: number, expectedPrev: string | null): LedgerEvent | null {
    const b = this.b;
    const v = this.v;
    let p = literal(v, start, end, SEQ);
    if (p === -1 || b[p] === 0x30 || (p = this.integer(p, end)) === -1) return null;
    const seq = this.number;
    if ((p = literal(v, p, end, AT)) === -1 || (p = this.time(p, end)) === -1) return null;
    const at = this.at;
    if ((p = literal(v, p, end, EVENT)) === -1) return null;
    const event = oneOf(v, p, end, EVENT_NAMES);
    if (event === undefined || (p = literal(v, p + event.bytes.length - 1, end, BY)) === -1) return null;
    const by = oneOf(v, p, end, BY_NAMES);
    if (by === undefined || (p = literal(v, p + by.bytes.length - 1, end, USER)) === -1) return null;
    const negative = b[p] === 0x2d;
    if (negative) p++;
    // `-?(?:0|[1-9][0-9]{0,14})`: a zero stands alone.
    if (b[p] === 0x30) {
      this.number = 0;
      p++;
    } else if ((p = this.integer(p, end)) === -1) return null;
    const id = negative ? -this.number : this.number;
    if ((p = literal(v, p, end, EMAIL)) === -1 || (p = this.nullableString(p, end, this.last.email)) === -1) return null;
    const email = this.string;
    if ((p = literal(v, p, end, FROM)) === -1) return null;
    let from: LedgerEvent['from'] = null;
    const afterNull = literal(v, p, end, NULL);
    if (afterNull !== -1) p = afterNull;
    else {
      if (b[p] !== QUOTE || (from = this.role(p + 1, end)) === null) return null;
      p += 4;
    }
    if ((p = literal(v, p, end, TO)) === -1) return null;
    const to = this.role(p, end);
    if (to === null) return null;
    if ((p = literal(v, p + 2, end, RUN)) === -1 || (p = this.nullableString(p, end, this.last.run)) === -1) return null;
    const run = this.string;
    const afterReason = literal(v, p, end, REASON);
    const reason = afterReason !== -1;
    if (reason) p = afterReason;
    if ((p = literal(v, p, end, PREV)) === -1 || p + HASH_LENGTH + 2 !== end || b[end - 2] !== QUOTE || b[end - 1] !== 0x7d) return null;
    const prev = this.hash(p, expectedPrev);
    if (prev === null) return null;
    // Keys in the schema's order, `reason` only when present: the object the full path would give.
    return reason
      ? { seq, at, event: event.name, by: by.name, user: { id, email }, from, to, run, reason: 'offboard', prev }
      : { seq, at, event: event.name, by: by.name, user: { id, email }, from, to, run, prev };
  }

  /** `[1-9][0-9]{0,14}` at `p` into `number`; where it ends, or -1. */
  private integer(p: number, end: number): number {
    const b = this.b;
    let value = 0;
    let i = p;
    for (; i < end && i < p + 15; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (i === p || b[p] === 0x30) return -1;
    this.number = value;
    return i;
  }

  /** A time in toISOString form with a year from 0100 to 9999, at `p` into `at` and `ms`. */
  private time(p: number, end: number): number {
    const b = this.b;
    if (p + ISO_LENGTH > end) return -1;
    if (this.atStart !== -1 && sameBytes(this.v, p, this.atStart, ISO_LENGTH)) {
      this.ms = this.atMs;
      return p + ISO_LENGTH;
    }
    if (b[p + 4] !== 0x2d || b[p + 7] !== 0x2d || b[p + 10] !== 0x54 || b[p + 13] !== 0x3a || b[p + 16] !== 0x3a || b[p + 19] !== 0x2e || b[p + 23] !== 0x5a) {
      return -1;
    }
    const year = digitsAt(b, p, 4);
    const month = digitsAt(b, p + 5, 2);
    const day = digitsAt(b, p + 8, 2);
    const hour = digitsAt(b, p + 11, 2);
    const minute = digitsAt(b, p + 14, 2);
    const second = digitsAt(b, p + 17, 2);
    const milli = digitsAt(b, p + 20, 3);
    // Years below 100 are left to the full path: Date.UTC reads them as 19xx.
    if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) {
      return -1;
    }
    const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return -1;
    this.ms = this.atMs = Date.UTC(year, month - 1, day, hour, minute, second, milli);
    this.at = b.toString('latin1', p, p + ISO_LENGTH);
    this.atStart = p;
    return p + ISO_LENGTH;
  }

  /** `null`, or a string without escapes or control characters, at `p` into `string`. */
  private nullableString(p: number, end: number, last: { start: number; length: number; value: string }): number {
    const b = this.b;
    const v = this.v;
    const afterNull = literal(v, p, end, NULL);
    if (afterNull !== -1) {
      this.string = null;
      return afterNull;
    }
    if (b[p] !== QUOTE) return -1;
    const start = p + 1;
    let ascii = true;
    let i = start;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c === QUOTE) break;
      if (c < 0x20 || c === BACKSLASH) return -1;
      if (c >= 0x80) ascii = false;
    }
    if (i === end) return -1;
    const length = i - start;
    if (length === last.length && sameBytes(this.v, start, last.start, length)) {
      this.string = last.value;
    } else {
      // The file was checked to be UTF-8 as a whole, so the bytes of a string are whole characters.
      this.string = b.toString(ascii ? 'latin1' : 'utf8', start, i);
      last.start = start;
      last.length = length;
      last.value = this.string;
    }
    return i + 1;
  }

  /** A live role code and its closing quote at `p`. */
  private role(p: number, end: number): LedgerEvent['to'] | null {
    const b = this.b;
    if (p + 3 > end || b[p + 2] !== QUOTE) return null;
    return ROLE_BY_BYTES.get(b[p]! * 256 + b[p + 1]!) ?? null;
  }

  /**
   * 64 lowercase hexadecimal digits at `p`: the expected hash itself when they spell it, so that
   * a valid chain allocates no second copy of each hash.
   */
  private hash(p: number, expected: string | null): string | null {
    const b = this.b;
    if (expected !== null) {
      let i = 0;
      while (i < HASH_LENGTH && b[p + i] === expected.charCodeAt(i)) i++;
      if (i === HASH_LENGTH) return expected;
    }
    for (let i = p; i < p + HASH_LENGTH; i++) {
      const c = b[i]!;
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return null;
    }
    return b.toString('latin1', p, p + HASH_LENGTH);
  }
}

/** The event on a line in the exact written form, or null for the full path to read. */
export function readWrittenLine(line: string): LedgerEvent | null {
  // A lone surrogate has no UTF-8 form: such a line is the full path's.
  if (!isWellFormed(line)) return null;
  const bytes = Buffer.from(line, 'utf8');
  return new WrittenLineReader(bytes).read(0, bytes.length, null);
}

/**
 * Appends events, continuing seq and the chain. Pure: the ledger passed in is not changed.
 * An event dated before the last line (another run committed later lines first) is raised to
 * the last line's time (docs/seat-rule.md): a later time can only delay a release, never hasten one.
 * A draft that fails the schema is a bug in the caller, so the ZodError is left to surface.
 */
export function appendEvents(ledger: Ledger, drafts: readonly EventDraft[]): Ledger {
  const lines = [...ledger.lines];
  const events = [...ledger.events];
  for (const draft of drafts) {
    const last = lines[lines.length - 1];
    const lastAt = events[events.length - 1]?.at;
    const event = LedgerEvent.parse({
      ...draft,
      at: lastAt !== undefined && Date.parse(lastAt) > Date.parse(draft.at) ? lastAt : draft.at,
      seq: lines.length + 1,
      prev: last === undefined ? GENESIS_PREV : hashLine(last),
    });
    lines.push(serializeEvent(event));
    events.push(event);
  }
  return { file: ledger.file, lines, events };
}

/** One line, keys in the documented order so that equal events always hash the same. */
function serializeEvent(e: LedgerEvent): string {
  return JSON.stringify({
    seq: e.seq,
    at: e.at,
    event: e.event,
    by: e.by,
    user: { id: e.user.id, email: e.user.email },
    from: e.from,
    to: e.to,
    run: e.run,
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    prev: e.prev,
  });
}

export function serializeLedger(ledger: Ledger): string {
  return ledger.lines.length === 0 ? '' : ledger.lines.join('\n') + '\n';
}

/** The first line where two ledgers differ within their common length, with its column; null when none. */
export function firstDifference(a: Ledger, b: Ledger): { line: number; column: number } | null {
  const common = Math.min(a.lines.length, b.lines.length);
  for (let i = 0; i < common; i++) {
    const ours = a.lines[i]!;
    const theirs = b.lines[i]!;
    if (ours === theirs) continue;
    let column = 0;
    while (column < ours.length && ours[column] === theirs[column]) column++;
    return { line: i + 1, column: column + 1 };
  }
  return null;
}

/**
 * Whether `head` is `base` with lines appended (or equal). Returns the problem at the first line
 * that differs, or null. Used where a ledger may legitimately have grown: the branch a run commits to.
 */
export function checkAppendOnly(base: Ledger, head: Ledger): Problem | null {
  const differs = firstDifference(head, base);
  if (differs) {
    return {
      file: head.file,
      ...differs,
      message:
        `line ${differs.line} differs from the ledger it should extend; the ledger is written only by this action and may ` +
        `only grow by appended lines — restore it from git history`,
    };
  }
  if (head.lines.length < base.lines.length) {
    const removed = base.lines.length - head.lines.length;
    return {
      file: head.file,
      line: Math.max(1, head.lines.length),
      column: 1,
      message:
        `${removed} line${removed === 1 ? '' : 's'} at the end of the ledger ${removed === 1 ? 'was' : 'were'} removed; ` +
        `the ledger is written only by this action and may only grow by appended lines — restore it from git history`,
    };
  }
  return null;
}

/** Re-appends our events after a ledger that grew meanwhile, renumbering seq and prev. */
export function rebase(onto: Ledger, ours: readonly LedgerEvent[]): Ledger {
  return appendEvents(onto, ours.map(toDraft));
}

function toDraft(event: LedgerEvent): EventDraft {
  const { seq: _seq, prev: _prev, ...draft } = event;
  return draft;
}

/** String.prototype.isWellFormed (ES2024, in every Node this action supports; not yet in the compiler's lib). */
function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Column of a field in a line the action wrote; the key's position is close enough to point at. */
function columnOf(line: string, path: readonly string[]): number {
  let from = 0;
  for (const key of path) {
    const found = line.indexOf(`${JSON.stringify(key)}:`, from);
    if (found === -1) break;
    from = found;
  }
  return from + 1;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
