/**
 * Escaping for text the action did not write: emails and reasons from the roster or the API,
 * messages from servers. Every Markdown output (job summary, pull-request comment) goes through
 * `escapeMarkdown`, and every annotation through `plainText`, so a hostile value can neither
 * open a tag, break a table row, start a list or heading, nor ping or link anyone (docs/security.md).
 *
 * Mentions and links are broken with a zero-width space (U+200B) placed where GitHub's
 * recognisers look: right after an `@` that could start a mention (`@user`, `@org/team`), inside
 * `://` of a URL, after `www`, and after the `#` of an issue reference. The text reads the same;
 * GitHub no longer sees a mention, autolink or reference. In Markdown the space is written as the
 * entity `&#8203;`, as Renovate and Dependabot do, so it is visible to anyone reading the raw
 * text and survives editors that strip invisible characters. An `@` inside an email (after a
 * letter, digit or `_`) is no mention for GitHub and is kept, so addresses stay copyable; GitHub
 * may show such an address as a mailto link, which reaches nobody.
 */

const ZWSP = '\u200B';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // An escaped `\|` is not enough: GFM splits table cells on `|` even inside code spans.
  '|': '&#124;',
  '`': '&#96;',
  [ZWSP]: '&#8203;',
};

/** ASCII punctuation with an inline or block meaning in GitHub-flavoured Markdown. */
const BACKSLASHED = new Set(['\\', '*', '_', '[', ']', '(', ')', '#', '!', '~', '{', '}']);

// Line and paragraph separators, and C0/C1 controls, would split a table row or hide text.
// eslint-disable-next-line no-control-regex
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** Longest value from data shown whole; anything longer is shown by its start and its length. */
export const MAX_SHOWN = 2000;

/**
 * `@` that GitHub could read as a mention: not after a word character (its own rule, `\W@`).
 * `://` of any URL scheme, `www.` and `#123` are the autolink and reference triggers.
 */
const TRIGGERS = /(?<![A-Za-z0-9_])@|:(?=\/\/)|(?<![A-Za-z0-9])www(?=\.)|#(?=\d)/gi;
const MENTION_TRIGGER = /(?<![A-Za-z0-9_])@/g;

/** Breaks every mention, autolink and issue reference in `text` with a zero-width space. */
export function breakMentionsAndLinks(text: string): string {
  return text.replace(TRIGGERS, (match) => `${match}${ZWSP}`);
}

/** Breaks every mention only: for plain text, where GitHub links nothing but may still notify. */
export function breakMentions(text: string): string {
  return text.replace(MENTION_TRIGGER, `@${ZWSP}`);
}

/** The first `max` characters and how long the whole was, so a cut is never silent. */
export function capText(text: string, max = MAX_SHOWN): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair: half a character is not valid UTF-8 in the summary.
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… (cut; ${text.length} characters in all)`;
}

export function escapeMarkdown(text: string, max = MAX_SHOWN): string {
  let out = '';
  for (const ch of breakMentionsAndLinks(capText(text, max).replace(LINE_BREAKS_AND_CONTROLS, ' '))) {
    const entity = ENTITIES[ch];
    if (entity) out += entity;
    else if (BACKSLASHED.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  // A leading `-`, `+` or `1.` would start a list inside a list item; `=` a setext heading.
  return out.replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_, space: string, mark: string) =>
    /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
  );
}

/**
 * Text for an annotation or a failure message: no mention from data, and no more than `max`
 * characters. GitHub shows annotations as plain text, without autolinks, so URLs stay whole and
 * copyable. Line breaks stay (the runner escapes them).
 */
export function plainText(text: string, max = MAX_SHOWN * 2): string {
  return breakMentions(capText(text, max));
}
