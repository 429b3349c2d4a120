import { z } from 'zod';
import { MAX_EMAIL_LENGTH } from '../core/identity.ts';
import { LiveRoleCode } from '../core/roles.ts';
import type { LiveMember } from '../core/live-member.ts';

/**
 * A membership as the API sends it. Older servers (2025 definition) send only
 * `{id, organization, role, user}`, so everything else is optional and unknown keys pass.
 */
export const ApiMember = z.looseObject({
  id: z.number().int(),
  organization: z.number().int().optional(),
  role: z.string(),
  role_source: z.string().nullish(),
  user_type: z.string().nullish(),
  user: z.looseObject({
    id: z.number().int(),
    username: z.string().nullish(),
    email: z.string().nullish(),
  }),
});
export type ApiMember = z.infer<typeof ApiMember>;

export const ApiMemberPage = z.looseObject({
  count: z.number().int().nonnegative().optional(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  results: z.array(ApiMember),
});
export type ApiMemberPage = z.infer<typeof ApiMemberPage>;

export const ApiWhoAmI = z.looseObject({
  id: z.number().int(),
  email: z.string().nullish(),
  username: z.string().nullish(),
  // Checked by resolveOrganization, which can say what the server sent: 0, -1, 1.5 or "7" are no organization id.
  active_organization: z.unknown(),
});
export type ApiWhoAmI = z.infer<typeof ApiWhoAmI>;

/** What `active_organization` must be to name an organization: a positive whole number. */
export const isOrganizationId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

export { isIdentityProviderManaged, isSeparatelyLicensed, type LiveMember } from '../core/live-member.ts';

export function toLiveMember(m: ApiMember): LiveMember {
  const role = LiveRoleCode.safeParse(m.role.toUpperCase());
  return {
    userId: m.user.id,
    // No roster line can name an email over the RFC 5321 limit, so such a value only ever served to
    // fill the ledger, the summary and the annotations: the account is known by its id instead.
    email: m.user.email && m.user.email.length <= MAX_EMAIL_LENGTH ? m.user.email : null,
    // An unknown role from a newer server is treated as view-only: never a seat we may release.
    role: role.success ? role.data : 'VO',
    roleSource: m.role_source ?? null,
    userType: m.user_type ?? null,
  };
}

/** A page of members as the plan needs them, each with its membership id (for de-duplication) beside it. */
export interface LiveMemberPage {
  count?: number;
  next?: string | null;
  results: LiveMember[];
  ids: number[];
}

export function toLiveMemberPage(page: ApiMemberPage): LiveMemberPage {
  return {
    ...(page.count !== undefined ? { count: page.count } : {}),
    next: page.next ?? null,
    results: page.results.map(toLiveMember),
    ids: page.results.map((m) => m.id),
  };
}

const LIVE_ROLES: ReadonlySet<string> = new Set(LiveRoleCode.options);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isNullishString = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fast path for a page of members: checks by hand exactly what ApiMemberPage checks, and
 * turns each member straight into a LiveMember, so the page's JSON can be dropped at once. Null
 * for anything ApiMemberPage might refuse: the caller then runs the schema, which words the
 * problem. (src/live.property.test.ts holds the two paths to one answer.)
 */
export function readLiveMemberPage(json: unknown): LiveMemberPage | null {
  if (!isObject(json)) return null;
  const { count, next, previous, results } = json;
  if (count !== undefined && !(isInt(count) && count >= 0)) return null;
  if (!isNullishString(next) || !isNullishString(previous) || !Array.isArray(results)) return null;
  const members: LiveMember[] = new Array<LiveMember>(results.length);
  const ids: number[] = new Array<number>(results.length);
  for (let i = 0; i < results.length; i++) {
    const m: unknown = results[i];
    if (!isObject(m)) return null;
    const user = m.user;
    const role = m.role;
    const roleSource = m.role_source;
    const userType = m.user_type;
    if (!isInt(m.id) || (m.organization !== undefined && !isInt(m.organization)) || typeof role !== 'string') return null;
    if (!isNullishString(roleSource) || !isNullishString(userType) || !isObject(user)) return null;
    const email = user.email;
    if (!isInt(user.id) || !isNullishString(user.username) || !isNullishString(email)) return null;
    const code = role.toUpperCase();
    ids[i] = m.id;
    members[i] = {
      userId: user.id,
      email: email && email.length <= MAX_EMAIL_LENGTH ? email : null,
      role: LIVE_ROLES.has(code) ? (code as LiveRoleCode) : 'VO',
      roleSource: roleSource ?? null,
      userType: userType ?? null,
    };
  }
  return { ...(count !== undefined ? { count } : {}), next: next ?? null, results: members, ids };
}
