import assert from "node:assert/strict";
import { compareSpecificity, compileAccessPattern } from "../../src/auth/access_pattern.ts";

const split = (path: string) => path.replace(/^\//, "").split("/").filter((s) => s !== "");

Deno.test("compileAccessPattern - matches files and URLs with * and **", async (t) => {
  const cases: [string, string, boolean][] = [
    ["@api/hello.ts", "@api/hello.ts", true],
    ["@api/hello.ts", "@api/hello.get.ts", false],
    ["@api/notes/[id].get.ts", "@api/notes/[id].get.ts", true],
    ["@api/notes/[id].get.ts", "@api/notes/x.get.ts", false],
    ["@api/admin/**", "@api/admin/users.get.ts", true],
    ["@api/admin/**", "@api/admin/a/b/c.ts", true],
    ["@api/admin/**", "@api/administrators.ts", false],
    ["@api/admin/**", "@api/admin", true],
    ["@api/*.ts", "@api/hello.ts", true],
    ["@api/*.ts", "@api/a/hello.ts", false],
    ["@api/*.get.ts", "@api/notes.get.ts", true],
    ["@api/*.get.ts", "@api/notes.post.ts", false],
    ["**", "@api/x.ts", true],
    ["**/secret.ts", "@api/a/b/secret.ts", true],
    ["@api/**/secret.ts", "@api/secret.ts", true],
    ["@api/**/x/**/y.ts", "@api/a/x/b/x/c/y.ts", true],
    ["@api/**/x/**/y.ts", "@api/a/x/b/c/z.ts", false],
    ["./@api/hello.ts", "@api/hello.ts", true],
    ["/api/reports/*", "/api/reports/q1", true],
    ["/api/reports/*", "/api/reports", false],
    ["/api/reports/*", "/api/reports/q1/x", false],
    ["/api/reports/**", "/api/reports/q1/x", true],
    ["/api/communities/1", "/api/communities/1", true],
    ["/api/communities/1", "/api/communities/10", false],
    ["/api/communities/1/", "/api/communities/1", true],
    ["/api/v*/users", "/api/v2/users", true],
    ["/api/a*b*c", "/api/aXbYc", true],
    ["/api/a*b*c", "/api/aXbYd", false],
    ["/**", "/anything/at/all", true],
    ["/", "/", true],
  ];
  for (const [key, path, expected] of cases) {
    await t.step(`${key} ${expected ? "matches" : "does not match"} ${path}`, () => {
      assert.equal(compileAccessPattern(key).test(split(path)), expected);
    });
  }
});

Deno.test("compileAccessPattern - a segment decoded from %2F is still one segment", () => {
  const pattern = compileAccessPattern("/api/files/*");
  assert.equal(pattern.test(["api", "files", "a/b"]), true);
  assert.equal(compileAccessPattern("/api/files/a/b").test(["api", "files", "a/b"]), false);
});

Deno.test("compileAccessPattern - stays fast on long paths and many wildcards", () => {
  const segments = Array.from({ length: 10_000 }, () => "a");
  const pattern = compileAccessPattern("/**/a/**/a/**/a/**/b");
  assert.equal(pattern.test(segments), false);
  const long = "a".repeat(65_536);
  assert.equal(compileAccessPattern("/*a*a*a*a*b").test([long]), false);
});

Deno.test("compileAccessPattern - rejects malformed keys", async (t) => {
  for (const key of ["", "  ", "@api//x.ts", "@api/a**/x", "/api/**x"]) {
    await t.step(JSON.stringify(key), () => {
      assert.throws(() => compileAccessPattern(key), TypeError);
    });
  }
});

Deno.test("compareSpecificity - exact URL > exact file > longer literal prefix > fewer ** > fewer * > URL", () => {
  const keys = [
    "**",
    "/api/**",
    "@api/**",
    "@api/reports/**",
    "/api/reports/*",
    "@api/reports/*.ts",
    "@api/reports/[id].get.ts",
    "/api/reports/1",
    "/api/reports/*/*",
  ];
  const sorted = keys.map(compileAccessPattern).sort(compareSpecificity).map((p) => p.key);
  assert.deepEqual(sorted, [
    "/api/reports/1", // exact URL
    "@api/reports/[id].get.ts", // exact file
    "/api/reports/*", // literal prefix 13, no **, one *, a URL
    "@api/reports/*.ts", // literal prefix 13, no **, one *, a file
    "/api/reports/*/*", // literal prefix 13, no **, two *
    "@api/reports/**", // literal prefix 13, one **
    "/api/**", // literal prefix 5
    "@api/**",
    "**",
  ]);
});
