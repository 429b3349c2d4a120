import type { Settings } from '../inputs/settings.ts';
import { LabelStudioClient, type LabelStudioClientOptions } from '../labelstudio/client.ts';

/** The Label Studio client a run's settings describe; the entry points add how secrets and debug lines are handled. */
export function labelStudioClient(settings: Settings, hooks: Pick<LabelStudioClientOptions, 'onSecret' | 'log'> = {}): LabelStudioClient {
  return new LabelStudioClient({
    baseUrl: settings.labelStudioUrl!,
    token: settings.labelStudioToken!,
    concurrency: settings.concurrency,
    delayMs: settings.delayMs,
    maxRetries: settings.maxRetries,
    requestTimeoutMs: settings.requestTimeoutMs,
    ...hooks,
  });
}
