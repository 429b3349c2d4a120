import { STATUS_CODES } from 'node:http';

/**
 * A Label Studio request that failed for good (after any retries). It names the request, the
 * answer and the server's own words, and never a token: messages end up in logs, annotations
 * and job summaries.
 */
export class LabelStudioError extends Error {
  readonly method: string;
  /** The request path as sent, without query parameters that could carry a secret. */
  readonly path: string;
  /** The HTTP status, or null when no answer came (network error, time-out, refused redirect). */
  readonly status: number | null;
  /** The server's explanation (`detail`, validation errors), or the failure's cause. */
  readonly detail: string;
  /** How many times the request was retried before giving up. */
  readonly retries: number;

  constructor(init: { method: string; path: string; status: number | null; detail: string; retries?: number; hint?: string }) {
    const what = `${init.method} ${init.path}`;
    const outcome =
      init.status === null
        ? `failed: ${init.detail}`
        : `answered ${init.status}: ${init.detail || STATUS_CODES[init.status] || 'no detail'}`;
    const retried = init.retries ? ` (after ${init.retries} ${init.retries === 1 ? 'retry' : 'retries'})` : '';
    const sentence = `${what} ${outcome}${retried}`;
    const hint = init.hint ? `${/[.!?…]$/.test(sentence) ? ' ' : '. '}${init.hint}` : '';
    super(`${sentence}${hint}`);
    this.name = 'LabelStudioError';
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.detail = init.detail;
    this.retries = init.retries ?? 0;
  }
}

// Query parameters never carry secrets in this API, but a hand-written URL might.
const SECRET_PARAM = /token|key|secret|pass|auth|access|refresh|sig/i;

/** `/prefix/api/x?page=2`, with any secret-looking query parameter removed. */
export function describePath(url: URL): string {
  const params = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (!SECRET_PARAM.test(name)) params.append(name, value);
  }
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

const MAX_DETAIL = 500;

/**
 * The server's explanation from an error body. Label Studio sends JSON with `detail` and, for
 * validation failures, `validation_errors: {field: [messages]}`; proxies send HTML or plain
 * text. Anything readable is kept, squeezed onto one line.
 */
export function parseErrorDetail(body: string): string {
  const text = body.trim();
  if (!text) return '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return squeeze(stripHtml(text));
  }
  return squeeze(detailFromJson(json));
}

function detailFromJson(json: unknown): string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return flatten(json);
  const record = json as Record<string, unknown>;
  const parts: string[] = [];
  if (record.detail !== undefined && record.detail !== null) parts.push(flatten(record.detail));
  if (record.validation_errors !== undefined && record.validation_errors !== null) {
    parts.push(flatten(record.validation_errors));
  }
  if (parts.length > 0) return parts.filter(Boolean).join(' — ');
  // Plain Django REST framework validation answers: {field: [messages]}.
  return flatten(record);
}

function flatten(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(flatten).filter(Boolean).join('; ');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => {
      const text = flatten(inner);
      return text ? `${key}: ${text}` : '';
    })
    .filter(Boolean)
    .join('; ');
}

function stripHtml(text: string): string {
  if (!/^\s*</.test(text)) return text;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  if (title?.trim()) return title;
  return text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]*>/g, ' ');
}

function squeeze(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL - 1)}…` : one;
}

/** Replaces every occurrence of each secret; servers sometimes echo the credential they refuse. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
