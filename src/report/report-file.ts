import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where the report goes under a directory, normally `RUNNER_TEMP`, beside the plan file. */
export function reportFilePath(dir: string): string {
  return path.join(dir, 'label-studio-roster-sync', 'report.md');
}

/**
 * Writes the run's report, the job summary's Markdown, as `<dir>/label-studio-roster-sync/report.md`
 * and returns its path (the `report-file` output): a later step can post it, for example as an
 * issue, where nobody would open the job summary.
 */
export async function writeReportFile(markdown: string, dir: string): Promise<string> {
  const file = reportFilePath(dir);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return file;
}
