import { createHash } from 'node:crypto';
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
  return createHash('sha256').update(line, 'utf8').digest('hex');
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
}

export function parseLedger(source: string | Uint8Array, file: string, options: ParseLedgerOptions = {}): Ledger {
  const latest = options.now ? options.now.getTime() + FUTURE_TOLERANCE_MS : Infinity;
  const decoded = decodeTextFile(source, file, { bytes: MAX_BYTES, what: 'ledger', fix: 'restore it from git history' });
  if ('problem' in decoded) throw new ValidationError([decoded.problem]);
  const text = decoded.text;
  // A lone newline is what `echo > seat-ledger.jsonl` leaves: an empty ledger, not a blank event.
  if (text === '' || text === '\n') return emptyLedger(file);

  const at = (line: number, column: number, message: string): Problem => ({ file, line, column, message });
  if (text.startsWith('\uFEFF')) {
    throw new ValidationError([at(1, 1, `the ledger starts with a byte-order mark; ${RESTORE}`)]);
  }
  const cr = text.indexOf('\r');
  if (cr !== -1) {
    // One problem, not one a line: CRLF endings break every hash after the first.
    const line = countNewlines(text, cr) + 1;
    const column = cr - (text.lastIndexOf('\n', cr - 1) + 1) + 1;
    throw new ValidationError([
      at(
        line,
        column,
        'the ledger contains a carriage return (CRLF line endings); it must use LF only — restore it from git ' +
          `history and add "${file} -text" to .gitattributes so git does not convert it`,
      ),
    ]);
  }

  const lines: string[] = [];
  const problems: Problem[] = [];
  const events: LedgerEvent[] = [];
  // Counted over non-blank lines, so that one stray blank line is one problem, not a cascade.
  let slot = 0;
  let previous: { text: string; line: number } | undefined;
  // The last valid time seen: a line dated before it would let a seat look older than it is.
  let lastAt: { at: string; ms: number; line: number } | undefined;
  // Scanned rather than split, so that a file of 64 MiB of garbage stops at the cap of problems
  // instead of materialising millions of lines and problems first.
  for (let from = 0; from < text.length; ) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(from, end);
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
    slot++;
    const before = previous;
    previous = { text: line, line: n };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
      const position = /at position (\d+)/.exec(reason);
      problems.push(at(n, position ? Number(position[1]) + 1 : 1, `line ${n} is not valid JSON (${reason}); ${RESTORE}`));
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(at(n, 1, `line ${n} is not a JSON object; every line is one event object; ${RESTORE}`));
      continue;
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
      continue;
    }
    const event = parsed.data;
    if (event.seq !== slot) {
      problems.push(at(n, columnOf(line, ['seq']), `seq is ${event.seq}, expected ${slot}: events are numbered 1, 2, 3… without gaps; ${RESTORE}`));
    }
    const expected = before === undefined ? GENESIS_PREV : hashLine(before.text);
    if (event.prev !== expected) {
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
    const ms = Date.parse(event.at);
    if (lastAt && ms < lastAt.ms) {
      problems.push(
        at(
          n,
          columnOf(line, ['at']),
          `at is ${event.at}, before ${lastAt.at} on line ${lastAt.line}: times in the ledger never go backwards, ` +
            `so a seat cannot be made to look older than it is; ${RESTORE}`,
        ),
      );
    } else if (ms > latest) {
      problems.push(
        at(
          n,
          columnOf(line, ['at']),
          `at is ${event.at}, more than 5 minutes after the time of this run (${options.now!.toISOString()}): ` +
            `a line from the future would hold its clock wrongly; ${RESTORE}`,
        ),
      );
    }
    if (!lastAt || ms >= lastAt.ms) lastAt = { at: event.at, ms, line: n };
    events.push(event);
  }
  if (problems.length > 0) throw new ValidationError(capProblems(problems, MAX_PROBLEMS + 1));
  return { file, lines, events };
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
