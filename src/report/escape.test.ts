import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './escape.ts';

describe('escapeMarkdown', () => {
  it('neutralises a hostile email', () => {
    expect(escapeMarkdown('a|b<script>@x.com')).toBe('a&#124;b&lt;script&gt;@x.com');
  });

  it.each([
    ['<img src=x onerror=alert(1)>@x.com', '&lt;img src=x onerror=alert\\(1\\)&gt;@x.com'],
    ['`code`@x.com', '&#96;code&#96;@x.com'],
    ['**bold**@x.com', '\\*\\*bold\\*\\*@x.com'],
    ['_em_@x.com', '\\_em\\_@x.com'],
    ['[click](https://evil.example)@x.com', '\\[click\\]\\(https://evil.example\\)@x.com'],
    ['![i](https://evil.example/p.png)', '\\!\\[i\\]\\(https://evil.example/p.png\\)'],
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
        expect(out.replace(/&(amp|lt|gt|quot|#124|#96);/g, '')).not.toContain('&');
      }),
    );
  });
});
