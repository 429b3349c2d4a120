import { z } from 'zod';
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { CST, Document, Node as YamlNode, ParsedNode, YAMLError } from 'yaml';
import { ROLE_CODES, ROLE_NAMES, describeRoles, parseRole } from '../core/roles.ts';
import type { RoleCode } from '../core/roles.ts';
import { ValidationError } from '../core/problems.ts';
import type { Problem } from '../core/problems.ts';
import { readPlainRoster } from './roster-plain.ts';
import { capProblems, decodeTextFile } from './text-file.ts';
import { MAX_EMAIL_LENGTH, emailKey } from '../core/identity.ts';
import type { IgnoreEntry, Roster, RosterEntry } from '../core/roster-model.ts';

export type { IgnoreEntry, Roster, RosterEntry } from '../core/roster-model.ts';

/** Kept literal until the action is published under its owner. */
export const SCHEMA_REPOSITORY = 'YOUR-ORG/label-studio-roster-sync';
export const SCHEMA_URL = `https://raw.githubusercontent.com/${SCHEMA_REPOSITORY}/main/schema/members.schema.json`;

/**
 * About 240,000 members in the plain layout (0.3 s). A file this size in another layout goes
 * through the YAML library: about 6 s and a gigabyte of memory, still within a hosted runner.
 */
const MAX_BYTES = 8 * 1024 * 1024;
/** A roster is four levels deep; the limit only stops hostile nesting before the recursive composer. */
const MAX_DEPTH = 20;

// ---------------------------------------------------------------------------------------------
// The document schema. Error callbacks word each message for the person editing the file; the
// JSON Schema ignores them and takes the descriptions, so editors and this parser agree.

const normaliseRole = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
const ROLE_WORDS = [...ROLE_CODES, ...ROLE_CODES.map((c) => ROLE_NAMES[c]), 'admin'].filter(
  (w) => parseRole(w) !== undefined,
);
/** What parseRole accepts, as a regex an editor can check without our code. */
export const ROLE_PATTERN =
  '^[\\s_-]*(?:' +
  ROLE_WORDS.map((w) =>
    [...normaliseRole(w)].map((ch) => (/[a-z]/.test(ch) ? `[${ch}${ch.toUpperCase()}]` : ch)).join('[\\s_-]*'),
  ).join('|') +
  ')[\\s_-]*$';

const Role = z
  .string({ error: (iss) => roleMessage(iss.input) })
  .refine((s) => parseRole(s) !== undefined, { error: (iss) => roleMessage(iss.input) })
  .meta({
    description: `A role code or name, any case: ${describeRoles()}.`,
    pattern: ROLE_PATTERN,
    examples: ROLE_CODES.map((c) => ROLE_NAMES[c]),
  });

const Email = z
  .string({ error: (iss) => emailMessage(iss.input) })
  .trim()
  // Checked first and alone: a megabyte "email" needs no second opinion from the pattern.
  .max(MAX_EMAIL_LENGTH, { error: (iss) => emailLengthMessage(iss.input), abort: true })
  .regex(z.regexes.html5Email, { error: (iss) => emailMessage(iss.input) })
  .meta({
    format: 'email',
    description: "The user's Label Studio email, at most 254 characters; compared ignoring the case of the letters A-Z only.",
  });

const UserId = z
  .number({ error: (iss) => idMessage(iss.input) })
  .int({ error: (iss) => idMessage(iss.input) })
  .positive({ error: (iss) => idMessage(iss.input) })
  .meta({ description: 'A Label Studio user id, for a user without an email.' });

const Offboard = z
  .boolean({
    error: (iss) =>
      `offboard must be true or false, found ${show(iss.input)}` +
      (typeof iss.input === 'string' && /^(yes|no|on|off|y|n)$/i.test(iss.input)
        ? '; YAML 1.2 reads yes/no/on/off as text, write true or false'
        : ''),
  })
  .meta({
    description:
      'Security first: release the seat now instead of after the minimum seat period. Only with role deactivated or not-activated.',
  });

const EXAMPLE_USER = '`- email: alice@example.com` (or `- id: 1234`)';

