/**
 * Markdown and HTML escaping for text the action did not write: emails and reasons from the roster
 * or the API, messages from servers. A hostile value must not open a tag, break a table row,
 * start a list or link, or turn into a heading, wherever it lands (table cell, list item, summary).
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // An escaped `\|` is not enough: GFM splits table cells on `|` even inside code spans.
  '|': '&#124;',
  '`': '&#96;',
};

/** ASCII punctuation with an inline or block meaning in GitHub-flavoured Markdown. */
const BACKSLASHED = new Set(['\\', '*', '_', '[', ']', '(', ')', '#', '!', '~', '{', '}']);

// Line and paragraph separators, and C0/C1 controls, would split a table row or hide text.
// eslint-disable-next-line no-control-regex
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function escapeMarkdown(text: string): string {
  let out = '';
  for (const ch of text.replace(LINE_BREAKS_AND_CONTROLS, ' ')) {
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
