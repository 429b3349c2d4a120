import { MAX_EMAIL_LENGTH } from '../identity.ts';
import type { LiveMember, LiveMemberPage } from '../live.ts';
import { LIVE_ROLE_CODES, type LiveRoleCode } from '../roles.ts';

// The fastest reader of a page of members: it scans the answer's text once, validating it as JSON
// (the grammar of RFC 8259, as JSON.parse takes it) and keeping only the fields the plan uses, so
// the 40-odd values of each member never become objects. It gives up (null) at anything unusual:
// an escape in a key it reads or in a value it keeps, a field twice, a value of another type,
// nesting deeper than 64, anything JSON.parse would refuse. The caller then runs JSON.parse and the
// page's other readers, which word every problem. src/labelstudio/page-scan.property.test.ts holds
// it to JSON.parse followed by readLiveMemberPage.

const MAX_DEPTH = 64;
const LIVE_ROLES: ReadonlySet<string> = new Set(LIVE_ROLE_CODES);
/** A string's characters up to its closing quote, a backslash or a control character. */
// eslint-disable-next-line no-control-regex -- JSON strings end at a control character
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * The string in memory of its own. A piece cut from the page's text keeps the whole text alive
 * (V8 slices strings of 13 characters or more); a member outlives its page by far.
 */
function own(piece: string): string {
  return piece.length < 13 ? piece : (' ' + piece).slice(1);
}

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