const Member = z
  .strictObject(
    { email: Email.optional(), id: UserId.optional(), role: Role.optional(), offboard: Offboard.optional() },
    { error: (iss) => entryMessage('member', iss.input, 'email or id, and optionally role and offboard') },
  )
  .meta({
    description: 'One user: by email, or by id when the user has no email.',
    oneOf: [{ required: ['email'] }, { required: ['id'] }],
  });

const IgnoreEntry = z
  .strictObject(
    { email: Email.optional(), id: UserId.optional() },
    { error: (iss) => entryMessage('ignore entry', iss.input, 'email or id') },
  )
  .meta({
    description: 'A user this action never touches and never reports as unmanaged.',
    oneOf: [{ required: ['email'] }, { required: ['id'] }],
  });

export const RosterDocument = z
  .strictObject(
    {
      version: z
        .literal(1, {
          error: (iss) =>
            iss.input === undefined
              ? 'version is missing; add `version: 1` as the first line'
              : `version must be 1, found ${show(iss.input)}; this action reads roster version 1`,
        })
        .meta({ description: 'Roster format version; always 1.' }),
      organization: z
        .number({ error: (iss) => organizationMessage(iss.input) })
        .int({ error: (iss) => organizationMessage(iss.input) })
        .positive({ error: (iss) => organizationMessage(iss.input) })
        .optional()
        .meta({
          description:
            "The Label Studio organization id. The `organization-id` input wins; absent both, the token user's active organization.",
        }),
      defaults: z
        .strictObject(
          {
            role: Role.optional().meta({
              description: `Role of members who name none; annotator when absent. A role code or name, any case: ${describeRoles()}.`,
            }),
          },
          { error: (iss) => `defaults must be a mapping such as \`defaults: {role: annotator}\`, found ${show(iss.input)}` },
        )
        .optional()
        .meta({ description: 'Values for members who leave them out.' }),
      members: z
        .array(Member, {
          error: (iss) =>
            iss.input === undefined
              ? `members is missing; add \`members:\` with one ${EXAMPLE_USER} line per user`
              : `members must be a list with one ${EXAMPLE_USER} line per user, found ${show(iss.input)}; write \`members: []\` for none`,
        })
        .meta({ description: 'Everyone whose role this action manages.' }),
      ignore: z
        .array(IgnoreEntry, {
          error: (iss) =>
            `ignore must be a list with one ${EXAMPLE_USER} line per user, found ${show(iss.input)}; write \`ignore: []\` or remove the key`,
        })
        .optional()
        .meta({ description: 'Users never touched and never reported as unmanaged (bots, the owner).' }),
    },
    {
      error: (iss) =>
        `the roster must be a mapping with \`version: 1\` and \`members:\`, found ${show(iss.input)}`,
    },
  )
  .meta({
    $id: SCHEMA_URL,
    title: 'Label Studio Roster Sync roster (members.yaml)',
    description:
      'The members and roles of a Label Studio Enterprise organization, kept equal to this file by the label-studio-roster-sync action.',
  });
export type RosterDocument = z.infer<typeof RosterDocument>;

const EXPECTED_KEYS: Record<string, readonly string[]> = {
  root: Object.keys(RosterDocument.shape),
  defaults: ['role'],
  members: Object.keys(Member.shape),
  ignore: Object.keys(IgnoreEntry.shape),
};

/** Draft-07, the draft editors' YAML language servers support best; identity keys first for readers. */
export function rosterJsonSchema(): object {
  const { $schema, $id, title, description, ...rest } = z.toJSONSchema(RosterDocument, { target: 'draft-7' });
  return { $schema, $id, title, description, ...rest };
}

/** The `email` rule of the roster, for writers (the export) that must produce a valid one. */
export function isRosterEmail(email: string): boolean {
  return Email.safeParse(email).success;
}

// ---------------------------------------------------------------------------------------------
// Parsed roster: the model lives in the core (core/roster-model.ts).

/** Where a value of the plain-JS copy of the document came from. */
interface Located {
  node: YamlNode;
  key?: YamlNode;
  children?: Map<string | number, Located>;
}

