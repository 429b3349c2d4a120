// A token pasted the way the vendor's curl example shows it (sent as `Token Token abc…`).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputErrors, readSettings } from './settings.ts';

const ENV = { GITHUB_WORKSPACE: path.resolve('/ws'), GITHUB_EVENT_NAME: 'push' };
const read = (token: string) =>
  readSettings((name) => ({ 'label-studio-url': 'https://ls.example.com', 'label-studio-token': token })[name] ?? '', ENV);

function refusal(token: string): string {
  try {
    read(token);
  } catch (e) {
    expect(e).toBeInstanceOf(InputErrors);
    const message = (e as InputErrors).errors.map((x) => x.message).join('\n');
    expect(message).toMatch(/^Input 'label-studio-token': /);
    return message;
  }
  throw new Error('expected InputErrors');
}

describe('label-studio-token with a pasted scheme', () => {
  it.each([
    ['Token 0123abcd', '0123abcd'],
    ['token 0123abcd', '0123abcd'],
    ['  Token   0123abcd  ', '0123abcd'],
    ['Bearer eyJ.a.b', 'eyJ.a.b'],
    ['0123abcd', '0123abcd'],
    ['Tokenized0123', 'Tokenized0123'],
  ])('%j is used as %j', (pasted, used) => {
    expect(read(pasted).labelStudioToken).toBe(used);
  });

  it('says exactly what is wrong with a doubled scheme or a space inside, never quoting the token', () => {
    const doubled = refusal('Token Token s3cr3t-value');
    expect(doubled).toMatch(/Token or Bearer twice; expected only the token itself/);
    expect(doubled).not.toContain('s3cr3t-value');
    const spaced = refusal('s3cr3t value');
    expect(spaced).toMatch(/space or line break inside/);
    expect(spaced).not.toContain('s3cr3t');
  });
});
