import type { LiveRoleCode } from './roles.ts';

/** The member as the plan sees it: only what the seat rule and the refusals need. */
export interface LiveMember {
  userId: number;
  email: string | null;
  role: LiveRoleCode;
  /** manual | saml | scim | ldap | api | billing | null */
  roleSource: string | null;
  /** standard | service | viewonly | null */
  userType: string | null;
  /**
   * The vendor's seat report counts this member toward the seat limit although role and user_type
   * imply no standard seat: the seat rule counts them as seated (the cautious side), the ledger does not.
   */
  reportSeat?: true;
}

const IDP_SOURCES: ReadonlySet<string> = new Set(['saml', 'scim', 'ldap']);

export function isIdentityProviderManaged(m: LiveMember): boolean {
  return m.roleSource != null && IDP_SOURCES.has(m.roleSource);
}

/** Service and view-only accounts are licensed separately and hold no standard seat. */
export function isSeparatelyLicensed(m: LiveMember): boolean {
  return m.userType === 'service' || m.userType === 'viewonly' || m.role === 'VO';
}
