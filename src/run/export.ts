import { isIdentityProviderManaged } from '../labelstudio/wire.ts';
import { RoleCode } from '../core/roles.ts';
import { renderRoster } from '../files/roster-writer.ts';
import type { Settings } from '../inputs/settings.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { liveMembers } from '../labelstudio/port.ts';
import { resolveOrganization } from './sync.ts';
import type { Workspace } from '../files/workspace.ts';

export interface ExportResult {
  organization: number;
  /** How many entries went under `members` and under `ignore`. */
  members: number;
  ignore: number;
}

/**
 * Writes the live organization as a roster, so a team adopting the action starts from the truth:
 * a plan right after shows no change and no unmanaged member. Members the action may never
 * change (the owner, the token user, identity-provider members, read-only roles) go under ignore.
 * Shared by the action (action/export.ts adds the runner's outputs and summary) and the CLI.
 */
export async function exportRosterFile(settings: Settings, labelStudio: LabelStudio, workspace: Workspace): Promise<ExportResult> {
  const { organization, selfUserId } = await resolveOrganization(settings, null, labelStudio);
  const live = await liveMembers(labelStudio, organization);
  const members = [];
  const ignore = [];
  for (const m of live) {
    const role = RoleCode.safeParse(m.role);
    if (!role.success || m.role === 'OW' || m.userId === selfUserId || isIdentityProviderManaged(m)) {
      ignore.push({ email: m.email, id: m.userId });
    } else {
      members.push({ email: m.email, id: m.userId, role: role.data });
    }
  }
  await workspace.write(settings.rosterPath, renderRoster({ organization, members, ignore }));
  return { organization, members: members.length, ignore: ignore.length };
}
