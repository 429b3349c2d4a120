import { describe, expect, it } from 'vitest';
import { LabelStudioClient } from './client.ts';

// The client against servers is tested in test/integration/labelstudio-client/.
describe('LabelStudioClient options', () => {
  it('refuses nonsensical options', () => {
    const base = { baseUrl: 'https://ls.example', token: 't', concurrency: 1, delayMs: 0, maxRetries: 0, requestTimeoutMs: 1 };
    expect(() => new LabelStudioClient({ ...base, baseUrl: 'not a url' })).toThrow(/not a URL/);
    expect(() => new LabelStudioClient({ ...base, baseUrl: 'ftp://ls.example' })).toThrow(/http/);
    expect(() => new LabelStudioClient({ ...base, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new LabelStudioClient({ ...base, requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
    expect(() => new LabelStudioClient({ ...base, concurrency: 0 })).toThrow(/concurrency/);
  });
});
