import assert from "node:assert/strict";
import { parseRouteFile } from "../../src/routing/filename.ts";
import { METHODS } from "../../src/routing/method.ts";
import { formatSegments } from "../../src/routing/segment.ts";

/** `[path, display path, method]` for names that are routes. */
const VALID: [string, string, string | null][] = [
  ["hello.ts", "/hello", null],
  ["notes.get.ts", "/notes", "GET"],
  ["notes.post.ts", "/notes", "POST"],
  ["notes/[id].put.ts", "/notes/[id]", "PUT"],
  ["notes/[id].patch.ts", "/notes/[id]", "PATCH"],
  ["notes/[id].delete.ts", "/notes/[id]", "DELETE"],
  ["notes/[id].head.ts", "/notes/[id]", "HEAD"],
  ["notes/[id].options.ts", "/notes/[id]", "OPTIONS"],
  ["hello.js", "/hello", null],
  ["hello.mts", "/hello", null],
  ["hello.mjs", "/hello", null],
  ["hello.tsx", "/hello", null],
  ["hello.jsx", "/hello", null],
  ["hello.get.mjs", "/hello", "GET"],
  ["index.ts", "/", null],
  ["index.get.ts", "/", "GET"],
  ["notes/index.get.ts", "/notes", "GET"],
  ["index/page.ts", "/index/page", null],
  ["[orgId]/members.get.ts", "/[orgId]/members", "GET"],
  ["users/by-email/[email].get.ts", "/users/by-email/[email]", "GET"],
  ["a/[b]/c/[d].ts", "/a/[b]/c/[d]", null],
  ["test/[...other].post.ts", "/test/[...other]", "POST"],
  ["docs/[[...slug]].ts", "/docs/[[...slug]]", null],
  ["[[...slug]]/index.ts", "/[[...slug]]", null],
  ["[...path]/index.get.ts", "/[...path]", "GET"],
  ["feed.xml.get.ts", "/feed.xml", "GET"],
  ["hello.v2.ts", "/hello.v2", null],
  ["hello.GET.ts", "/hello.GET", null],
  ["get.ts", "/get", null],
  ["get.get.ts", "/get", "GET"],
  ["test.ts", "/test", null],
  ["d.ts", "/d", null],
  ["v1.get/notes.ts", "/v1.get/notes", null],
  ["hello world.ts", "/hello world", null],
  ["[kebab-case].ts", "/[kebab-case]", null],
  ["[$dollar_1].ts", "/[$dollar_1]", null],
];

const IGNORED = [
  "README.md",
  "data.json",
  "hello",
  "hello.TS",
  "hello.cts",
  "types.d.ts",
  "types.d.mts",
  "notes_test.ts",
  "notes.test.ts",
  "notes.test.js",
  "notes_test.tsx",
  "_util.ts",
  "_util.get.ts",
  ".hidden.ts",
  "_lib/helper.ts",
  ".git/hooks.ts",
  "notes/_shared/db.ts",
  "notes/.cache/x.get.ts",
  "_[id].ts",
];

/** `[path, reason]` for names that cannot be parsed. */
const INVALID: [string, string][] = [
  ["[a][b].ts", "two parameters in one segment"],
  ["x/[a][...b]/y.ts", "two parameters in one segment"],
  ["[].ts", "empty parameter name in '[]'"],
  ["[...].ts", "empty parameter name in '[...]'"],
  ["[[...]].ts", "empty parameter name in '[[...]]'"],
  ["[[]].ts", "empty parameter name in '[[]]'"],
  [
    "foo-[id].ts",
    "static text beside a parameter in 'foo-[id]': a parameter must be the whole segment",
  ],
  [
    "[id]-foo/x.ts",
    "static text beside a parameter in '[id]-foo': a parameter must be the whole segment",
  ],
  ["[filename].txt.ts", "static text beside a parameter in '[filename].txt'"],
  ["[[id]].ts", "optional parameter '[[id]]' is not supported: only a catch-all can be optional"],
  ["[...rest]/x.ts", "catch-all '[...rest]' must be the last segment"],
  ["[[...rest]]/x.get.ts", "catch-all '[[...rest]]' must be the last segment"],
  ["[id]/[id].ts", "parameter name 'id' is used twice"],
  ["[id]/x/[...id].ts", "parameter name 'id' is used twice"],
  ["[a.b].ts", "invalid parameter name 'a.b' in '[a.b]'"],
  ["[1st].ts", "invalid parameter name '1st' in '[1st]'"],
  ["[a b].ts", "invalid parameter name 'a b' in '[a b]'"],
  ["[__proto__].ts", "parameter name '__proto__' is reserved"],
  ["[id.ts", "unbalanced brackets in '[id'"],
  ["id].ts", "unbalanced brackets in 'id]'"],
  ["[[...rest].ts", "unbalanced brackets in '[[...rest]'"],
  ["[x/y.ts", "unbalanced brackets in '[x'"],
];

