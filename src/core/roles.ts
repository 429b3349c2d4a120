import { z } from 'zod';

/** Organization roles a roster may name. `VO` (view only) is read-only in the API, so it is live-only. */
export const ROLE_CODES = ['OW', 'AD', 'MA', 'RE', 'AN', 'DI', 'NO'] as const;
export const LIVE_ROLE_CODES = [...ROLE_CODES, 'VO'] as const;

export const RoleCode = z.enum(ROLE_CODES);
export type RoleCode = z.infer<typeof RoleCode>;
export const LiveRoleCode = z.enum(LIVE_ROLE_CODES);
export type LiveRoleCode = z.infer<typeof LiveRoleCode>;

export const ROLE_NAMES: Record<LiveRoleCode, string> = {
  OW: 'owner',
  AD: 'administrator',
  MA: 'manager',
  RE: 'reviewer',
  AN: 'annotator',
  DI: 'deactivated',
  NO: 'not-activated',
  VO: 'view-only',
};

/** Roles that occupy a paid seat; the vendor counts every role but DI and NO as holding a licence. */
const SEAT_ROLES: ReadonlySet<string> = new Set(['OW', 'AD', 'MA', 'RE', 'AN']);

export function isSeatRole(role: LiveRoleCode | null | undefined): boolean {
  return role != null && SEAT_ROLES.has(role);
}

// Names compare case-insensitively, ignoring spaces, hyphens and underscores.
const normalise = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

const BY_KEY = new Map<string, RoleCode>();
for (const code of ROLE_CODES) {
  BY_KEY.set(normalise(code), code);
  BY_KEY.set(normalise(ROLE_NAMES[code]), code);
}
BY_KEY.set('admin', 'AD');

/** A role code from a code or a name, or undefined when it names no assignable role. */
export function parseRole(text: string): RoleCode | undefined {
  return BY_KEY.get(normalise(text));
}

export function describeRoles(): string {
  return ROLE_CODES.map((c) => `${c} (${ROLE_NAMES[c]})`).join(', ');
}
