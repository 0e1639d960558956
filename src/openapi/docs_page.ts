/**
 * The reference page: an HTML shell that loads Redoc's standalone bundle and the document from
 * beside it (relative URLs, so it also works under a path prefix), with no inline script and a
 * strict Content Security Policy.
 *
 * @module
 */

/**
 * The page's Content Security Policy: scripts from the server itself only (no inline script, no
 * eval); inline styles, which Redoc's styled components inject; its search worker from a
 * `blob:` URL; nothing from other origins.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The page.
 *
 * @param options `title`: the API's title; `document` and `bundle`: the URLs of the document and
 * of Redoc's bundle, relative to the page.
 * @returns The HTML.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderDocsPage } from "./docs_page.ts";
 *
 * const html = renderDocsPage({ title: "<Notes>", document: "openapi.json", bundle: "redoc.js" });
 * assert.match(html, /<redoc spec-url="openapi.json"><\/redoc>/);
 * assert.match(html, /<title>&lt;Notes&gt; – API reference<\/title>/);
 * ```
 */
export function renderDocsPage(
  options: { title: string; document: string; bundle: string },
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} – API reference</title>
</head>
<body>
<redoc spec-url="${escapeHtml(options.document)}"></redoc>
<script src="${escapeHtml(options.bundle)}"></script>
</body>
</html>
`;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
