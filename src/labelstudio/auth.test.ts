import { describe, expect, it, vi } from 'vitest';
import { createAuthenticator, isPersonalAccessToken } from './auth.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`;

describe('isPersonalAccessToken', () => {
  it('recognises a JWT whose payload has exp', () => {
    expect(isPersonalAccessToken(jwt({ exp: 1_900_000_000, token_type: 'refresh' }))).toBe(true);
    expect(isPersonalAccessToken(`  ${jwt({ exp: 1 })}\n`)).toBe(true);
  });

  it('treats everything else as a legacy token', () => {
    expect(isPersonalAccessToken('0123456789abcdef0123456789abcdef01234567')).toBe(false);
    expect(isPersonalAccessToken(jwt({ sub: 'no-exp' }))).toBe(false);
    expect(isPersonalAccessToken(jwt([1, 2]))).toBe(false);
    expect(isPersonalAccessToken(jwt('exp'))).toBe(false);
    expect(isPersonalAccessToken(`${b64({})}.${b64({ exp: 1 })}`)).toBe(false);
    expect(isPersonalAccessToken(`${b64({})}.not json!.sig`)).toBe(false);
    expect(isPersonalAccessToken(`${b64({})}.${Buffer.from('{"exp":').toString('base64url')}.sig`)).toBe(false);
    expect(isPersonalAccessToken('a.b.c.d')).toBe(false);
    expect(isPersonalAccessToken('')).toBe(false);
  });
});

describe('createAuthenticator', () => {
  it('sends a legacy token as Token and never renews it', async () => {
    const refresh = vi.fn();
    const auth = createAuthenticator(' abc123 ', { refresh });
    expect(auth.kind).toBe('legacy');
    expect(await auth.authorization()).toBe('Token abc123');
    expect(await auth.renew('Token abc123')).toBe(false);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('exchanges a PAT for an access token, announcing it before use', async () => {
    const pat = jwt({ exp: 1 });
    const events: string[] = [];
    const auth = createAuthenticator(pat, {
      refresh: async (given) => {
        events.push(`refresh:${given === pat}`);
        return 'access-1';
      },
      onSecret: (secret) => events.push(`secret:${secret}`),
    });
    expect(auth.kind).toBe('pat');
    const header = await auth.authorization();
    events.push(`use:${header}`);
    expect(events).toEqual(['refresh:true', 'secret:access-1', 'use:Bearer access-1']);
    expect(await auth.authorization()).toBe('Bearer access-1');
    expect(events.filter((e) => e.startsWith('refresh'))).toHaveLength(1);
  });

  it('shares one refresh among concurrent first uses and concurrent 401s', async () => {
    let n = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const refresh = vi.fn(async () => {
      n += 1;
      await gate;
      return `access-${n}`;
    });
    const secrets: string[] = [];
    const auth = createAuthenticator(jwt({ exp: 1 }), { refresh, onSecret: (s) => secrets.push(s) });
    const first = Promise.all([auth.authorization(), auth.authorization(), auth.authorization()]);
    release();
    expect(await first).toEqual(['Bearer access-1', 'Bearer access-1', 'Bearer access-1']);
    expect(refresh).toHaveBeenCalledTimes(1);

    const renewals = await Promise.all([1, 2, 3, 4].map(() => auth.renew('Bearer access-1')));
    expect(renewals).toEqual([true, true, true, true]);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(await auth.authorization()).toBe('Bearer access-2');
    // A 401 that arrives after the refresh, for the old token, does not refresh again.
    expect(await auth.renew('Bearer access-1')).toBe(true);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(secrets).toEqual(['access-1', 'access-2']);
  });

  it('propagates a failed refresh and tries again on the next use', async () => {
    const refresh = vi
      .fn<(pat: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('refused'))
      .mockResolvedValueOnce('access-2');
    const auth = createAuthenticator(jwt({ exp: 1 }), { refresh });
    await expect(auth.authorization()).rejects.toThrow('refused');
    expect(await auth.authorization()).toBe('Bearer access-2');
  });

  it('recovers when the refresh function throws synchronously', async () => {
    let calls = 0;
    const auth = createAuthenticator(jwt({ exp: 1 }), {
      refresh: (() => {
        calls += 1;
        if (calls === 1) throw new Error('sync boom');
        return Promise.resolve('access-ok');
      }),
    });
    await expect(auth.authorization()).rejects.toThrow('sync boom');
    expect(await auth.authorization()).toBe('Bearer access-ok');
  });
});
