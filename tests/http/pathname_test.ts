import assert from "node:assert/strict";
import { fastPathname } from "../../src/http/pathname.ts";
import { seededRandom } from "../kv/_random.ts";

Deno.test("fastPathname - plain paths read directly, others left to the URL parser", async (t) => {
  const cases: [string, string, string | undefined][] = [
    ["root", "http://localhost:8000/", "/"],
    ["path and query", "http://127.0.0.1:8000/api/notes?limit=5&x=/..", "/api/notes"],
    ["fragment", "https://example.com/api/a#b", "/api/a"],
    ["IPv6 host", "http://[::1]:8000/api/x", "/api/x"],
    ["sub-delims and @", "http://h/api/a:b@c!$&'()*+,;=~_-", "/api/a:b@c!$&'()*+,;=~_-"],
    ["trailing and double slashes", "http://h/api//a/", "/api//a/"],
    ["dot segment", "http://h/api/../a", undefined],
    ["dot in a name", "http://h/api/a.json", undefined],
    ["percent-escape", "http://h/api/a%20b", undefined],
    ["backslash", "http://h/api\\a", undefined],
    ["space", "http://h/api/a b", undefined],
    ["non-ASCII", "http://h/api/é", undefined],
    ["credentials", "http://user@h/api", undefined],
    ["no path", "http://h", undefined],
    ["empty host", "http:///api", undefined],
    ["another scheme", "file:///api", undefined],
    ["port out of range", "http://h:99999/api", undefined],
    ["unclosed IPv6", "http://[::1/api", undefined],
    ["two colons", "http://a:b:c/api", undefined],
    ["bad IPv4", "http://1.2.3.999/api", undefined],
    ["bad punycode", "http://xn--a/api", undefined],
    ["letters in the port", "http://h:8a/api", undefined],
  ];
  for (const [name, url, expected] of cases) {
    await t.step(name, () => {
      assert.equal(fastPathname(url), expected);
      if (expected !== undefined) assert.equal(expected, new URL(url).pathname);
    });
  }
});

Deno.test("fastPathname - agrees with new URL().pathname on 20,000 random URLs", () => {
  const random = seededRandom(2026);
  const pieces = [
    "a",
    "Z",
    "0",
    "/",
    "//",
    ".",
    "..",
    "%2e",
    "%2F",
    "%",
    "\\",
    "?",
    "#",
    "-",
    "_",
    "~",
    ":",
    "@",
    "!",
    "$",
    "&",
    "'",
    "(",
    ")",
    "*",
    "+",
    ",",
    ";",
    "=",
    " ",
    "\t",
    "é",
    "😀",
    "[",
    "]",
    "|",
    "^",
    "`",
    "{",
    "}",
    "<",
    ">",
    '"',
    "\0",
  ];
  const hosts = [
    "localhost",
    "127.0.0.1:8000",
    "[::1]:80",
    "Example.COM",
    "h:443",
    "u@h",
    "h\\x",
    // Hosts the URL parser rejects (Deno.serve passes such Host headers through to request.url).
    "h:99999",
    "[::1",
    "a:b:c",
    "1.2.3.999",
    "xn--a",
    "h:8a",
  ];
  let fast = 0;
  for (let i = 0; i < 20_000; i++) {
    let path = "/";
    const length = Math.floor(random() * 12);
    for (let j = 0; j < length; j++) path += pieces[Math.floor(random() * pieces.length)];
    const scheme = random() < 0.5 ? "http://" : "https://";
    const url = scheme + hosts[Math.floor(random() * hosts.length)] + path;
    let parsed: string | undefined;
    try {
      parsed = new URL(url).pathname;
    } catch {
      parsed = undefined;
    }
    const got = fastPathname(url);
    if (got === undefined) continue;
    fast++;
    // Never a pathname for a URL the parser rejects, and always the parser's pathname.
    assert.equal(got, parsed, `pathname of ${JSON.stringify(url)}`);
  }
  assert.ok(fast > 1000, `the fast path was taken ${fast} times`);
});
