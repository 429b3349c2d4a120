import { describe, expect, it } from 'vitest';
import { carriesTrailer, trailer } from './history.ts';

const OURS = `Seat ledger: 1 event\n\n${trailer('https://github.com/acme/roster/actions/runs/9')}`;

describe('trailer', () => {
  it('is a git trailer in the last paragraph, the run URL or local', () => {
    expect(trailer(null)).toBe('Seat-Ledger-Sync: local');
    expect(carriesTrailer(OURS)).toBe(true);
    expect(carriesTrailer(`Subject\n\nbody\n\n${trailer(null)}\nSigned-off-by: a <a@b>`)).toBe(true);
    // Not in the subject line, nor in a paragraph followed by another, nor empty.
    expect(carriesTrailer(trailer(null))).toBe(false);
    expect(carriesTrailer(`Subject\n\n${trailer(null)}\n\nmore text`)).toBe(false);
    expect(carriesTrailer('Subject\n\nSeat-Ledger-Sync:')).toBe(false);
  });
});
