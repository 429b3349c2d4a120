import { parseRole } from '../core/roles.ts';
import type { RoleCode } from '../core/roles.ts';
import type { IgnoreEntry, Roster, RosterEntry } from '../core/roster-model.ts';
import { MAX_EMAIL_LENGTH, emailKey } from '../core/identity.ts';
import { HASH_START, StringSet, hashStep } from './string-set.ts';

// parseRoster's fast path. The YAML library takes about 30 µs a member (its lexer and parser are
// generators): a third of a second for 10,000 members, before the first request. It earns its
// place: without it, a plan of 100,000 members costs 174% more CPU for the whole process (median
// of 9 interleaved runs, 6,250 against 2,280 ms user + sys; `node bench/fast-paths.ts`, which
// builds the bundle with and without it). Its equivalence with the YAML path is held by
// roster-plain.test.ts (larger with `npm run test:long`). Nearly every
// roster is written, or exported, in one plain block layout. This reads that layout line by line
// and gives up (returns null) at the first line it does not fully understand and at anything
// that would be a problem; parseRoster then parses the file with the YAML library, which finds
// and places every problem. So problems are only ever reported by that one path.
//
// Taken: top-level `version: 1`, `organization: <id>`, `defaults:` with one `role:` line below
// it, and `members:` / `ignore:` lists of `- key: value` items with further keys aligned under
// the first; blank lines and `#` comments anywhere; LF or CRLF line breaks. Every value is one
// plain word that YAML's core schema reads as the same string or number as this code does.

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const CR = 0x0d;
const TOP_KEYS = new Set(['version', 'organization', 'defaults', 'members', 'ignore']);
/** Words only, and none that YAML's core schema reads as null or a boolean. */
const ROLE_WORD = /^(?!(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)[A-Za-z][A-Za-z_-]*$/;

// Lines are read with charCodeAt from the text, not matched with regular expressions: a match
// array and a sliced line for each of 100,000 members cost more than the rest of the reading.
// The grammar is the one these patterns state, and the tests hold the reader to them:
//   a top-level key   /^([a-z]+):(?: +([^\s#]\S*))?(?: +#.*| *)$/
//   a list item       /^( *)- ([a-z]+): +([^\s#]\S*)(?: +#.*| *)$/
//   a further key     /^( *)([a-z]+): +([^\s#]\S*)(?: +#.*| *)$/
//   nothing           /^ *(?:#.*)?$/
// A value is read up to the next space: every value taken is one ASCII word (a number, an email,
// a role), so a value holding any other whitespace is refused by its own check, as it is by the
// patterns, whose value stops at the whitespace and whose end then fails.

/**
 * What the helpers below found, in one object per read rather than in their return values: a
 * return object per line of 100,000 would cost more than the reading.
 */
interface Cursor {
  /** Set by `valueAt`: where the value it found starts and ends (start -1: none). */
  start: number;
  end: number;
  /** Set by `keyHash`: whether the email had an A-Z; without one, an email is its own emailKey. */
  upper: boolean;
}

/**
 * Reads what follows `key:` up to `end`: ` +value`, then spaces, then the end or ` #comment`.
 * False when that is not what is there.
 */
function valueAt(text: string, p: number, end: number, v: Cursor): boolean {
  v.start = -1;
  if (p === end) return true;
  if (text.charCodeAt(p) !== SPACE) return false;
  while (p < end && text.charCodeAt(p) === SPACE) p++;
  if (p === end) return true;
  if (text.charCodeAt(p) === HASH) return isComment(text, p, end);
  v.start = p;
  while (p < end && text.charCodeAt(p) !== SPACE) p++;
  v.end = p;
  while (p < end && text.charCodeAt(p) === SPACE) p++;
  if (p === end) return true;
  return p > v.end && text.charCodeAt(p) === HASH && isComment(text, p, end);
}

/** `#.*` to the end: `.` takes every character but the line terminators. */
function isComment(text: string, p: number, end: number): boolean {
  for (let i = p + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === CR || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** Where the `[a-z]+` key at `p` ends (its colon), or -1 when no key and colon are there. */
function keyEnd(text: string, p: number, end: number): number {
  let i = p;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) break;
    i++;
  }
  return i > p && i < end && text.charCodeAt(i) === COLON ? i : -1;
}

function isKey(text: string, p: number, colon: number, key: string): boolean {
  return colon - p === key.length && text.startsWith(key, p);
}

/** `[1-9][0-9]{0,14}` from `p` to `end` as a number, or -1. */
function idAt(text: string, p: number, end: number): number {
  if (end - p < 1 || end - p > 15 || text.charCodeAt(p) === 0x30) return -1;
  let value = 0;
  for (let i = p; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const isAlphanumeric = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Whether an email is one YAML reads as a plain string and the schema accepts: local part
 * `[A-Za-z0-9][A-Za-z0-9._%+-]*`, then `@`, then dot-separated labels of at most 63 letters,
 * digits and hyphens that neither start nor end with a hyphen (z.regexes.html5Email's domain),
 * and at most MAX_EMAIL_LENGTH characters. Checked by hand, once, for every member.
 */
export function isPlainEmail(text: string, p: number, end: number): boolean {
  if (end - p > MAX_EMAIL_LENGTH || p === end || !isAlphanumeric(text.charCodeAt(p))) return false;
  let i = p + 1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x40) break;
    // . _ % + -
    if (!isAlphanumeric(c) && c !== 0x2e && c !== 0x5f && c !== 0x25 && c !== 0x2b && c !== DASH) return false;
  }
  if (i === end) return false;
  let labelStart = i + 1;
  for (let j = labelStart; ; j++) {
    const c = j < end ? text.charCodeAt(j) : 0x2e;
    if (c === 0x2e) {
      const length = j - labelStart;
      if (length < 1 || length > 63 || text.charCodeAt(labelStart) === DASH || text.charCodeAt(j - 1) === DASH) return false;
      if (j >= end) return true;
      labelStart = j + 1;
    } else if (!isAlphanumeric(c) && c !== DASH) return false;
  }
}

/** The StringSet hash of the emailKey of the email from `p` to `end` (an ASCII email). */
function keyHash(text: string, p: number, end: number, v: Cursor): number {
  v.upper = false;
  let hash = HASH_START;
  for (let i = p; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      v.upper = true;
      c += 0x20;
    }
    hash = hashStep(hash, c);
  }
  return hash;
}

/** The roster, or null when the text is not in the plain layout or holds anything to report. */
export function readPlainRoster(text: string, file: string): Roster | null {
  const v: Cursor = { start: -1, end: -1, upper: false };
  const seen = new Set<string>();
  let organization: number | null = null;
  let defaultRole: RoleCode | undefined;
  let section: 'defaults' | 'members' | 'ignore' | null = null;
  let indent = -1;
  const members: RosterEntry[] = [];
  const ignore: IgnoreEntry[] = [];
  /** Members that took the default role before `defaults:` was read (it may come last). */
  const provisional: RosterEntry[] = [];
  const emails = new StringSet();
  const ids = new Set<number>();

  // The item being read: its keys so far, one bit each.
  let open = false;
  let itemLine = 0;
  let itemColumn = 0;
  let keys = 0;
  let email: string | null = null;
  let emailHash = 0;
  let id: number | null = null;
  let role: RoleCode | undefined;
  let offboard = false;
  // Consecutive members usually name the same role word: its code is looked up once.
  let lastRoleWord = '';
  let lastRole: RoleCode | undefined;

  /** Closes the open item; false for what parseRoster would report (no user, two, a repeat). */
  const close = (): boolean => {
    if (!open) return true;
    open = false;
    if ((email === null) === (id === null)) return false;
    if (email !== null) {
      if (!emails.add(email, emailHash)) return false;
    } else {
      if (ids.has(id!)) return false;
      ids.add(id!);
    }
    if (section === 'ignore') {
      ignore.push({ email, id, line: itemLine, column: itemColumn });
      return true;
    }
    const entry: RosterEntry = { email, id, role: role ?? defaultRole ?? 'AN', offboard, line: itemLine, column: itemColumn };
    if (role === undefined && !seen.has('defaults')) provisional.push(entry);
    else if (offboard && entry.role !== 'DI' && entry.role !== 'NO') return false;
    members.push(entry);
    return true;
  };

  const roleAt = (p: number, end: number): RoleCode | undefined => {
    if (end - p !== lastRoleWord.length || !text.startsWith(lastRoleWord, p)) {
      lastRoleWord = text.slice(p, end);
      lastRole = ROLE_WORD.test(lastRoleWord) ? parseRole(lastRoleWord) : undefined;
    }
    return lastRole;
  };

  let lineNo = 0;
  for (let from = 0; from < text.length; ) {
    const newline = text.indexOf('\n', from);
    const next = newline === -1 ? text.length : newline;
    // A line break is LF or CRLF, as for YAML; a CR anywhere else is refused below.
    const end = newline > from && text.charCodeAt(newline - 1) === CR ? newline - 1 : next;
    const start = from;
    from = next + 1;
    lineNo++;
    let p = start;
    while (p < end && text.charCodeAt(p) === SPACE) p++;
    const first = p < end ? text.charCodeAt(p) : -1;
    if (first === -1) continue;
    if (first === HASH) {
      if (isComment(text, p, end)) continue;
      return null;
    }

    if (p === start && first !== DASH) {
      const colon = keyEnd(text, p, end);
      if (colon === -1 || !valueAt(text, colon + 1, end, v) || !close()) return null;
      const key = text.slice(p, colon);
      if (!TOP_KEYS.has(key) || seen.has(key)) return null;
      seen.add(key);
      indent = -1;
      section = null;
      if (key === 'version') {
        if (v.start === -1 || v.end - v.start !== 1 || text.charCodeAt(v.start) !== 0x31) return null;
      } else if (key === 'organization') {
        if (v.start === -1 || (organization = idAt(text, v.start, v.end)) === -1) return null;
      } else {
        if (v.start !== -1) return null;
        section = key as 'defaults' | 'members' | 'ignore';
      }
      continue;
    }

    if (section === 'defaults') {
      const colon = keyEnd(text, p, end);
      if (colon === -1 || !isKey(text, p, colon, 'role') || defaultRole !== undefined) return null;
      if (!valueAt(text, colon + 1, end, v) || v.start === -1) return null;
      defaultRole = roleAt(v.start, v.end);
      if (defaultRole === undefined) return null;
      continue;
    }
    if (section === null) return null;

    let keyStart = p;
    if (first === DASH) {
      // `- key:` with exactly one space after the dash.
      if (p + 1 >= end || text.charCodeAt(p + 1) !== SPACE) return null;
      const width = p - start;
      if (indent === -1) indent = width;
      else if (width !== indent) return null;
      if (!close()) return null;
      open = true;
      itemLine = lineNo;
      itemColumn = indent + 3;
      keys = 0;
      email = null;
      id = null;
      role = undefined;
      offboard = false;
      keyStart = p + 2;
    } else if (!open || p - start !== indent + 2) return null;
    const colon = keyEnd(text, keyStart, end);
    if (colon === -1 || !valueAt(text, colon + 1, end, v) || v.start === -1) return null;

    let bit: number;
    if (isKey(text, keyStart, colon, 'email')) {
      if (!isPlainEmail(text, v.start, v.end)) return null;
      const word = text.slice(v.start, v.end);
      emailHash = keyHash(text, v.start, v.end, v);
      email = v.upper ? emailKey(word) : word;
      bit = 1;
    } else if (isKey(text, keyStart, colon, 'id')) {
      id = idAt(text, v.start, v.end);
      if (id === -1) return null;
      bit = 2;
    } else if (isKey(text, keyStart, colon, 'role') && section === 'members') {
      role = roleAt(v.start, v.end);
      if (role === undefined) return null;
      bit = 4;
    } else if (isKey(text, keyStart, colon, 'offboard') && section === 'members') {
      if (isKey(text, v.start, v.end, 'true')) offboard = true;
      else if (!isKey(text, v.start, v.end, 'false')) return null;
      bit = 8;
    } else return null;
    if ((keys & bit) !== 0) return null;
    keys |= bit;
  }

  if (!close() || !seen.has('version') || !seen.has('members') || (seen.has('defaults') && defaultRole === undefined)) return null;
  if (members.length === 0 || (seen.has('ignore') && ignore.length === 0)) return null;
  for (const entry of provisional) {
    if (defaultRole !== undefined) entry.role = defaultRole;
    if (entry.offboard && entry.role !== 'DI' && entry.role !== 'NO') return null;
  }
  return { file, organization, defaultRole: defaultRole ?? 'AN', members, ignore };
}
