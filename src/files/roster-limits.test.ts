// Sizes the roster controls, before any of it reaches a message (a 6 MiB "email").
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/problems.ts';
import { parseRoster } from './roster.ts';

function problems(text: string) {
  try {
    parseRoster(text, 'members.yaml');
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected the roster to be refused');
}

describe('roster limits', () => {
  it('an email of 254 characters is accepted, one of 255 is a located error that quotes only its start and says how long it is', () => {
    const local = (n: number) => 'a'.repeat(n - '@example.com'.length);
    const ok = parseRoster(`version: 1\nmembers:\n  - email: ${local(254)}@example.com\n`, 'members.yaml');
    expect(ok.members[0]!.email).toHaveLength(254);
    const [p, ...rest] = problems(`version: 1\nmembers:\n  - email: ${local(255)}@example.com\n`);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: 'members.yaml', line: 3, column: 12 });
    expect(p!.message).toMatch(/this email is 255 characters long, over the 254 an email address can have \(RFC 5321\)/);
    expect(p!.message).toMatch(/\(255 characters\)/);
    expect(p!.message.length).toBeLessThan(400);
  });

  it('a 6 MiB email is refused with a short message', () => {
    const huge = `${'x'.repeat(6 * 1024 * 1024)}@example.com`;
    const [p] = problems(`version: 1\nmembers:\n  - email: ${huge}\n`);
    expect(p).toMatchObject({ line: 3, column: 12 });
    expect(p!.message).toContain(`${huge.length} characters`);
    expect(p!.message.length).toBeLessThan(400);
  });

  it('the same email in two cases is one user; a Kelvin sign is not an email the roster accepts', () => {
    const [dup] = problems('version: 1\nmembers:\n  - email: kate@kelvin.test\n  - email: KATE@kelvin.test\n');
    expect(dup).toMatchObject({ line: 4 });
    expect(dup!.message).toMatch(/already listed in members at line 3/);
    const [kelvin] = problems('version: 1\nmembers:\n  - email: \u212Aate@kelvin.test\n');
    expect(kelvin!.message).toMatch(/is not an email address/);
  });

  it('a long bare entry, alias or anchor is quoted by its start only', () => {
    const long = `${'y'.repeat(5000)}@example.com`;
    for (const text of [`version: 1\nmembers:\n  - ${long}\n`, `version: 1\nmembers:\n  - email: &${'a'.repeat(5000)} a@example.com\n`]) {
      for (const p of problems(text)) expect(p.message.length).toBeLessThan(400);
    }
  });
});
