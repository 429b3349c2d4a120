import * as core from '@actions/core';
import { readSettings } from '../inputs/settings.ts';
import { headersSent } from '../labelstudio/headers-sent.ts';
import { labelStudioClient } from '../run/label-studio-client.ts';
import { readAhead } from '../run/read-ahead.ts';
import type { Started } from './steps.ts';

/**
 * The entry: inputs, then for a plan or apply the first reads of Label Studio, and only then the
 * rest of the action (files, plan, report, the GitHub client), loaded while those reads are on
 * the wire. Loading all of it first was most of the time before the first request.
 */
export async function run(): Promise<void> {
  const started = start();
  if ('labelStudio' in started && started.labelStudio) {
    // Let whoami leave first: loading the rest blocks the thread for a while (about 40% of the
    // bundle). A whoami that fails before it is sent ends the wait too. Not awaited, on purpose
    // (`void`): only its departure is waited for; the run takes its answer from the read-ahead.
    const first = headersSent(new URL(started.settings.labelStudioUrl!).origin);
    void started.labelStudio.whoami().catch(() => undefined).finally(first.stop);
    await first.sent;
  }
  const { runSteps } = await import('./steps.ts');
  await runSteps(started);
}

function start(): Started {
  try {
    const settings = readSettings((name) => core.getInput(name), process.env);
    // Before anything can be logged (docs/security.md).
    if (settings.labelStudioToken) core.setSecret(settings.labelStudioToken);
    if (settings.githubToken) core.setSecret(settings.githubToken);
    if (settings.mode === 'validate') return { settings, client: null, labelStudio: null };
    const client = labelStudioClient(settings, { onSecret: (secret) => core.setSecret(secret), log: (message) => core.debug(message) });
    // Plan and apply read Label Studio while the files are checked; export reads when it is ready.
    return { settings, client, labelStudio: settings.mode === 'export' ? null : readAhead(client) };
  } catch (error) {
    return { error };
  }
}
