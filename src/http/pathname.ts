/**
 * The pathname of a request URL without building a `URL`: routing needs only
 * the path, and parsing the whole URL is the largest fixed cost of a request.
 * Only URLs whose path the WHATWG parser would leave unchanged, and whose
 * authority it accepts, take the fast path; anything else is left to
 * `new URL()`. A server sees few distinct authorities (its `Host` values),
 * so each is checked with the real parser once and remembered.
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

/** Authorities (`http://host:port`) the URL parser accepted; cleared when it grows past 64. */
const accepted = new Set<string>();

function acceptable(authority: string): boolean {
  if (accepted.has(authority)) return true;
  try {
    new URL(`${authority}/`);
  } catch {
    return false; // e.g. a Host header of "h:99999" or "[::1": the full parser will reject it
  }
  if (accepted.size >= 64) accepted.clear();
  accepted.add(authority);
  return true;
}

/** `scheme://authority` of the last URL whose authority was read the long way and accepted. */
let last: string | undefined;

/** Where the path of `url` starts, after an accepted authority made of host characters. */
function authorityEnd(url: string): number | undefined {
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
  const authority = url.slice(0, i);
  if (!acceptable(authority)) return undefined;
  last = authority;
  return i;
}

/**
 * Reads the pathname of an absolute `http:` / `https:` URL as `new URL(url).pathname` would,
 * when that is simple to do.
 *
 * @param url An absolute URL, such as `request.url`.
 * @returns The pathname, or `undefined` when the URL needs the full parser (dot segments,
 * percent-escapes, backslashes, characters the parser would encode, an unusual or invalid
 * authority).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fastPathname } from "./pathname.ts";
 *
 * assert.equal(fastPathname("http://localhost:8000/api/notes?limit=5"), "/api/notes");
 * assert.equal(fastPathname("http://localhost:8000"), undefined);
 * assert.equal(fastPathname("http://localhost:8000/api/../notes"), undefined);
 * assert.equal(fastPathname("http://localhost:99999/api/notes"), undefined); // bad port
 * ```
 */
export function fastPathname(url: string): string | undefined {
  // Most requests repeat the last authority: then it ends at the same place and was accepted.
  const path = last !== undefined && url.startsWith(last) && url.charCodeAt(last.length) === SLASH
    ? last.length
    : authorityEnd(url);
  if (path === undefined) return undefined;
  let i = path;
  for (; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code === 0x3f || code === 0x23) break; // "?" or "#": the path ends
    if (code >= 128 || PLAIN[code] === 0) return undefined;
  }
  return url.slice(path, i);
}
