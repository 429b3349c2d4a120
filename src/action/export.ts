import * as core from '@actions/core';
import type { Workspace } from '../files/workspace.ts';
import type { Settings } from '../inputs/settings.ts';
import type { LabelStudio } from '../labelstudio/port.ts';
import { exportRosterFile } from '../run/export.ts';
import { createGitHubPort } from '../github/octokit.ts';
import { renderExportSummary } from '../report/markdown.ts';
import { exportOutputs } from '../report/outputs.ts';
import { writeReport } from './publish.ts';

/** `mode: export` on the runner: the export, then its outputs and job summary. */
export async function exportRoster(settings: Settings, labelStudio: LabelStudio, workspace: Workspace): Promise<void> {
  const github = settings.githubToken ? createGitHubPort(settings.githubToken, settings.apiUrl) : null;
  const result = await exportRosterFile(settings, labelStudio, workspace, { github, log: core });
  const e = result.edited;
  const drifted = e !== null && e.changed + e.removed + result.members + result.ignore > 0;
  for (const [name, value] of Object.entries(exportOutputs(drifted))) core.setOutput(name, value);
  await writeReport(renderExportSummary({ rosterFile: settings.rosterFile, ...result }), settings.runnerTemp);
}
