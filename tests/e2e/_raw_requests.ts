/** Malformed raw HTTP/1.x requests for `bad_input_test.ts` (request line, headers, framing). */
import type { Random } from "./_bad_input.ts";

const CRLF = "\r\n";
const METHODS = [
  "GET",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "HEAD",
  "FOO",
  "G ET",
  "",
  "GET\0",
];
const TARGETS = [
  "/api/notes",
  "/api/echo",
  "*",
  "http://evil.example/api/notes",
  "api/notes",
  "/api/notes?x=%",
  "/api/%zz",
  "/api/../../../../etc/passwd",
  "/api/files/\\..\\..\\x",
  "/api/\u00e9",
  "//",
  "/api/notes#frag",
  "/api/notes\0",
  "/" + "a".repeat(70_000),
  "/api" + "/s".repeat(10_000),
];
const VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1 extra", "", "http/1.1"];

/** A raw HTTP/1.x request with a malformed request line, headers or body framing. */
export function rawRequest(r: Random): Uint8Array {
  const encoder = new TextEncoder();
  const kind = r.int(14);
  const method = kind === 0 ? r.pick(METHODS) : "POST";
  const target = kind <= 1 ? r.pick(TARGETS) : r.pick(["/api/echo", "/api/notes", "/api/me"]);
  const version = kind === 2 ? r.pick(VERSIONS) : "HTTP/1.1";
  let head = `${method} ${target} ${version}${CRLF}Host: 127.0.0.1${CRLF}Connection: close${CRLF}`;
  let body = '{"title":"x"}';
  switch (kind) {
    case 3: // a header line without a colon, or with space before the colon
      head += r.pick(["NoColonHere", "X-Bad : 1", ": empty-name", "X-\u00e9: 1"]) + CRLF;
      break;
    case 4: // obsolete line folding and bare CR/LF
      head += r.pick(["X-A: 1\r\n  folded", "X-A: 1\rX-B: 2", "X-A: 1\nX-B: 2"]) + CRLF;
      break;
    case 5: // conflicting or bogus Content-Length
      head += r.pick([
        `Content-Length: 5${CRLF}Content-Length: 6`,
        "Content-Length: -1",
        "Content-Length: 1e3",
        "Content-Length: 99999999999999999999",
        "Content-Length: 100", // more than is sent
      ]) + CRLF;
      break;
    case 6: // Transfer-Encoding tricks
      head += r.pick([
        "Transfer-Encoding: chunked",
        `Transfer-Encoding: chunked${CRLF}Content-Length: 3`,
        "Transfer-Encoding: gzip, chunked",
        "Transfer-Encoding: xchunked",
      ]) + CRLF;
      body = r.pick([
        "zz\r\nabc\r\n0\r\n\r\n",
        "3\r\nabc\r\n",
        "ffffffffffffffff\r\n",
        "0\r\n\r\n",
      ]);
      break;
    case 7: // a huge header
      head += `X-Big: ${"b".repeat(r.pick([9000, 70_000, 300_000]))}${CRLF}`;
      break;
    case 8: // many headers
      for (let i = 0; i < r.pick([150, 2000]); i++) head += `X-H${i}: ${i}${CRLF}`;
      break;
    case 9: // NUL and non-ASCII bytes in a header value
      head += `X-Bin: a\0b${CRLF}Cookie: sid=\u00ff\u00fe${CRLF}`;
      break;
    case 10: // invalid UTF-8 and deep nesting in a JSON body
      body = r.pick(['{"t":"\xff\xfe"}', "[".repeat(50_000), '{"a":1']);
      break;
    case 11: // random garbage
      return r.bytes(1 + r.int(2000));
    case 12: // missing or duplicate Host
      head = `GET /api/me HTTP/1.1${CRLF}${r.pick(["", `Host: a${CRLF}Host: b${CRLF}`])}`;
      break;
  }
  const framed = kind === 5 || kind === 6
    ? head
    : `${head}Content-Length: ${encoder.encode(body).length}${CRLF}`;
  const text = `${framed}${CRLF}${body}`;
  // Latin-1 encoding keeps the \xff bytes as single bytes (invalid UTF-8 on purpose).
  return kind === 10 || kind === 9
    ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)
    : encoder.encode(text);
}
