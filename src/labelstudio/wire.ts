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
