import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, MAX_SERVER_WAIT_MS, backoffDelay, serverRequestedDelay } from './backoff.ts';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');

describe('backoffDelay', () => {
  it('grows exponentially from 1 s', () => {
    const top = () => 0.999999;
    expect(backoffDelay(0, top)).toBe(999);
    expect(backoffDelay(1, top)).toBe(1_999);
    expect(backoffDelay(2, top)).toBe(3_999);
    expect(backoffDelay(3, () => 0.5)).toBe(4_000);
  });

  it('is capped at 60 s however many attempts', () => {
    expect(backoffDelay(6, () => 0.999999)).toBe(59_999);
    expect(backoffDelay(1_000, () => 0.999999)).toBe(59_999);
  });

  it('stays within [0, min(cap, 1 s·2^attempt)) for any random value', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(BACKOFF_CAP_MS, 1_000 * 2 ** attempt));
      }),
    );
  });

  it('survives a broken random source', () => {
    expect(backoffDelay(0, () => Number.NaN)).toBe(500);
    expect(backoffDelay(0, () => 7)).toBe(1_000);
    expect(backoffDelay(0, () => -1)).toBe(0);
  });
});

describe('serverRequestedDelay', () => {
  it('reads Retry-After seconds, whole or fractional', () => {
    expect(serverRequestedDelay({ 'retry-after': '3' }, NOW)).toBe(3_000);
    expect(serverRequestedDelay({ 'retry-after': ' 0.25 ' }, NOW)).toBe(250);
    expect(serverRequestedDelay({ 'retry-after': '0' }, NOW)).toBe(0);
  });

  it('reads Retry-After as an HTTP date, relative to now', () => {
    const at = new Date(NOW + 5_000).toUTCString();
    expect(serverRequestedDelay({ 'retry-after': at }, NOW)).toBe(5_000);
  });

  it('treats an HTTP date in the past as no wait', () => {
    const at = new Date(NOW - 60_000).toUTCString();
    expect(serverRequestedDelay({ 'retry-after': at }, NOW)).toBe(0);
  });

  it('lets retry-after-ms win over Retry-After', () => {
    expect(serverRequestedDelay({ 'retry-after-ms': '120', 'retry-after': '30' }, NOW)).toBe(120);
    expect(serverRequestedDelay({ 'retry-after-ms': '12.5' }, NOW)).toBe(13);
  });

  it('falls back to Retry-After when retry-after-ms is garbage', () => {
    expect(serverRequestedDelay({ 'retry-after-ms': 'soon', 'retry-after': '2' }, NOW)).toBe(2_000);
  });

  it('ignores garbage and absent headers', () => {
    for (const value of ['', 'soon', '-5', '1e3', 'Infinity', 'NaN', '12 parsecs', 'tomorrow', '2026-13-45', 'Sat, 28 Nov', 'Sat, 99 Foo 2026 99:99:99 GMT']) {
      expect(serverRequestedDelay({ 'retry-after': value }, NOW), value).toBeUndefined();
    }
    expect(serverRequestedDelay({}, NOW)).toBeUndefined();
  });

  it('reads a Headers object and array-valued headers', () => {
    expect(serverRequestedDelay(new Headers({ 'Retry-After': '4' }), NOW)).toBe(4_000);
    expect(serverRequestedDelay({ 'retry-after': ['2', '9'] }, NOW)).toBe(2_000);
  });

  it('cuts an absurd wait to the longest one honoured', () => {
    expect(serverRequestedDelay({ 'retry-after': '86400' }, NOW)).toBe(MAX_SERVER_WAIT_MS);
    expect(serverRequestedDelay({ 'retry-after-ms': '99999999999' }, NOW)).toBe(MAX_SERVER_WAIT_MS);
  });
});
