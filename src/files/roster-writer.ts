import { Document } from 'yaml';
import type { RoleCode } from '../core/roles.ts';
import { emailKey } from '../core/identity.ts';
import { SCHEMA_URL, isRosterEmail } from './roster.ts';

export interface RosterExportInput {
  organization: number;
  members: { email: string | null; id: number; role: RoleCode }[];
  ignore: { email: string | null; id: number }[];
}

/**
 * The live organization as a roster (export mode). Deterministic, so re-exporting an unchanged
 * organization leaves the file byte-for-byte equal and the diff of a real change stays small.
 * A user is written by email unless that email could not name them in a roster: missing, not
 * an email the roster accepts, or shared with another user (by `emailKey`). Then by id.
 */
export function renderRoster(input: RosterExportInput): string {
  const seen = new Map<string, number>();
  for (const u of [...input.members, ...input.ignore]) {
    const email = usableEmail(u.email);
    if (email !== null) seen.set(email, (seen.get(email) ?? 0) + 1);
  }
  const identify = (u: { email: string | null; id: number }): { email: string } | { id: number } => {
    const email = usableEmail(u.email);
    return email !== null && seen.get(email) === 1 ? { email } : { id: u.id };
  };

  const members = sortUsers(input.members.map((m) => ({ ...identify(m), role: m.role })));
  const ignore = sortUsers(input.ignore.map(identify));
  const doc = new Document({
    version: 1,
    organization: input.organization,
    members,
    ...(ignore.length > 0 ? { ignore } : {}),
  });
  doc.commentBefore =
    ` yaml-language-server: $schema=${SCHEMA_URL}\n` +
    ` Exported from Label Studio organization ${input.organization} by label-studio-roster-sync.`;
  return doc.toString({ lineWidth: 0 });
}

function usableEmail(email: string | null): string | null {
  if (email === null) return null;
  // Spaces around it would be trimmed by the roster reader and then match no live account.
  if (email !== email.trim()) return null;
  const normal = emailKey(email);
  return isRosterEmail(normal) ? normal : null;
}

/** By email, then the id-only users by id; plain code-unit order, independent of locale. */
function sortUsers<T extends { email: string } | { id: number }>(users: T[]): T[] {
  const key = (u: T): [number, string, number] => ('email' in u ? [0, u.email, 0] : [1, '', u.id]);
  return [...users].sort((a, b) => {
    const [ga, ea, ia] = key(a);
    const [gb, eb, ib] = key(b);
    return ga - gb || (ea < eb ? -1 : ea > eb ? 1 : 0) || ia - ib;
  });
}