/** Collects problems with positions; one per file parse. */
class Report {
  readonly problems: Problem[] = [];
  /** Nodes already blamed for their form (alias, tag), so the schema does not blame them twice. */
  readonly flagged = new WeakSet<YamlNode>();
  readonly file: string;
  readonly lines: LineCounter;
  constructor(file: string, lines: LineCounter) {
    this.file = file;
    this.lines = lines;
  }
  at(offset: number, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line, column: col, message });
  }
  atNode(node: YamlNode | null | undefined, message: string): void {
    this.at(node?.range?.[0] ?? 0, message);
  }
  position(node: YamlNode): { line: number; column: number } {
    const { line, col } = this.lines.linePos(node.range?.[0] ?? 0);
    return { line, column: col };
  }
  fail(): never {
    const sorted = [...this.problems].sort((a, b) => a.line - b.line || a.column - b.column);
    throw new ValidationError(capProblems(sorted));
  }
}

export function parseRoster(source: string | Uint8Array, file: string): Roster {
  const decoded = decodeTextFile(source, file, { bytes: MAX_BYTES, what: 'roster', fix: 'save it as UTF-8 in your editor' });
  if ('problem' in decoded) throw new ValidationError([decoded.problem]);
  const text = decoded.text.startsWith('\uFEFF') ? decoded.text.slice(1) : decoded.text;
  return readPlainRoster(text, file) ?? parseRosterYaml(text, file);
}

/**
 * The roster read with the YAML library: every roster the plain reader does not take, and the
 * only path that reports problems. Exported for the test that holds the two paths to one answer.
 */
export function parseRosterYaml(text: string, file: string): Roster {
  // Line starts come from the text itself: the parser's newline callback skips a line in some
  // malformed input, which would point an annotation at the wrong line.
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const report = new Report(file, lines);
  const doc = compose(text, report);
  if (!doc) return report.fail();
  if (!doc.contents) {
    report.at(0, 'the roster is empty; start it with `version: 1` and a `members:` list');
    return report.fail();
  }

  const root = toPlain(doc.contents, report);
  const parsed = RosterDocument.safeParse(root.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) locateIssue(issue, root.loc, report);
  }
  const roster = checkEntries(root.value, root.loc, parsed.success, report, file);
  if (report.problems.length > 0) report.fail();
  return roster;
}

/**
 * parseDocument, split open: the CST is built first (iteratively) so that nesting can be bounded
 * before the composer, which recurses and would overflow the stack on `[[[[…`.
 */
