import { createHash, hash as oneShotHash } from 'node:crypto';
import { LedgerEvent, type EventDraft } from '../core/ledger-event.ts';
import { ValidationError } from '../core/problems.ts';
import type { Problem } from '../core/problems.ts';
import { capProblems, decodeTextFile } from './text-file.ts';

// The seat ledger (SPEC 6): JSON Lines, append-only, each line chained to the previous one by
// the SHA-256 of its exact text. The chain is what lets a pull request be refused when the file
// was edited by hand, and what lets a conflicting commit be re-based safely.

const MAX_BYTES = 64 * 1024 * 1024;
/** SPEC 6: a line dated further than this after the real time of the run is refused. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const MAX_PROBLEMS = 50;
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

/** SHA-256 of bytes: the exact bytes of a line in the file, when they are at hand. */
function hashBytes(bytes: Uint8Array): string {
  return oneShotHash === undefined ? createHash('sha256').update(bytes).digest('hex') : oneShotHash('sha256', bytes, 'hex');
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
  const text = ledgerText(source, file);
  // A lone newline is what `echo > seat-ledger.jsonl` leaves: an empty ledger, not a blank event.
  if (text === '' || text === '\n') return emptyLedger(file);
  // When every character is one byte, a line's characters are its bytes in the file: hash those.
  const bytes = typeof source !== 'string' && source.byteLength === text.length ? source : null;
  const fast = options.fast !== false;
  const at = (line: number, column: number, message: string): Problem => ({ file, line, column, message });

  const lines: string[] = [];
  const problems: Problem[] = [];
  const events: LedgerEvent[] = [];
  const order: LineOrder = { slot: 0, previous: undefined, lastAt: undefined, latest: options.now ? options.now.getTime() + FUTURE_TOLERANCE_MS : Infinity, now: options.now };
  // Scanned rather than split, so that a file of 64 MiB of garbage stops at the cap of problems
  // instead of materialising millions of lines and problems first.
  for (let from = 0; from < text.length; ) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(from, end);
    const lineStart = from;
    from = end + 1;
    lines.push(line);
    const n = lines.length;
    if (problems.length >= MAX_PROBLEMS) {
      problems.push(at(n, 1, `stopped checking here after ${MAX_PROBLEMS} problems; ${RESTORE}`));
      break;
    }
    if (line === '') {
      problems.push(at(n, 1, `line ${n} is blank; the ledger holds one event a line and no blank lines; ${RESTORE}`));
      continue;
    }
    const before = order.previous;
    order.slot++;
    order.previous = { text: line, line: n, start: lineStart };
    let event: LedgerEvent | null = fast ? readWrittenLine(line) : null;
    let ms = event === null ? NaN : fastMs;
    if (event === null) {
      event = readLineFully(line, n, file, problems);
      if (event === null) continue;
      ms = Date.parse(event.at);
    }
    const prevHash =
      before === undefined ? GENESIS_PREV : bytes !== null ? hashBytes(bytes.subarray(before.start, before.start + before.text.length)) : hashLine(before.text);
    problems.push(...checkOrder(event, ms, line, n, prevHash, before, order, at));
    events.push(event);
  }
  if (problems.length > 0) throw new ValidationError(capProblems(problems, MAX_PROBLEMS + 1));
  return { file, lines, events };
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
  previous: { text: string; line: number; start: number } | undefined;
  /** The last valid time seen: a line dated before it would let a seat look older than it is. */
  lastAt: { at: string; ms: number; line: number } | undefined;
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
  before: LineOrder['previous'],
  order: LineOrder,
  at: (line: number, column: number, message: string) => Problem,
): Problem[] {
  const problems: Problem[] = [];
  if (event.seq !== order.slot) {
    problems.push(at(n, columnOf(line, ['seq']), `seq is ${event.seq}, expected ${order.slot}: events are numbered 1, 2, 3… without gaps; ${RESTORE}`));
  }
  if (event.prev !== prevHash) {
    problems.push(
      at(
        n,
        columnOf(line, ['prev']),
        before === undefined
          ? `prev of the first event must be 64 zeros; ${RESTORE}`
          : `prev does not match the SHA-256 of line ${before.line}; the ledger was edited by hand — restore it from git history`,
      ),
    );
  }
  const last = order.lastAt;
  if (last && ms < last.ms) {
    problems.push(
      at(
        n,
        columnOf(line, ['at']),
        `at is ${event.at}, before ${last.at} on line ${last.line}: times in the ledger never go backwards, ` +
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
  if (!last || ms >= last.ms) order.lastAt = { at: event.at, ms, line: n };
  return problems;
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
// form). Such a line is read with one regular expression and checked by hand; every other line
// returns null and takes the full path. It must never accept a line the full path refuses, and
// must give the same event for every line it takes: src/ledger.property.test.ts holds it to that.

const ROLE = 'OW|AD|MA|RE|AN|DI|NO|VO';
const STRING = '"([^"\\\\\\u0000-\\u001f]*)"';
const WRITTEN_LINE = new RegExp(
  '^\\{"seq":([1-9][0-9]{0,14}),' +
    '"at":"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\\.([0-9]{3})Z",' +
    '"event":"(assigned|released|role-changed|intent)",' +
    '"by":"(sync|observed)",' +
    '"user":\\{"id":(-?(?:0|[1-9][0-9]{0,14})),"email":(?:null|' + STRING + ')\\},' +
    `"from":(?:null|"(${ROLE})"),` +
    `"to":"(${ROLE})",` +
    '"run":(?:null|' + STRING + '),' +
    '("reason":"offboard",)?' +
    '"prev":"([0-9a-f]{64})"\\}$',
);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The time of the line readWrittenLine last took, in ms since the epoch. */
let fastMs = NaN;

/** The event on a line in the exact written form, or null for the full path to read. */
export function readWrittenLine(line: string): LedgerEvent | null {
  const m = WRITTEN_LINE.exec(line);
  if (m === null) return null;
  const year = Number(m[2]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const hour = Number(m[5]);
  const minute = Number(m[6]);
  const second = Number(m[7]);
  // Years below 100 are left to the full path: Date.UTC reads them as 19xx.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return null;
  fastMs = Date.UTC(year, month - 1, day, hour, minute, second, Number(m[8]));
  // `{"seq":` is 7 characters and `,"at":"` 7 more: the time starts after the seq's digits.
  const digits = m[1]!.length;
  const at = line.slice(14 + digits, 38 + digits);
  const seq = Number(m[1]);
  const event = m[9] as LedgerEvent['event'];
  const by = m[10] as LedgerEvent['by'];
  const user = { id: Number(m[11]), email: m[12] ?? null };
  const from = (m[13] ?? null) as LedgerEvent['from'];
  const to = m[14] as LedgerEvent['to'];
  const run = m[15] ?? null;
  const prev = m[17]!;
  // Keys in the schema's order, `reason` only when present: the object the full path would give.
  return m[16] === undefined
    ? { seq, at, event, by, user, from, to, run, prev }
    : { seq, at, event, by, user, from, to, run, reason: 'offboard', prev };
}

/**
 * Appends events, continuing seq and the chain. Pure: the ledger passed in is not changed.
 * An event dated before the last line (another run committed later lines first) is raised to
 * the last line's time (SPEC 6): a later time can only delay a release, never hasten one.
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
function firstDifference(a: Ledger, b: Ledger): { line: number; column: number } | null {
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

/**
 * SPEC 6, the pull-request guard: a pull request never changes the ledger. Its ledger must equal
 * the base commit's or be a prefix of it (a head that is behind its base); appended lines are
 * refused too, because a line a pull request adds could back-date or forge a seat's clock.
 */
export function checkPullRequestLedger(base: Ledger, head: Ledger): Problem | null {
  const fix = `a pull request never changes the ledger (only the action appends to it, on the branch it applies to) — restore it with \`git checkout <base branch> -- ${head.file}\``;
  const differs = firstDifference(head, base);
  if (differs) {
    return { file: head.file, ...differs, message: `line ${differs.line} differs from the base commit's ledger; ${fix}` };
  }
  if (head.lines.length > base.lines.length) {
    const added = head.lines.length - base.lines.length;
    return {
      file: head.file,
      line: base.lines.length + 1,
      column: 1,
      message: `line ${base.lines.length + 1} is not in the base commit's ledger (${added} line${added === 1 ? '' : 's'} added by this pull request); ${fix}`,
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
