/**
 * The pathname of a request URL without building a `URL`: routing needs only
 * the path, and parsing the whole URL is the largest fixed cost of a request.
 * Only URLs whose path the WHATWG parser would leave unchanged take the fast
 * path; anything else is left to `new URL()`.
 *
 * @module
 */

const SLASH = 0x2f;

/** Path characters the URL parser keeps as they are: letters, digits, `/ - _ ~ ! $ & ' ( ) * + , ; = : @`. */
const PLAIN = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-_~!$&'()*+,;=:@") {
  PLAIN[c.charCodeAt(0)] = 1;
}
/** Authority characters that cannot end it early or change where the path starts. */
const HOST = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-:[]") {
  HOST[c.charCodeAt(0)] = 1;
}

/**
 * Reads the pathname of an absolute `http:` / `https:` URL as `new URL(url).pathname` would,
 * when that is simple to do.
 *
 * @param url An absolute URL, such as `request.url`.
 * @returns The pathname, or `undefined` when the URL needs the full parser (dot segments,
 * percent-escapes, backslashes, characters the parser would encode, an unusual authority).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fastPathname } from "./pathname.ts";
 *
 * assert.equal(fastPathname("http://localhost:8000/api/notes?limit=5"), "/api/notes");
 * assert.equal(fastPathname("http://localhost:8000"), undefined);
 * assert.equal(fastPathname("http://localhost:8000/api/../notes"), undefined);
 * ```
 */
export function fastPathname(url: string): string | undefined {
  let start: number;
  if (url.startsWith("http://")) start = 7;
  else if (url.startsWith("https://")) start = 8;
  else return undefined;
  // The authority: up to the first "/", made only of host characters.
  let i = start;
  for (; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code === SLASH) break;
    if (code >= 128 || HOST[code] === 0) return undefined;
  }
  if (i === start || i === url.length) return undefined;
  const path = i;
  for (; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code === 0x3f || code === 0x23) break; // "?" or "#": the path ends
    if (code >= 128 || PLAIN[code] === 0) return undefined;
  }
  return url.slice(path, i);
}
