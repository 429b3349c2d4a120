import type { ApiMember, ApiMemberPage } from '../live.ts';

/**
 * The URLs of pages 2…last, built from the first page's `next` link so every other query
 * parameter the server echoes stays as it wrote it; null when the answer does not allow
 * counting (no `count` on old servers, an empty page, or a link that does not say `page=2`).
 */
export function plannedPages(first: ApiMemberPage, next: URL): URL[] | null {
  const size = first.results.length;
  if (first.count === undefined || size === 0 || next.searchParams.get('page') !== '2') return null;
  const last = Math.ceil(first.count / size);
  if (last < 2) return null;
  const urls: URL[] = [];
  for (let page = 2; page <= last; page += 1) {
    const url = new URL(next);
    url.searchParams.set('page', String(page));
    urls.push(url);
  }
  return urls;
}

export type NextLink = { ok: true; url: URL } | { ok: false; reason: string; origin?: string };

/**
 * Resolves a `next` link and checks that it leads back to `base`'s origin: the token is sent
 * with every page request, so it must never follow a link elsewhere. A proxy that terminates
 * TLS often makes the server write `http://` links to itself; those go to the configured
 * `https` origin instead (same host, default ports).
 */
export function resolveNextLink(link: string, from: URL, base: URL): NextLink {
  let url: URL;
  try {
    url = new URL(link, from);
  } catch {
    return { ok: false, reason: 'the answer has a next-page link that is not a URL' };
  }
  if (url.origin === base.origin) return { ok: true, url };
  const sameHostDowngraded =
    url.protocol === 'http:' && base.protocol === 'https:' && url.hostname === base.hostname && url.port === '' && base.port === '';
  if (sameHostDowngraded) return { ok: true, url: new URL(url.pathname + url.search, base.origin) };
  return {
    ok: false,
    reason: `the next-page link points at another origin (${url.origin}); the token is never sent there`,
    origin: url.origin,
  };
}

/** Each membership once, first sighting first: offset pages shift when members change mid-read. */
export function uniqueMembers(pages: readonly ApiMemberPage[]): ApiMember[] {
  const seen = new Set<number>();
  const members: ApiMember[] = [];
  for (const member of pages.flatMap((p) => p.results)) {
    if (seen.has(member.id)) continue;
    seen.add(member.id);
    members.push(member);
  }
  return members;
}
