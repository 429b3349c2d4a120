import fc from 'fast-check';
import { renderedText } from '../../test/kit/markdown-text.ts';
import { describe, expect, it } from 'vitest';
import { breakMentionsAndLinks, capText, escapeMarkdown, plainText } from './escape.ts';

describe('escapeMarkdown', () => {
  it('neutralises a hostile email', () => {
    expect(escapeMarkdown('a|b<script>@x.com')).toBe('a&#124;b&lt;script&gt;@&#8203;x.com');
  });

  it.each([
    ['<img src=x onerror=alert(1)>@x.com', '&lt;img src=x onerror=alert\\(1\\)&gt;@&#8203;x.com'],
    ['`code`@x.com', '&#96;code&#96;@&#8203;x.com'],
    ['**bold**@x.com', '\\*\\*bold\\*\\*@&#8203;x.com'],
    ['_em_@x.com', '\\_em\\_@x.com'],
    ['[click](https://evil.example)@x.com', '\\[click\\]\\(https:&#8203;//evil.example\\)@&#8203;x.com'],
    ['![i](https://evil.example/p.png)', '\\!\\[i\\]\\(https:&#8203;//evil.example/p.png\\)'],
    ['a&lt;b', 'a&amp;lt;b'],
    ['back\\slash', 'back\\\\slash'],
    ['~~gone~~', '\\~\\~gone\\~\\~'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['"quoted"', '&quot;quoted&quot;'],
    ['line\nbreak\r\nand\u2028more', 'line break and more'],
    ['tab\there\u0000nul', 'tab here nul'],
    ['plain-name.o+k@example.com', 'plain-name.o+k@example.com'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('never lets a raw pipe, angle bracket, backtick or line break through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeMarkdown(s);
        expect(out).not.toMatch(/[|<>`\n\r\u2028\u2029]/);
        // Every & starts an entity we wrote.
        expect(out.replace(/&(amp|lt|gt|quot|#124|#96|#8203);/g, '')).not.toContain('&');
      }),
    );
  });
});

/** What GitHub would take as a mention, after the Markdown is rendered to text (html-pipeline's rule). */
const MENTION = /(?:^|[^A-Za-z0-9_])@[A-Za-z0-9]/;
/** GFM's extended autolinks and issue references. */
const AUTOLINK = /[A-Za-z][A-Za-z0-9+.-]*:\/\/|(?:^|[^A-Za-z0-9])www\.|#\d/i;
const rendered = renderedText;

describe('mentions and links from data', () => {
  it.each([
    ['"x @acme/pwn-team"@evil.test', '&quot;x @&#8203;acme/pwn-team&quot;@&#8203;evil.test'],
    ['@octocat', '@&#8203;octocat'],
    ['@@octocat', '@&#8203;@&#8203;octocat'],
    ['cc:@org/team', 'cc:@&#8203;org/team'],
    ['\u00e9@team', '\u00e9@&#8203;team'],
    ['http://evil.test/x', 'http:&#8203;//evil.test/x'],
    ['see www.evil.test', 'see www&#8203;.evil.test'],
    ['WWW.EVIL.TEST', 'WWW&#8203;.EVIL.TEST'],
    ['fixes #12', 'fixes \\#&#8203;12'],
    ['alice@example.com', 'alice@example.com'],
    ['first.last_x@sub.example.com', 'first.last\\_x@sub.example.com'],
  ])('%j renders as readable text that pings and links no one', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
    const text = rendered(escapeMarkdown(input));
    expect(text.replace(/\u200B/g, '')).toBe(input);
    expect(text).not.toMatch(MENTION);
    expect(text).not.toMatch(AUTOLINK);
  });

  it('holds for any text: after rendering, no mention, autolink or reference is left', () => {
    const piece = fc.constantFrom('@', 'a', '_', ' ', '"', '/', ':', '//', 'www', '.', '#', '1', 'team', '\u200B', '\\', '&', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), (s) => {
        const text = rendered(escapeMarkdown(s));
        expect(text).not.toMatch(MENTION);
        expect(text).not.toMatch(AUTOLINK);
        expect(breakMentionsAndLinks(s)).not.toMatch(MENTION);
        expect(plainText(s)).not.toMatch(MENTION);
      }),
    );
  });

  it('plainText keeps line breaks and URLs, and breaks mentions with the character itself', () => {
    expect(plainText('a\n@team http://x.test b@x.test')).toBe('a\n@\u200Bteam http://x.test b@x.test');
  });
});

describe('caps', () => {
  it('shows the start of a long value and says how long it was', () => {
    const long = 'x'.repeat(10_000);
    expect(capText(long, 100)).toBe(`${'x'.repeat(100)}… (cut; 10000 characters in all)`);
    expect(escapeMarkdown(long).length).toBeLessThan(2100);
    expect(capText('short', 100)).toBe('short');
  });

  it('never splits a surrogate pair', () => {
    const s = `${'a'.repeat(99)}\u{1F600}tail`;
    expect(capText(s, 100).startsWith(`${'a'.repeat(99)}…`)).toBe(true);
  });
});
