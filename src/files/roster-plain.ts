import { z } from 'zod';
import { parseRole } from '../core/roles.ts';
import type { RoleCode } from '../core/roles.ts';
import type { IgnoreEntry, Roster, RosterEntry } from '../core/roster-model.ts';
import { MAX_EMAIL_LENGTH, emailKey } from '../core/identity.ts';

// parseRoster's fast path. The YAML library takes about 30 µs a member (its lexer and parser are
// generators): a third of a second for 10,000 members, before the first request. Nearly every
// roster is written, or exported, in one plain block layout. This reads that layout line by line
// and gives up (returns null) at the first line it does not fully understand and at anything
// that would be a problem; parseRoster then parses the file with the YAML library, which finds
// and places every problem. So problems are only ever reported by that one path.
//
// Taken: top-level `version: 1`, `organization: <id>`, `defaults:` with one `role:` line below
// it, and `members:` / `ignore:` lists of `- key: value` items with further keys aligned under
// the first; blank lines and `#` comments anywhere; LF or CRLF line breaks. Every value is one
// plain word that YAML's core schema reads as the same string or number as this code does.

const TOP_KEY = /^([a-z]+):(?: +([^\s#]\S*))?(?: +#.*| *)$/;
const ITEM = /^( *)- ([a-z]+): +([^\s#]\S*)(?: +#.*| *)$/;
const ITEM_KEY = /^( *)([a-z]+): +([^\s#]\S*)(?: +#.*| *)$/;
const SKIP = /^ *(?:#.*)?$/;
/** A subset of the schema's email rule whose every match YAML reads as a plain string. */
const PLAIN_EMAIL = /^[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+$/;
const ID = /^[1-9][0-9]{0,14}$/;
/** Words only, and none that YAML's core schema reads as null or a boolean. */
const ROLE_WORD = /^(?!(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)[A-Za-z][A-Za-z_-]*$/;

interface Item {
  section: 'members' | 'ignore';
  line: number;
  column: number;
  email?: string;
  id?: number;
  role?: RoleCode;
  offboard?: boolean;
}

/** The roster, or null when the text is not in the plain layout or holds anything to report. */
export function readPlainRoster(text: string, file: string): Roster | null {
  const seen = new Set<string>();
  let version = false;
  let organization: number | null = null;
  let defaultRole: RoleCode | undefined;
  let section: 'defaults' | 'members' | 'ignore' | null = null;
  let indent = -1;
  const items: Item[] = [];
  let item: Item | null = null;

  let lineNo = 0;
  for (let from = 0; from < text.length; ) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    // A line break is LF or CRLF, as for YAML; a CR anywhere else matches no pattern below.
    const line = text.slice(from, newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : end);
    from = end + 1;
    lineNo++;
    if (SKIP.test(line)) continue;

    if (line[0] !== ' ' && line[0] !== '-') {
      const m = TOP_KEY.exec(line);
      if (!m || seen.has(m[1]!)) return null;
      const [, key, value] = m;
      seen.add(key!);
      item = null;
      indent = -1;
      section = null;
      if (key === 'version') {
        if (value !== '1') return null;
        version = true;
      } else if (key === 'organization') {
        if (value === undefined || !ID.test(value)) return null;
        organization = Number(value);
      } else if (key === 'defaults' || key === 'members' || key === 'ignore') {
        if (value !== undefined) return null;
        section = key;
      } else return null;
      continue;
    }

    if (section === 'defaults') {
      const m = ITEM_KEY.exec(line);
      if (!m || m[2] !== 'role' || defaultRole !== undefined) return null;
      defaultRole = roleOf(m[3]!);
      if (defaultRole === undefined) return null;
      continue;
    }
    if (section === null) return null;

    const start = ITEM.exec(line);
    let key: string;
    let value: string;
    if (start) {
      if (indent === -1) indent = start[1]!.length;
      else if (start[1]!.length !== indent) return null;
      item = { section, line: lineNo, column: indent + 3 };
      items.push(item);
      key = start[2]!;
      value = start[3]!;
    } else {
      const more = ITEM_KEY.exec(line);
      if (!more || !item || more[1]!.length !== indent + 2) return null;
      key = more[2]!;
      value = more[3]!;
    }
    if (!setKey(item, key, value)) return null;
  }

  if (!version || !seen.has('members') || (seen.has('defaults') && defaultRole === undefined)) return null;
  const listed = new Set(items.map((i) => i.section));
  if (!listed.has('members') || (seen.has('ignore') && !listed.has('ignore'))) return null;
  return finish(file, organization, defaultRole ?? 'AN', items);
}

function setKey(item: Item, key: string, value: string): boolean {
  if (Object.hasOwn(item, key)) return false;
  if (key === 'email') {
    if (value.length > MAX_EMAIL_LENGTH || !PLAIN_EMAIL.test(value) || !z.regexes.html5Email.test(value)) return false;
    item.email = emailKey(value);
  } else if (key === 'id') {
    if (!ID.test(value)) return false;
    item.id = Number(value);
  } else if (key === 'role' && item.section === 'members') {
    const role = roleOf(value);
    if (role === undefined) return false;
    item.role = role;
  } else if (key === 'offboard' && item.section === 'members') {
    if (value !== 'true' && value !== 'false') return false;
    item.offboard = value === 'true';
  } else return false;
  return true;
}

function roleOf(word: string): RoleCode | undefined {
  return ROLE_WORD.test(word) ? parseRole(word) : undefined;
}

/** The entries in parseRoster's shape; null for what it would report (no user, two, a repeat, offboard). */
function finish(file: string, organization: number | null, defaultRole: RoleCode, items: readonly Item[]): Roster | null {
  const members: RosterEntry[] = [];
  const ignore: IgnoreEntry[] = [];
  const emails = new Set<string>();
  const ids = new Set<number>();
  for (const item of items) {
    const email = item.email ?? null;
    const id = item.id ?? null;
    if ((email === null) === (id === null)) return null;
    if (email !== null) {
      if (emails.has(email)) return null;
      emails.add(email);
    } else {
      if (ids.has(id!)) return null;
      ids.add(id!);
    }
    if (item.section === 'ignore') {
      ignore.push({ email, id, line: item.line, column: item.column });
      continue;
    }
    const role = item.role ?? defaultRole;
    const offboard = item.offboard === true;
    if (offboard && role !== 'DI' && role !== 'NO') return null;
    members.push({ email, id, role, offboard, line: item.line, column: item.column });
  }
  return { file, organization, defaultRole, members, ignore };
}