function compose(text: string, report: Report): Document.Parsed<ParsedNode> | null {
  let docs: Document.Parsed<ParsedNode>[];
  try {
    const tokens = Array.from(new Parser().parse(text));
    const tooDeep = findTooDeep(tokens);
    if (tooDeep !== null) {
      report.at(tooDeep, `nesting deeper than ${MAX_DEPTH} levels; a roster is only a few levels deep — check the brackets and indentation`);
      return null;
    }
    const composer = new Composer({
      version: '1.2',
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      intAsBigInt: false,
      prettyErrors: false,
    });
    docs = Array.from(composer.compose(tokens, true, text.length));
  } catch (error) {
    report.at(0, `the YAML parser failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  const doc = docs[0];
  if (!doc) {
    report.at(0, 'the roster is empty; start it with `version: 1` and a `members:` list');
    return null;
  }
  const second = docs[1];
  if (second) {
    report.at(second.range[0], 'a second YAML document starts here; a roster is one document — remove the `---` line and merge the two');
  }
  let fatal = second !== undefined;
  for (const e of doc.errors) {
    report.at(e.pos[0], yamlMessage(e, text));
    if (e.code !== 'DUPLICATE_KEY') fatal = true;
  }
  // Tags and aliases get their own, clearer problem from toPlain.
  const covered = new Set(['TAG_RESOLVE_FAILED', 'BAD_COLLECTION_TYPE', 'BAD_ALIAS']);
  for (const w of doc.warnings) if (!covered.has(w.code)) report.at(w.pos[0], yamlMessage(w, text));
  return fatal ? null : doc;
}

function yamlMessage(e: YAMLError, text: string): string {
  const what = e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const key = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:\n]*)/.exec(text.slice(e.pos[0], e.pos[0] + 200))?.[0].trim();
      return `duplicate key ${show(key)}; a key may appear once in each mapping — remove one of them`;
    }
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML indents with spaces — replace the tab with spaces';
    case 'MULTIPLE_DOCS':
      return 'a second YAML document starts here; a roster is one document — remove the `---` line and merge the two';
    default:
      return `YAML syntax error: ${what}; check the indentation and quoting here (quote values that contain ': ' or ' #')`;
  }
}

/** Offset of the first collection nested deeper than MAX_DEPTH, walking the CST without recursion. */
function findTooDeep(tokens: readonly CST.Token[]): number | null {
  // Only collections are pushed, on two parallel stacks rather than as a record per node: the
  // walk covers every entry of a large roster.
  const stack: CollectionToken[] = [];
  const depths: number[] = [];
  for (const token of tokens) {
    if (token.type === 'document' && token.value && isCollectionToken(token.value)) {
      stack.push(token.value);
      depths.push(0);
    }
  }
  while (stack.length > 0) {
    const token = stack.pop()!;
    const depth = depths.pop()! + 1;
    if (depth > MAX_DEPTH) return token.offset;
    for (const item of token.items) {
      if (item.key && isCollectionToken(item.key)) {
        stack.push(item.key);
        depths.push(depth);
      }
      if (item.value && isCollectionToken(item.value)) {
        stack.push(item.value);
        depths.push(depth);
      }
    }
  }
  return null;
}

type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
function isCollectionToken(token: CST.Token): token is CollectionToken {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/**
 * The document as plain JS, with a side index back to the nodes. Built by hand rather than with
 * toJS so aliases never expand (a billion-laughs costs nothing) and no tag resolves to a
 * non-JSON value.
 */
function toPlain(node: YamlNode | null, report: Report): { value: unknown; loc: Located | undefined } {
  if (!node) return { value: null, loc: undefined };
  const loc: Located = { node };
  if (isAlias(node)) {
    report.atNode(node, `aliases (*${clip(node.source)}) are not allowed in a roster; write the value out in full`);
    report.flagged.add(node);
    return { value: undefined, loc };
  }
  if ('anchor' in node && typeof node.anchor === 'string' && node.anchor) {
    report.atNode(node, `anchors (&${clip(node.anchor)}) are not allowed in a roster; remove the anchor`);
  }
  if (node.tag) {
    report.atNode(node, `YAML tags (${clip(shortTag(node.tag))}) are not allowed in a roster; remove the tag and write a plain value`);
    report.flagged.add(node);
  }
  if (isScalar(node)) {
    const v = node.value;
    const plain = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    return { value: plain ? v : undefined, loc };
  }
  if (isSeq(node)) {
    const value: unknown[] = [];
    loc.children = new Map();
    node.items.forEach((item, i) => {
      const child = toPlain(item as YamlNode | null, report);
      value.push(child.value);
      if (child.loc) loc.children!.set(i, child.loc);
    });
    return { value, loc };
  }
  if (isMap(node)) {
    const value: Record<string, unknown> = {};
    loc.children = new Map();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (keyNode && !isScalar(keyNode)) {
        report.atNode(keyNode, 'a key must be a plain word such as email or role; remove the brackets');
        continue;
      }
      const key = keyNode ? String(keyNode.value) : 'null';
      if (Object.hasOwn(value, key)) continue; // a duplicate, already reported by the parser
      const child = toPlain(pair.value as YamlNode | null, report);
      // defineProperty: a key named __proto__ must stay a key, not replace the prototype.
      Object.defineProperty(value, key, { value: child.value, enumerable: true, writable: true, configurable: true });
      loc.children.set(key, { node: child.loc?.node ?? keyNode ?? node, key: keyNode ?? undefined, children: child.loc?.children });
    }
    return { value, loc };
  }
  return { value: undefined, loc };
}

function shortTag(tag: string): string {
  return tag.replace(/^tag:yaml\.org,2002:/, '!!');
}

function locateIssue(issue: z.core.$ZodIssue, rootLoc: Located | undefined, report: Report): void {
  let loc = rootLoc;
  let reached = true;
  for (const segment of issue.path) {
    const next = loc?.children?.get(segment as string | number);
    if (!next) {
      reached = false;
      break;
    }
    loc = next;
  }
  if (issue.code === 'unrecognized_keys' && reached) {
    const expected = EXPECTED_KEYS[sectionOf(issue.path)] ?? [];
    for (const key of issue.keys) {
      const keyLoc = loc?.children?.get(key);
      const suggestion = closest(key, expected);
      report.atNode(
        keyLoc?.key ?? keyLoc?.node ?? loc?.node,
        `unknown key ${show(key)}; expected one of ${expected.join(', ')}` +
          (suggestion ? ` (did you mean '${suggestion}'?)` : ''),
      );
    }
    return;
  }
  if (reached && loc && report.flagged.has(loc.node)) return;
  report.atNode(loc?.node, issue.message);
}

function sectionOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'root';
  return String(path[0]);
}

/** Per-entry rules the schema cannot state: who is named, offboarding, and naming a user twice. */
function checkEntries(raw: unknown, rootLoc: Located | undefined, schemaPassed: boolean, report: Report, file: string): Roster {
  // Once the schema has passed the whole document, an email or id that is there is valid: a
  // second check of each would cost as much as the schema did.
  const emailOf = (v: unknown) => (typeof v === 'string' && (schemaPassed || Email.safeParse(v).success) ? emailKey(v.trim()) : null);
  const idOf = (v: unknown) => (typeof v === 'number' && (schemaPassed || UserId.safeParse(v).success) ? v : null);
  const doc = isRecord(raw) ? raw : {};
  const defaultsRole = isRecord(doc.defaults) && typeof doc.defaults.role === 'string' ? parseRole(doc.defaults.role) : undefined;
  const defaultRole: RoleCode = defaultsRole ?? 'AN';
  const organization = UserId.safeParse(doc.organization);

  interface Named {
    section: 'members' | 'ignore';
    email: string | null;
    id: number | null;
    at: YamlNode;
    entry: Located;
  }
  const named: Named[] = [];
  const members: RosterEntry[] = [];
  const ignore: IgnoreEntry[] = [];

  for (const section of ['members', 'ignore'] as const) {
    const list = doc[section];
    const listLoc = rootLoc?.children?.get(section);
    if (!Array.isArray(list) || !listLoc) continue;
    list.forEach((item: unknown, i) => {
      const entryLoc = listLoc.children?.get(i);
      if (!isRecord(item) || !entryLoc) return;
      const hasEmail = Object.hasOwn(item, 'email');
      const hasId = Object.hasOwn(item, 'id');
      const what = section === 'members' ? 'this member' : 'this ignore entry';
      if (!hasEmail && !hasId) {
        report.atNode(entryLoc.node, `${what} names no user; add \`email: …\` (or \`id: …\` for a user without an email)`);
      } else if (hasEmail && hasId) {
        report.atNode(entryLoc.node, `${what} names both email and id; keep one — the email, or the id for a user without one`);
      }
      const position = report.position(entryLoc.node);
      const identity = { email: hasEmail ? emailOf(item.email) : null, id: hasId ? idOf(item.id) : null };
      if (identity.email !== null || identity.id !== null) {
        const at = (identity.email !== null ? entryLoc.children?.get('email') : entryLoc.children?.get('id'))?.node;
        named.push({ section, ...identity, at: at ?? entryLoc.node, entry: entryLoc });
      }
      if (section === 'ignore') {
        ignore.push({ ...identity, ...position });
        return;
      }
      const ownRole = typeof item.role === 'string' ? parseRole(item.role) : undefined;
      const role = item.role === undefined ? defaultRole : ownRole;
      if (role === undefined) return; // reported by the schema
      const offboard = item.offboard === true;
      if (offboard && role !== 'DI' && role !== 'NO') {
        const source = item.role === undefined ? ' (from defaults.role)' : '';
        report.atNode(
          entryLoc.children?.get('offboard')?.node ?? entryLoc.node,
          `offboard: true releases the seat at once, so the role must be deactivated (DI) or not-activated (NO), ` +
            `not ${role} (${ROLE_NAMES[role]})${source}; set \`role: deactivated\` or remove offboard`,
        );
      }
      members.push({ ...identity, role, offboard, ...position });
    });
  }

  checkNamedOnce(named, report);

  return {
    file,
    organization: organization.success ? organization.data : null,
    defaultRole,
    members,
    ignore,
  };
}

