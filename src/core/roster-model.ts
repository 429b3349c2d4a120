import type { RoleCode } from './roles.ts';

/** The roster as the plan reads it: every entry with the line and column it came from. */
export interface RosterEntry {
  /** Trimmed and keyed by `emailKey` (A–Z folded to a–z, nothing else). */
  email: string | null;
  id: number | null;
  role: RoleCode;
  offboard: boolean;
  line: number;
  column: number;
}
export interface IgnoreEntry {
  email: string | null;
  id: number | null;
  line: number;
  column: number;
}
export interface Roster {
  file: string;
  organization: number | null;
  defaultRole: RoleCode;
  members: RosterEntry[];
  ignore: IgnoreEntry[];
}
