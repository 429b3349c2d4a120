import type { LiveMember } from '../core/live-member.ts';
import type { RoleCode } from '../core/roles.ts';
import { toLiveMember, type ApiMember, type ApiWhoAmI } from './wire.ts';
import type { SeatReportAnswer } from './seat-report.ts';

/**
 * The Label Studio calls a run makes, as an interface: the run receives a port, as it receives
 * `GitHubPort`, and never touches the HTTP client, so tests can hand it a fake object or point
 * the real client at a fake server. `LabelStudioClient` implements it.
 */
export interface LabelStudio {
  /** The token's own user and its active organization. */
  whoami(): Promise<ApiWhoAmI>;
  /** Every membership of the organization, across all pages. */
  listMembers(organizationId: number): Promise<ApiMember[]>;
  /**
   * The same members, each page turned straight into what the plan reads and then dropped: the
   * client's fast path for large organizations. Optional, so a fake may offer only listMembers.
   */
  listLiveMembers?(organizationId: number): Promise<LiveMember[]>;
  /**
   * The vendor's seat report (internal endpoint: a token may be refused it). Optional, so a fake
   * may leave it out; a run then goes on as if it was refused.
   */
  seatReport?(organizationId: number, options: { usage: boolean }): Promise<SeatReportAnswer>;
  /**
   * Label Studio's clock now, from the `Date` header of its latest answer (advanced by the time
   * since); null before any answer or when none had one. Optional, so a fake may leave it out.
   */
  serverDate?(): Date | null;
  /** One role change; resolves when Label Studio confirmed it. */
  setRole(organizationId: number, userId: number, role: RoleCode): Promise<unknown>;
}

/** The organization's members as the plan sees them: straight from each page where the port can. */
export async function liveMembers(labelStudio: LabelStudio, organization: number): Promise<LiveMember[]> {
  if (labelStudio.listLiveMembers) return labelStudio.listLiveMembers(organization);
  return (await labelStudio.listMembers(organization)).map(toLiveMember);
}
