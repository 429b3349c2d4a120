import { Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { ROLE_NAMES, parseRole } from '../core/roles.ts';
import type { RoleCode } from '../core/roles.ts';
import { emailKey } from '../core/identity.ts';
import { SCHEMA_URL, isRosterEmail } from './roster.ts';

export interface RosterExportInput {
  organization: number;
  members: { email: string | null; id: number; role: RoleCode }[];
  ignore: { email: string | null; id: number }[];
}

/**
 * Where the roster's JSON Schema lives for the action this run is: the runner names the action's
 * repository and ref (a tag, a branch or a commit) in GITHUB_ACTION_REPOSITORY and
 * GITHUB_ACTION_REF. Null when it does not name both (the command line, a local `uses: ./`).
 */
export function schemaUrlFor(actionRepository: string | null, actionRef: string | null): string | null {
  if (!actionRepository || !actionRef) return null;
  return `https://raw.githubusercontent.com/${actionRepository}/${actionRef}/schema/members.schema.json`;
}

/**
 * The live organization as a new roster (export mode, no roster yet). Deterministic, so
 * re-exporting an unchanged organization leaves the file byte-for-byte equal and the diff of a
 * real change stays small. A user is written by email unless that email could not name them in
 * a roster: missing, not an email the roster accepts, or shared with another user (by
 * `emailKey`). Then by id.
 */
export function renderRoster(input: RosterExportInput, schemaUrl: string = SCHEMA_URL): string {
  const identify = identifier([...input.members, ...input.ignore].map((u) => u.email));
  const members = sortUsers(input.members.map((m) => ({ ...identify(m), role: m.role })));
  const ignore = sortUsers(input.ignore.map(identify));
  const doc = new Document({
    version: 1,
    organization: input.organization,
    members,
    ...(ignore.length > 0 ? { ignore } : {}),
  });
  doc.commentBefore =
    ` yaml-language-server: $schema=${schemaUrl}\n` +
    ` Exported from Label Studio organization ${input.organization} by label-studio-roster-sync.`;
  return doc.toString({ lineWidth: 0 });
}

/**
 * How a user is named in a roster: by email when the email is usable and named by nobody else
 * among `emails` (compared by `emailKey`), else by id.
 */
export function identifier(emails: readonly (string | null)[]): (u: { email: string | null; id: number }) => { email: string } | { id: number } {
  const seen = new Map<string, number>();
  for (const e of emails) {
    const email = usableEmail(e);
    if (email !== null) seen.set(email, (seen.get(email) ?? 0) + 1);
  }
  return (u) => {
    const email = usableEmail(u.email);
    return email !== null && seen.get(email) === 1 ? { email } : { id: u.id };
  };
}

/** What export changes in one `members` entry of an existing roster (by its index in the list). */
export type MemberEdit =
  /** The live role differs: write it. */
  | { kind: 'set-role'; role: RoleCode }
  /** The user is not in the organization (or cannot be named with a role): drop the entry. */
  | { kind: 'remove' }
  /** The change the entry asks for waits for the seat rule: keep the entry, with this note above it. */
  | { kind: 'keep'; note: string };

export interface RosterEdits {
  members: ReadonlyMap<number, MemberEdit>;
  addMembers: readonly ({ email: string; role: RoleCode } | { id: number; role: RoleCode })[];
  addIgnore: readonly ({ email: string } | { id: number })[];
  /** The `$schema` line's new URL; null keeps the line as it is. */
  schemaUrl: string | null;
}

/** Every note export writes starts so, and export removes every such line before writing the current ones. */
export const KEPT_NOTE = '# kept by export: ';

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Edits an existing, valid roster in place: the text between the edits stays as it was (comments,
 * order, alignment, `defaults`, role spellings), so an export with nothing drifted returns the
 * same bytes. The YAML library locates every node; the edits are splices of the original text,
 * since re-serialising the document would re-align comments and re-quote values. A roster that
 * writes `members` or `ignore` as a flow list (`[{email: …}]`) with entries in it is edited
 * through the document instead, which may reformat those lists.
 */
export function editRoster(text: string, edits: RosterEdits): string {
  const doc = parseDocument(text);
  const members = doc.get('members', true);
  const ignore = doc.get('ignore', true);
  if (!isSeq(members)) throw new Error('editRoster: the roster has no members list; check it with parseRoster first');
  const style = roleStyle(doc, members);
  const flowWithItems = (seq: unknown) => isSeq(seq) && seq.flow === true && seq.items.length > 0;
  if (flowWithItems(members) || flowWithItems(ignore)) return editDocument(doc, members, edits, style);

  const splices: Splice[] = [];
  // Notes of an earlier export: the ones that still hold are written again below, in place.
  for (let at = 0; at < text.length; ) {
    const end = lineEnd(text, at);
    if (text.slice(at, end).trimStart().startsWith(KEPT_NOTE)) splices.push({ start: at, end: Math.min(end + 1, text.length), text: '' });
    at = end + 1;
  }

  let remaining = members.items.length;
  members.items.forEach((item, k) => {
    const edit = edits.members.get(k);
    if (!edit || !isMap(item)) return;
    const start = lineStart(text, item.range![0]);
    const dashIndent = text.slice(start, item.range![0]).replace(/-.*$/, '');
    const keyIndent = ' '.repeat(item.range![0] - start);
    const pairs = item.items as Pair<Scalar, Scalar>[];
    const last = lineEnd(text, pairs[pairs.length - 1]!.value!.range![1]);
    if (edit.kind === 'remove') {
      splices.push({ start, end: Math.min(last + 1, text.length), text: '' });
      remaining--;
    } else if (edit.kind === 'keep') {
      splices.push({ start, end: start, text: `${dashIndent}${KEPT_NOTE}${edit.note}\n` });
    } else {
      const role = pairs.find((p) => p.key.value === 'role');
      if (role) {
        const [from, to] = role.value!.range!;
        splices.push({ start: from, end: to, text: spellRole(edit.role, String(role.value!.value)) });
      } else {
        splices.push(afterLine(text, last, `${keyIndent}role: ${spellRole(edit.role, style)}`));
      }
      const offboard = pairs.find((p) => p.key.value === 'offboard');
      if (offboard && edit.role !== 'DI' && edit.role !== 'NO') {
        const from = lineStart(text, offboard.key.range![0]);
        splices.push({ start: from, end: lineEnd(text, offboard.value!.range![1]) + 1, text: '' });
      }
    }
  });

  const addedMembers = edits.addMembers.map((m) => entryLines(m, style));
  if (remaining === 0 && addedMembers.length === 0 && members.items.length > 0) {
    // Every entry went: an empty block list would read as null, which no roster allows.
    const keyEnd = (doc.contents as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === 'members')!.key as Scalar;
    const colon = text.indexOf(':', keyEnd.range![1]);
    const lastItem = members.items[members.items.length - 1] as YAMLMap;
    const lastPairs = lastItem.items as Pair<Scalar, Scalar>[];
    splices.length = 0; // the list goes as a whole
    splices.push({ start: colon + 1, end: lineEnd(text, lastPairs[lastPairs.length - 1]!.value!.range![1]), text: ' []' });
  }
  appendEntries(text, members, addedMembers, splices);
  const addedIgnore = edits.addIgnore.map((m) => entryLines(m, style));
  if (isSeq(ignore)) appendEntries(text, ignore, addedIgnore, splices);
  else if (addedIgnore.length > 0) {
    const sep = text.endsWith('\n') || text.length === 0 ? '' : '\n';
    splices.push({ start: text.length, end: text.length, text: `${sep}ignore:\n${addedIgnore.map((e) => indentEntry(e, '  ')).join('\n')}\n` });
  }

  if (edits.schemaUrl !== null) {
    const m = SCHEMA_LINE.exec(text);
    if (m) splices.push({ start: m.index + m[1]!.length, end: m.index + m[0].length, text: edits.schemaUrl });
  }
  return applySplices(text, splices);
}

const SCHEMA_LINE = /^(#\s*yaml-language-server:\s*\$schema=)(\S+)/m;

/** New entries at the end of a block list, indented like its last entry; an empty flow list becomes a block. */
function appendEntries(text: string, seq: YAMLSeq, entries: string[][], splices: Splice[]): void {
  if (entries.length === 0) return;
  const last = seq.items[seq.items.length - 1];
  if (seq.flow || !isMap(last)) {
    const [from, , to] = seq.range!;
    // `members: []` → a block list under the key.
    const body = entries.map((e) => indentEntry(e, '  ')).join('\n');
    const end = text.slice(from, to).trimEnd().length + from;
    splices.push({ start: from - (text[from - 1] === ' ' ? 1 : 0), end, text: `\n${body}` });
    return;
  }
  const start = lineStart(text, last.range![0]);
  const dashIndent = text.slice(start, last.range![0]).replace(/-.*$/, '');
  const pairs = last.items as Pair<Scalar, Scalar>[];
  const at = lineEnd(text, pairs[pairs.length - 1]!.value!.range![1]);
  splices.push(afterLine(text, at, entries.map((e) => indentEntry(e, dashIndent)).join('\n')));
}

function entryLines(user: { email: string } | { id: number } | ({ role: RoleCode } & ({ email: string } | { id: number })), style: string): string[] {
  const doc = new Document('email' in user ? { email: user.email } : { id: user.id });
  const first = doc.toString({ lineWidth: 0 }).trimEnd();
  return 'role' in user ? [first, `role: ${spellRole(user.role, style)}`] : [first];
}

function indentEntry(lines: string[], dashIndent: string): string {
  return lines.map((l, i) => (i === 0 ? `${dashIndent}- ${l}` : `${dashIndent}  ${l}`)).join('\n');
}

/** The spelling the roster already uses for roles: a code (`AN`) or a name (`annotator`). */
function roleStyle(doc: Document, members: YAMLSeq): string {
  const fromDefaults = doc.getIn(['defaults', 'role']);
  if (typeof fromDefaults === 'string') return fromDefaults;
  for (const item of members.items) {
    const role = isMap(item) ? item.get('role') : undefined;
    if (typeof role === 'string') return role;
  }
  return 'AN';
}

/** A role in the spelling of `like`: a code when it is one, else the lower-case name. */
function spellRole(role: RoleCode, like: string): string {
  const code = like.trim();
  return /^[a-z]{2}$/i.test(code) && parseRole(code) !== undefined ? role : ROLE_NAMES[role];
}

/** The flow-list fallback: the same edits through the document, which re-serialises it. */
function editDocument(doc: Document, members: YAMLSeq, edits: RosterEdits, style: string): string {
  const removed: number[] = [];
  members.items.forEach((item, k) => {
    const edit = edits.members.get(k);
    if (!isMap(item)) return;
    if (typeof item.commentBefore === 'string') {
      item.commentBefore = item.commentBefore
        .split('\n')
        .filter((l) => !`#${l}`.trimStart().startsWith(KEPT_NOTE))
        .join('\n') || undefined;
    }
    if (!edit) return;
    if (edit.kind === 'remove') removed.push(k);
    else if (edit.kind === 'keep') item.commentBefore = `${KEPT_NOTE.slice(1)}${edit.note}`;
    else {
      const current = item.get('role');
      item.set('role', spellRole(edit.role, typeof current === 'string' ? current : style));
      if (edit.role !== 'DI' && edit.role !== 'NO') item.delete('offboard');
    }
  });
  for (const k of removed.reverse()) members.items.splice(k, 1);
  for (const m of edits.addMembers) members.add(doc.createNode({ ...m, role: spellRole(m.role, style) }));
  if (edits.addIgnore.length > 0) {
    const ignore = doc.get('ignore', true);
    if (isSeq(ignore)) for (const u of edits.addIgnore) ignore.add(doc.createNode(u));
    else doc.set('ignore', doc.createNode(edits.addIgnore));
  }
  let out = doc.toString({ lineWidth: 0 });
  if (edits.schemaUrl !== null) out = out.replace(SCHEMA_LINE, (_, head: string) => `${head}${edits.schemaUrl}`);
  return out;
}

function applySplices(text: string, splices: Splice[]): string {
  // Later first, so earlier offsets stay valid; at one offset, a removal before an insertion, so
  // the insertion is not removed with it.
  const sorted = [...splices].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of sorted) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the newline ending the line that holds `offset` (the text's length on the last line). */
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/**
 * Lines inserted after the line that ends at `end`, as a splice at the next line's start, so it
 * never overlaps the removal of a line before it.
 */
function afterLine(text: string, end: number, lines: string): Splice {
  return end < text.length ? { start: end + 1, end: end + 1, text: `${lines}\n` } : { start: text.length, end: text.length, text: `\n${lines}` };
}

function usableEmail(email: string | null): string | null {
  if (email === null) return null;
  // Spaces around it would be trimmed by the roster reader and then match no live account.
  if (email !== email.trim()) return null;
  const normal = emailKey(email);
  return isRosterEmail(normal) ? normal : null;
}

/** By email, then the id-only users by id; plain code-unit order, independent of locale. */
export function sortUsers<T extends { email: string } | { id: number }>(users: T[]): T[] {
  const key = (u: T): [number, string, number] => ('email' in u ? [0, u.email, 0] : [1, '', u.id]);
  return [...users].sort((a, b) => {
    const [ga, ea, ia] = key(a);
    const [gb, eb, ib] = key(b);
    return ga - gb || (ea < eb ? -1 : ea > eb ? 1 : 0) || ia - ib;
  });
}
