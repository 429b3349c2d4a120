/**
 * The two kinds of Label Studio credential. A legacy token is sent as is; a personal access
 * token (PAT) is a JWT refresh token that buys short-lived access tokens, renewed on 401.
 */

/**
 * True for a PAT: three base64url parts whose middle one is a JSON object with `exp`, which
 * is how the vendor SDK tells the two apart. Legacy tokens are 40 hex characters.
 */
export function isPersonalAccessToken(token: string): boolean {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return false;
  const [header, payload] = parts as [string, string, string];
  const base64url = /^[A-Za-z0-9_-]+={0,2}$/;
  if (!base64url.test(header) || !base64url.test(payload)) return false;
  if (parts[2] !== '' && !base64url.test(parts[2]!)) return false;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) && 'exp' in claims;
  } catch {
    return false;
  }
}

export interface Authenticator {
  readonly kind: 'legacy' | 'pat';
  /** The `Authorization` header value to send now (may fetch an access token first). */
  authorization(): Promise<string>;
  /**
   * The server answered 401 to a request sent with `rejected`. Resolves true when a fresh
   * credential is ready and the request is worth one more try, false when nothing can change.
   */
  renew(rejected: string): Promise<boolean>;
}

export interface AuthenticatorOptions {
  /** Exchanges the PAT for an access token (`POST /api/token/refresh/`, paced like any request). */
  refresh: (pat: string) => Promise<string>;
  /** Gets every access token before it is used, so the caller can mask it. */
  onSecret?: (secret: string) => void;
}

export function createAuthenticator(token: string, options: AuthenticatorOptions): Authenticator {
  const trimmed = token.trim();
  if (!isPersonalAccessToken(trimmed)) {
    const header = `Token ${trimmed}`;
    return {
      kind: 'legacy',
      authorization: () => Promise.resolve(header),
      // A refused legacy token stays refused (revoked, or legacy tokens switched off).
      renew: () => Promise.resolve(false),
    };
  }
  return new PatAuthenticator(trimmed, options);
}

class PatAuthenticator implements Authenticator {
  readonly kind = 'pat';
  readonly #pat: string;
  readonly #options: AuthenticatorOptions;
  #access: string | null = null;
  #pending: Promise<string> | null = null;

  constructor(pat: string, options: AuthenticatorOptions) {
    this.#pat = pat;
    this.#options = options;
  }

  async authorization(): Promise<string> {
    const access = this.#access ?? (await this.#refresh());
    return `Bearer ${access}`;
  }

  async renew(rejected: string): Promise<boolean> {
    // Workers that got 401 together share one refresh; a late one finds it already done.
    if (this.#pending) {
      await this.#pending;
      return true;
    }
    if (this.#access !== null && rejected !== `Bearer ${this.#access}`) return true;
    await this.#refresh();
    return true;
  }

  #refresh(): Promise<string> {
    if (this.#pending) return this.#pending;
    const pending = this.#fetchAccess();
    this.#pending = pending;
    const settle = () => {
      if (this.#pending === pending) this.#pending = null;
    };
    pending.then(settle, settle);
    return pending;
  }

  async #fetchAccess(): Promise<string> {
    const access = await this.#options.refresh(this.#pat);
    this.#options.onSecret?.(access);
    this.#access = access;
    return access;
  }
}
