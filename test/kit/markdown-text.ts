// How GitHub shows Markdown to a reader, for tests that check what data can and cannot do there.

/** The text a reader of rendered Markdown sees: entities decoded, backslash escapes gone. */
export const renderedText = (md: string): string =>
  md
    .replace(/\\(.)/g, '$1')
    .replace(/&#8203;/g, '\u200B')
    .replace(/&#124;/g, '|')
    .replace(/&#96;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** GitHub's mention rule (html-pipeline): an `@` after no word character, then a name. */
export const LIVE_MENTION = /(?:^|[^A-Za-z0-9_])@[A-Za-z0-9]/m;
