/** The vendor SDK's schedule: exponential from 1 s, capped at 60 s. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;
/**
 * A server may ask for any wait; past this one the run would look hung, so the wait is cut
 * here and the retry budget decides whether the server has recovered.
 */
export const MAX_SERVER_WAIT_MS = 300_000;

/**
 * Full-jitter exponential back-off: uniform in [0, min(cap, base·2^attempt)). Jitter spreads
 * the retries of parallel workers so they do not hit a recovering server in lockstep.
 * `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.floor(unit * ceiling);
}

/** Reads one header whether the headers come as undici's record or a Headers object. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The wait the server asked for, in ms, or undefined when it asked for none we can read.
 * `retry-after-ms` (what the vendor SDK honours first) wins over `Retry-After`, which is
 * either delay-seconds or an HTTP date.
 */
export function serverRequestedDelay(headers: HeaderSource, now: number): number | undefined {
  const ms = header(headers, 'retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return clampWait(Number(ms));
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return clampWait(Number(retryAfter) * 1_000);
  // Date.parse accepts many loose forms; an HTTP date always names a day and a time with GMT.
  if (!/\d{1,2}:\d{2}:\d{2}/.test(retryAfter) || !/GMT|UTC|[+-]\d{4}/.test(retryAfter)) return undefined;
  const at = Date.parse(retryAfter);
  if (Number.isNaN(at)) return undefined;
  return clampWait(at - now);
}

function clampWait(ms: number): number {
  if (!Number.isFinite(ms)) return MAX_SERVER_WAIT_MS;
  return Math.min(MAX_SERVER_WAIT_MS, Math.max(0, Math.ceil(ms)));
}
