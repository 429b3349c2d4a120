import * as core from '@actions/core';
import type { Workspace } from '../files/workspace.ts';
import type { Settings } from '../inputs/settings.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { exportRosterFile } from '../run/export.ts';
import { writeSummary } from './publish.ts';

/** `mode: export` on the runner: the export, then its outputs and job summary. */
export async function exportRoster(settings: Settings, labelStudio: LabelStudio, workspace: Workspace): Promise<void> {
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