Deno.test("parseRouteFile - parses valid names", async (t) => {
  for (const [path, display, method] of VALID) {
    await t.step(path, () => {
      const parsed = parseRouteFile(path);
      assert.notEqual(parsed, null);
      assert.equal(formatSegments(parsed!.segments), display);
      assert.equal(parsed!.method, method);
    });
  }
});

Deno.test("parseRouteFile - reads every method suffix in lower case only", async (t) => {
  for (const method of METHODS) {
    await t.step(method, () => {
      assert.equal(parseRouteFile(`x.${method.toLowerCase()}.ts`)?.method, method);
      assert.deepEqual(parseRouteFile(`x.${method}.ts`), {
        segments: [{ type: "static", value: `x.${method}` }],
        method: null,
      });
    });
  }
});

Deno.test("parseRouteFile - returns segment objects by kind", () => {
  assert.deepEqual(parseRouteFile("a/[b]/[...c].ts")?.segments, [
    { type: "static", value: "a" },
    { type: "param", name: "b" },
    { type: "rest", name: "c" },
  ]);
  assert.deepEqual(parseRouteFile("[[...all]].get.ts"), {
    segments: [{ type: "optional-rest", name: "all" }],
    method: "GET",
  });
});

Deno.test("parseRouteFile - ignores files that are not routes", async (t) => {
  for (const path of IGNORED) {
    await t.step(path, () => assert.equal(parseRouteFile(path), null));
  }
});

Deno.test("parseRouteFile - rejects invalid names with the path and the reason", async (t) => {
  for (const [path, reason] of INVALID) {
    await t.step(path, () => {
      assert.throws(
        () => parseRouteFile(path),
        (error: unknown) => {
          assert.ok(error instanceof SyntaxError);
          assert.ok(
            error.message.startsWith(`Cannot parse route file '${path}': ${reason}`),
            error.message,
          );
          return true;
        },
      );
    });
  }
});

Deno.test("parseRouteFile - names the display path in errors", () => {
  assert.throws(
    () => parseRouteFile("[a][b].ts", { displayPath: "@api/[a][b].ts" }),
    {
      name: "SyntaxError",
      message: "Cannot parse route file '@api/[a][b].ts': two parameters in one segment",
    },
  );
});

Deno.test("parseRouteFile - rejects paths with empty components", async (t) => {
  for (const path of ["", "/hello.ts", "a//b.ts", "a/"]) {
    await t.step(JSON.stringify(path), () => assert.throws(() => parseRouteFile(path), TypeError));
  }
});

Deno.test("parseRouteFile - refuses a backslash or a control character in a name", async (t) => {
  const cases: [string, string][] = [
    ["b\\c.get.ts", "Cannot parse route file 'b\\c.get.ts': a backslash in the name 'b\\c.get.ts'"],
    ["b\\c/d.ts", "Cannot parse route file 'b\\c/d.ts': a backslash in the name 'b\\c'"],
    [
      "a\u0007.get.ts",
      "Cannot parse route file 'a\\u0007.get.ts': a control character (U+0007) in the name " +
      "'a\\u0007.get.ts'",
    ],
    [
      "x\ty/a.ts",
      "Cannot parse route file 'x\\u0009y/a.ts': a control character (U+0009) in the name " +
      "'x\\u0009y'",
    ],
    ["n\0.ts", "Cannot parse route file 'n\\u0000.ts': a control character (U+0000)"],
    ["d\u007f.ts", "Cannot parse route file 'd\\u007F.ts': a control character (U+007F)"],
    ["e\u001f.ts", "Cannot parse route file 'e\\u001F.ts': a control character (U+001F)"],
  ];
  for (const [path, message] of cases) {
    await t.step(JSON.stringify(path), () => {
      assert.throws(() => parseRouteFile(path), (error: unknown) => {
        assert.ok(error instanceof SyntaxError);
        assert.ok(error.message.startsWith(message), error.message);
        return true;
      });
    });
  }
  await t.step("names that are not routes are left alone", () => {
    for (const path of ["Icon\r", "_b\\c.ts", ".x\u0001/a.ts", "a\\b.md"]) {
      assert.equal(parseRouteFile(path), null);
    }
  });
  await t.step("unicode and URL-special characters are fine", () => {
    for (const path of ["a b.ts", "100%.ts", "c#.ts", "q?.ts", "héllo/日本.ts", "\u00a0.ts"]) {
      assert.notEqual(parseRouteFile(path), null);
    }
  });
});