export function scanMemberPage(text: string): LiveMemberPage | null {
  try {
    return new Scanner(text).page();
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

class Scanner {
  readonly s: string;
  i = 0;
  constructor(text: string) {
    this.s = text;
  }

  page(): LiveMemberPage {
    this.ws();
    this.expect(123); // {
    let count: number | undefined;
    let next: string | null | undefined;
    let seen = 0;
    let results: { members: LiveMember[]; ids: number[] } | undefined;
    this.ws();
    if (this.peek() !== 125) {
      for (;;) {
        const key = this.key();
        this.ws();
        this.expect(58); // :
        this.ws();
        if (key === 'count') {
          seen = this.once(seen, 1);
          const n = this.number();
          if (!Number.isSafeInteger(n) || n < 0) throw GIVE_UP;
          count = n;
        } else if (key === 'next') {
          seen = this.once(seen, 2);
          next = this.nullableString();
        } else if (key === 'previous') {
          seen = this.once(seen, 4);
          this.nullableString();
        } else if (key === 'results') {
          seen = this.once(seen, 8);
          results = this.members();
        } else {
          this.skip(1);
        }
        this.ws();
        if (this.peek() === 44) {
          this.i++;
          this.ws();
          continue;
        }
        break;
      }
    }
    this.expect(125); // }
    this.ws();
    if (this.i !== this.s.length || results === undefined) throw GIVE_UP;
    return { ...(count !== undefined ? { count } : {}), next: next ?? null, results: results.members, ids: results.ids };
  }

  members(): { members: LiveMember[]; ids: number[] } {
    const members: LiveMember[] = [];
    const ids: number[] = [];
    this.expect(91); // [
    this.ws();
    if (this.peek() === 93) {
      this.i++;
      return { members, ids };
    }
    for (;;) {
      this.member(members, ids);
      this.ws();
      const c = this.peek();
      this.i++;
      if (c === 44) {
        this.ws();
        continue;
      }
      if (c === 93) return { members, ids };
      throw GIVE_UP;
    }
  }

  member(members: LiveMember[], ids: number[]): void {
    this.expect(123);
    let seen = 0;
    let id: number | undefined;
    let role: string | undefined;
    let roleSource: string | null = null;
    let userType: string | null = null;
    let user: { id: number; email: string | null } | undefined;
    this.ws();
    if (this.peek() !== 125) {
      for (;;) {
        const key = this.key();
        this.ws();
        this.expect(58);
        this.ws();
        if (key === 'id') {
          seen = this.once(seen, 1);
          id = this.integer();
        } else if (key === 'organization') {
          seen = this.once(seen, 2);
          this.integer();
        } else if (key === 'role') {
          seen = this.once(seen, 4);
          role = this.string();
        } else if (key === 'role_source') {
          seen = this.once(seen, 8);
          roleSource = this.nullableString();
        } else if (key === 'user_type') {
          seen = this.once(seen, 16);
          userType = this.nullableString();
        } else if (key === 'user') {
          seen = this.once(seen, 32);
          user = this.user();
        } else {
          this.skip(2);
        }
        this.ws();
        if (this.peek() === 44) {
          this.i++;
          this.ws();
          continue;
        }
        break;
      }
    }
    this.expect(125);
    if (id === undefined || role === undefined || user === undefined) throw GIVE_UP;
    const code = role.toUpperCase();
    ids.push(id);
    members.push({
      userId: user.id,
      email: user.email && user.email.length <= MAX_EMAIL_LENGTH ? own(user.email) : null,
      role: LIVE_ROLES.has(code) ? (code as LiveRoleCode) : 'VO',
      roleSource,
      userType,
    });
  }

  user(): { id: number; email: string | null } {
    this.expect(123);
    let seen = 0;
    let id: number | undefined;
    let email: string | null = null;
    this.ws();
    if (this.peek() !== 125) {
      for (;;) {
        const key = this.key();
        this.ws();
        this.expect(58);
        this.ws();
        if (key === 'id') {
          seen = this.once(seen, 1);
          id = this.integer();
        } else if (key === 'username') {
          seen = this.once(seen, 2);
          this.nullableString();
        } else if (key === 'email') {
          seen = this.once(seen, 4);
          email = this.nullableString();
        } else {
          this.skip(3);
        }
        this.ws();
        if (this.peek() === 44) {
          this.i++;
          this.ws();
          continue;
        }
        break;
      }
    }
    this.expect(125);
    if (id === undefined) throw GIVE_UP;
    return { id, email };
  }

  /** A field read once; a second one (JSON.parse keeps the last) is left to the full path. */
  once(seen: number, bit: number): number {
    if (seen & bit) throw GIVE_UP;
    return seen | bit;
  }

  peek(): number {
    return this.s.charCodeAt(this.i);
  }

  expect(c: number): void {
    if (this.s.charCodeAt(this.i) !== c) throw GIVE_UP;
    this.i++;
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  /** A key without escapes (an escaped key could spell one this reader looks for). */
  key(): string {
    this.expect(34);
    const start = this.i;
    PLAIN.lastIndex = start;
    PLAIN.test(this.s);
    const end = PLAIN.lastIndex;
    if (this.s.charCodeAt(end) !== 34) throw GIVE_UP;
    this.i = end + 1;
    return this.s.slice(start, end);
  }

  /** A string value kept by the reader: without escapes, else given up. */
  string(): string {
    if (this.peek() !== 34) throw GIVE_UP;
    return this.key();
  }

  nullableString(): string | null {
    if (this.s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    return this.string();
  }

  number(): number {
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(this.s)) throw GIVE_UP;
    const end = NUMBER.lastIndex;
    const n = Number(this.s.slice(this.i, end));
    this.i = end;
    return n;
  }

  integer(): number {
    const n = this.number();
    if (!Number.isSafeInteger(n)) throw GIVE_UP;
    return n;
  }

  /** Any JSON value, validated and not kept. */
  skip(depth: number): void {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34) {
      this.i++;
      for (;;) {
        PLAIN.lastIndex = this.i;
        PLAIN.test(s);
        let i = PLAIN.lastIndex;
        const d = s.charCodeAt(i);
        if (d === 34) {
          this.i = i + 1;
          return;
        }
        if (d !== 92) throw GIVE_UP; // a control character, or the end of the text
        const e = s.charCodeAt(i + 1);
        if (e === 117) {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(s)) throw GIVE_UP;
          i += 6;
        } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
          i += 2;
        } else throw GIVE_UP;
        this.i = i;
      }
    }
    if (c === 123) {
      this.i++;
      this.ws();
      if (this.peek() === 125) {
        this.i++;
        return;
      }
      for (;;) {
        this.skipString();
        this.ws();
        this.expect(58);
        this.ws();
        this.skip(depth + 1);
        this.ws();
        const d = this.peek();
        this.i++;
        if (d === 44) {
          this.ws();
          continue;
        }
        if (d === 125) return;
        throw GIVE_UP;
      }
    }
    if (c === 91) {
      this.i++;
      this.ws();
      if (this.peek() === 93) {
        this.i++;
        return;
      }
      for (;;) {
        this.skip(depth + 1);
        this.ws();
        const d = this.peek();
        this.i++;
        if (d === 44) {
          this.ws();
          continue;
        }
        if (d === 93) return;
        throw GIVE_UP;
      }
    }
    if (s.startsWith('null', this.i) || s.startsWith('true', this.i)) {
      this.i += 4;
      return;
    }
    if (s.startsWith('false', this.i)) {
      this.i += 5;
      return;
    }
    this.number();
  }

  skipString(): void {
    if (this.peek() !== 34) throw GIVE_UP;
    this.skip(0);
  }
}
