import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAccount, emailKey } from './identity.ts';

describe('emailKey: ASCII-only case folding (docs/roster.md)', () => {
  it.each([
    ['BOB@Acme.Test', 'bob@acme.test'],
    ['\u212Aate@kelvin.test', '\u212Aate@kelvin.test'], // the Kelvin sign stays itself
    ['\u0130nci@x.test', '\u0130nci@x.test'], // dotted capital I is not folded to i
    ['Stra\u00DFe@x.test', 'stra\u00DFe@x.test'], // ß is not expanded
    ['caf\u00E9@x.test', 'caf\u00E9@x.test'],
    ['cafe\u0301@x.test', 'cafe\u0301@x.test'], // no normalisation: e + combining accent is not é
    ['\u00C9LODIE@x.test', '\u00C9lodie@x.test'],
  ])('%j → %j', (email, key) => {
    expect(emailKey(email)).toBe(key);
  });

  it('equals toLowerCase on ASCII and never turns a non-ASCII character into ASCII', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const key = emailKey(s);
        expect(key.length).toBe(s.length);
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (c < 128) expect(key[i]).toBe(s[i]!.toLowerCase());
          else expect(key[i]).toBe(s[i]);
        }
      }),
    );
  });

  it('names an account by id and by the email the server sent', () => {
    expect(describeAccount({ userId: 302, email: '\u212Aate@kelvin.test' })).toBe('id 302 (\u212Aate@kelvin.test)');
    expect(describeAccount({ userId: 9, email: null })).toBe('id 9 (no email)');
  });
});
