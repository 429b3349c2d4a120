import * as core from '@actions/core';
import { isIdentityProviderManaged } from './live.ts';
import { writeSummary } from './publish.ts';
import { RoleCode } from './roles.ts';
import { renderRoster } from './roster-export.ts';
import type { Settings } from './settings.ts';
import { liveMembers, resolveOrganization, type LabelStudioApi } from './sync.ts';
import type { Workspace } from './workspace.ts';

/**
 * Writes the live organization as a roster, so a team adopting the action starts from the truth:
 * a plan right after shows no change and no unmanaged member. Members the action may never
 * change (the owner, the token user, identity-provider members, read-only roles) go under ignore.
 */
export async function exportRoster(settings: Settings, labelStudio: LabelStudioApi, workspace: Workspace): Promise<void> {
  const { organization, members, ignore } = await exportRosterFile(settings, labelStudio, workspace);
  core.setOutput('changes', '0');
  core.setOutput('unmanaged', '0');
  core.setOutput('drift', 'false');
  core.setOutput('ledger-changed', 'false');
  await writeSummary(
    [
      `## Label Studio Roster Sync: export`,
      '',
      `Wrote \`${settings.rosterFile}\` from organization ${organization}: ${members} members, ${ignore} under ignore ` +
        '(the owner, the token user, identity-provider members and view-only users, which this action never changes).',
      '',
      'Commit it; a plan run now shows zero changes.',
    ].join('\n'),
  );
}

export interface ExportResult {
  organization: number;
  /** How many entries went under `members` and under `ignore`. */
  members: number;
  ignore: number;
}

/** The export itself, without the runner's outputs and summary: shared by the action and the CLI. */
export async function exportRosterFile(settings: Settings, labelStudio: LabelStudioApi, workspace: Workspace): Promise<ExportResult> {
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
