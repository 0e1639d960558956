/** Generators of malformed requests for `bad_input_test.ts` (deterministic: seeded PRNG). */

/** A small seeded PRNG (mulberry32). */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
  };
}

export type Random = ReturnType<typeof random>;

export const SEGMENTS = [
  "api",
  "notes",
  "files",
  "echo",
  "me",
  "admin",
  "stats",
  "..",
  ".",
  "%2e%2e",
  "%2E%2e%2F",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%0d%0a",
  "%ZZ",
  "%",
  "%e0%a4%a",
  "%c3%28",
  "\\..\\",
  "a;b",
  "é",
  "%F0%9F%92%A9",
  "💩",
  "[id]",
  "%5B...x%5D",
  "__proto__",
  "constructor",
  "x".repeat(300),
  "",
  "~",
  "%20",
  "+",
  "*",
  "?",
  "#",
];

/** A random path built from odd segments. */
export function oddPath(r: Random): string {
  if (r.int(50) === 0) return "/api/files/" + "a/".repeat(r.int(10_000));
  if (r.int(50) === 0) return "/api/" + "x".repeat(r.int(60_000));
  const count = 1 + r.int(6);
  let path = r.int(4) === 0 ? "" : "/api";
  for (let i = 0; i < count; i++) path += "/" + r.pick(SEGMENTS);
  return path;
}

/** A body for `fetch`: valid, malformed, deeply nested, invalid UTF-8, random bytes. */
export function oddBody(r: Random): BodyInit | undefined {
  if (r.int(500) === 0) return new Uint8Array(6 * 1024 * 1024); // over the 5 MB limit: 413
  switch (r.int(10)) {
    case 0:
      return undefined;
    case 1:
      return JSON.stringify({ title: "t" + r.int(1000), content: "x" });
    case 2:
      return "{" + '"a":'.repeat(r.int(5)) + "[";
    case 3:
      return "[".repeat(1000 + r.int(100_000));
    case 4:
      return new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    case 5:
      return r.bytes(r.int(4096));
    case 6:
      return '{"title": ' + '"'.repeat(r.int(3)) + "}";
    case 7:
      return JSON.stringify({ title: { toString: 1 }, content: ["__proto__"] });
    case 8:
      return '{"__proto__": {"admin": true}, "title": "p"}';
    default:
      return "";
  }
}

const COOKIES = [
  "",
  "sid=s:ada.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  "sid=s:ada.",
  "sid=eve; sid=s:x.y",
  "a=b; ; ;; =; =x; c",
  "__proto__=x; constructor=y",
  'q="unterminated',
  "x=" + "y".repeat(8000),
];

const AUTHORIZATION = [
  "",
  "Bearer",
  "Bearer ",
  "Bearer a.b.c",
  "Bearer eyJhbGciOiJub25lIn0.eyJ0ZWFtcyI6WyJhZG1pbnMiXX0.",
  "Bearer " + "A".repeat(20_000),
  "Basic YWRtaW46YWRtaW4=",
  "bearer ...",
];

/** Random headers for `fetch`. */
export function oddHeaders(r: Random): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookie = r.pick(COOKIES);
  if (cookie) headers.cookie = cookie;
  const authorization = r.pick(AUTHORIZATION);
  if (authorization) headers.authorization = authorization;
  if (r.int(3) === 0) headers["content-type"] = r.pick(["application/json", "text/plain", "x/y"]);
  if (r.int(5) === 0) headers["x-request-id"] = r.pick(["ok-1", "a b", "x".repeat(500)]);
  if (r.int(8) === 0) headers["x-forwarded-proto"] = r.pick(["https", "gopher", ""]);
  return headers;
}
