import * as core from '@actions/core';
import type { Workspace } from '../files/workspace.ts';
import type { Settings } from '../inputs/settings.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { exportRosterFile } from '../run/export.ts';
import { renderExportSummary } from '../report/markdown.ts';
import { exportOutputs } from '../report/outputs.ts';
import { writeSummary } from './publish.ts';

/** `mode: export` on the runner: the export, then its outputs and job summary. */
export async function exportRoster(settings: Settings, labelStudio: LabelStudio, workspace: Workspace): Promise<void> {
  const { organization, members, ignore } = await exportRosterFile(settings, labelStudio, workspace);
  for (const [name, value] of Object.entries(exportOutputs())) core.setOutput(name, value);
  await writeSummary(renderExportSummary({ rosterFile: settings.rosterFile, organization, members, ignore }));
}
