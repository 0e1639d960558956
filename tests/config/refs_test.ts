import assert from "node:assert/strict";
import { dirname } from "node:path";
import { resolveRefs } from "../../src/config/refs.ts";

async function withFiles(
  files: Record<string, string>,
  check: (root: string) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "apifn_refs_" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(dirname(`${root}/${name}`), { recursive: true });
      await Deno.writeTextFile(`${root}/${name}`, text);
    }
    await check(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("resolveRefs - replaces $refs anywhere, relative to the file holding them", async (t) => {
  const files = {
    "config/seo.yaml": "title: Docs\nlinks:\n  $ref: ./links/main.json\n",
    "config/links/main.json": '[{ "href": "/a" }, { "href": "/b~c/d" }]',
    "shared.yaml": "a:\n  b: { deep: true }\n  'x/y': slash\nlist: [zero, one]\n",
    "empty.yaml": "",
  };
  const cases: [string, unknown, unknown][] = [
    [
      "a YAML file, with a nested JSON $ref relative to it",
      { seo: { $ref: "./config/seo.yaml" } },
      {
        seo: { title: "Docs", links: [{ href: "/a" }, { href: "/b~c/d" }] },
      },
    ],
    ["inside a list", { items: [1, { $ref: "shared.yaml#/list/1" }] }, { items: [1, "one"] }],
    ["a JSON pointer", { v: { $ref: "shared.yaml#/a/b" } }, { v: { deep: true } }],
    ["an escaped pointer", { v: { $ref: "shared.yaml#/a/x~1y" } }, { v: "slash" }],
    ["a percent-encoded pointer", { v: { $ref: "shared.yaml#/a/x%7E1y" } }, { v: "slash" }],
    ["within the same file", { defaults: { n: 1 }, v: { $ref: "#/defaults" } }, {
      defaults: { n: 1 },
      v: { n: 1 },
    }],
    ["an empty file is null", { v: { $ref: "empty.yaml" } }, { v: null }],
    ["keys next to $ref merge over the mapping", { v: { $ref: "shared.yaml#/a/b", more: 1 } }, {
      v: { deep: true, more: 1 },
    }],
    [
      "the same file twice",
      { a: { $ref: "shared.yaml#/list" }, b: { $ref: "shared.yaml#/list" } },
      {
        a: ["zero", "one"],
        b: ["zero", "one"],
      },
    ],
    ["a $ref that is not a string is data", { v: { $ref: 1 } }, { v: { $ref: 1 } }],
  ];
  await withFiles(files, async (root) => {
    for (const [name, input, expected] of cases) {
      await t.step(name, async () => {
        assert.deepEqual(await resolveRefs(input, `${root}/redocly.yaml`), expected);
      });
    }
    await t.step("each file read is reported once", async () => {
      const read: string[] = [];
      await resolveRefs(
        { a: { $ref: "config/seo.yaml" }, b: { $ref: "config/seo.yaml#/title" } },
        `${root}/redocly.yaml`,
        { files: read },
      );
      assert.deepEqual(read, [`${root}/config/seo.yaml`, `${root}/config/links/main.json`]);
    });
  });
});

Deno.test("resolveRefs - a missing file, a missing target, a cycle: errors name the file and path", async (t) => {
  const files = {
    "a.yaml": "next:\n  $ref: ./b.yaml\n",
    "b.yaml": "back:\n  - $ref: ./a.yaml\n",
    "bad.yaml": "x: [\n",
    "list.yaml": "[1, 2]\n",
    "self.yaml": "loop:\n  inner:\n    $ref: '#/loop'\n",
  };
  await withFiles(files, async (root) => {
    const cases: [string, unknown][] = [
      ["missing file", { env: { production: { $ref: "./env/production.yaml" } } }],
      ["missing pointer target", { v: { $ref: "a.yaml#/nope" } }],
      ["cycle across files", { start: { $ref: "a.yaml" } }],
      ["cycle within a file", { v: { $ref: "self.yaml" } }],
      ["a remote URL", { v: { $ref: "https://example.com/x.yaml" } }],
      ["siblings of a list", { v: { $ref: "list.yaml", more: 1 } }],
    ];
    const messages: Record<string, string> = {
      "missing file":
        `Cannot resolve $ref './env/production.yaml' at 'env.production' in config file '${root}/redocly.yaml': file '${root}/env/production.yaml' not found`,
      "missing pointer target":
        `Cannot resolve $ref 'a.yaml#/nope' at 'v' in config file '${root}/redocly.yaml': '#/nope' not found in '${root}/a.yaml'`,
      "cycle across files":
        `Cannot resolve $ref './a.yaml' at 'back[0]' in config file '${root}/b.yaml': cycle ${root}/a.yaml -> ${root}/b.yaml -> ${root}/a.yaml`,
      "cycle within a file":
        `Cannot resolve $ref '#/loop' at 'loop.inner' in config file '${root}/self.yaml': cycle ${root}/self.yaml#/loop -> ${root}/self.yaml#/loop`,
      "a remote URL":
        `Cannot resolve $ref 'https://example.com/x.yaml' at 'v' in config file '${root}/redocly.yaml': only local files can be referenced`,
      "siblings of a list":
        `Cannot resolve $ref 'list.yaml' at 'v' in config file '${root}/redocly.yaml': keys next to it need the target to be a mapping`,
    };
    for (const [name, input] of cases) {
      await t.step(name, async () => {
        await assert.rejects(resolveRefs(input, `${root}/redocly.yaml`), {
          message: messages[name],
        });
      });
    }
    await t.step("an unparsable target names its file and line", async () => {
      await assert.rejects(resolveRefs({ v: { $ref: "bad.yaml" } }, `${root}/redocly.yaml`), {
        name: "SyntaxError",
        message: new RegExp(`^Cannot parse config file '${root}/bad\\.yaml' at line \\d: `),
      });
    });
  });
});