function checkNamedOnce(
  named: readonly { section: 'members' | 'ignore'; email: string | null; id: number | null; at: YamlNode; entry: Located }[],
  report: Report,
): void {
  const inFileOrder = [...named].sort((a, b) => (a.at.range?.[0] ?? 0) - (b.at.range?.[0] ?? 0));
  const byEmail = new Map<string, (typeof named)[number]>();
  const byId = new Map<number, (typeof named)[number]>();
  for (const entry of inFileOrder) {
    const first =
      (entry.email !== null ? byEmail.get(entry.email) : undefined) ?? (entry.id !== null ? byId.get(entry.id) : undefined);
    if (first) {
      const who = entry.email !== null && first.email === entry.email ? entry.email : `user id ${entry.id}`;
      const line = report.position(first.entry.node).line;
      report.atNode(
        entry.at,
        first.section === entry.section
          ? `${who} is already listed in ${first.section} at line ${line}; list each user once — remove one of the two`
          : `${who} is in ${first.section} at line ${line} and again in ${entry.section}; a user is either managed (members) or left alone (ignore) — remove one of the two`,
      );
      continue;
    }
    if (entry.email !== null) byEmail.set(entry.email, entry);
    if (entry.id !== null) byId.set(entry.id, entry);
  }
}

// ---------------------------------------------------------------------------------------------
// Message helpers.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as the person who wrote it would recognise it; a long one by its start and its length. */
function show(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') {
    const cut = v.length > 60 ? `${v.slice(0, 57)}…` : v;
    const quoted = `'${cut.replace(/\n/g, '\\n')}'`;
    return v.length > 60 ? `${quoted} (${v.length} characters)` : quoted;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

/** A name from the file (anchor, alias, tag) inside a message: its start, and its length when cut. */
function clip(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}… (${name.length} characters)` : name;
}

function roleMessage(input: unknown): string {
  const head = typeof input === 'string' ? `unknown role ${show(input)}` : `role must be a role code or name, found ${show(input)}`;
  return `${head}; use one of ${describeRoles()} (codes or names, any case)`;
}

function emailMessage(input: unknown): string {
  if (typeof input === 'string') {
    return `${show(input)} is not an email address; write the user's Label Studio email, e.g. alice@example.com`;
  }
  return (
    `email must be an email address, found ${show(input)}` +
    (typeof input === 'number' ? `; to name a user by Label Studio id write \`id: ${input}\`` : '')
  );
}

function emailLengthMessage(input: unknown): string {
  const length = typeof input === 'string' ? input.trim().length : 0;
  return (
    `this email is ${length} characters long, over the ${MAX_EMAIL_LENGTH} an email address can have (RFC 5321): ${show(input)}; ` +
    "write the user's Label Studio email, e.g. alice@example.com"
  );
}

function idMessage(input: unknown): string {
  return (
    `id must be a positive whole number (a Label Studio user id), found ${show(input)}` +
    (typeof input === 'string' && /^\s*\d+\s*$/.test(input) ? '; remove the quotes' : '')
  );
}

function organizationMessage(input: unknown): string {
  return `organization must be a positive whole number (the Label Studio organization id), found ${show(input)}`;
}

function entryMessage(what: string, input: unknown, keys: string): string {
  const hint =
    typeof input === 'string' && input.includes('@') && input.length <= MAX_EMAIL_LENGTH
      ? `; write \`- email: ${input}\``
      : typeof input === 'number'
        ? `; write \`- id: ${input}\``
        : '';
  return `each ${what} is a mapping with ${keys}, found ${show(input)}${hint}`;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
