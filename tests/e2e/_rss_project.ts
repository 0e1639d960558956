/**
 * A project shaped like a real Redocly site's RSS function: `@api/rss.get.ts` imports a helper
 * folder beside `@api` without an extension (`../@theme/utils/rss`, whose `index.ts` imports
 * `./xml` without one either) and a YAML file (`./page-rss-pages.yaml`), as Redocly's bundler
 * allows.
 */

/** The files, by path relative to the project root. */
export const RSS_FILES: Record<string, string> = {
  "@api/rss.get.ts": `import { buildRss } from '../@theme/utils/rss';
import pages from './page-rss-pages.yaml';

export default function rss(_request: Request): Response {
  return new Response(buildRss('Blog', pages), {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
  });
}
`,
  "@api/page-rss-pages.yaml": `# pages listed in the feed
- title: Hello <world>
  link: /blog/hello
- title: Second post
  link: /blog/second
`,
  "@theme/utils/rss/index.ts": `import { escapeXml } from './xml';

export type RssPage = { title: string; link: string };

export function buildRss(title: string, pages: RssPage[]): string {
  const items = pages.map((page) =>
    \`<item><title>\${escapeXml(page.title)}</title><link>\${escapeXml(page.link)}</link></item>\`
  );
  return \`<rss version="2.0"><channel><title>\${escapeXml(title)}</title>\${items.join('')}</channel></rss>\`;
}
`,
  "@theme/utils/rss/xml.ts": `export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
`,
};

/** What `GET /api/rss` answers. */
export const RSS_BODY = '<rss version="2.0"><channel><title>Blog</title>' +
  "<item><title>Hello &lt;world&gt;</title><link>/blog/hello</link></item>" +
  "<item><title>Second post</title><link>/blog/second</link></item></channel></rss>";
