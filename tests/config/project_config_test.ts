import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { loadProjectConfig } from "../../src/config/project_config.ts";

async function project(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_config_" });
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(join(root, name), text);
  }
  return root;
}

async function withProject(
  files: Record<string, string>,
  check: (root: string) => Promise<void>,
): Promise<void> {
  const root = await project(files);
  try {
    await check(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("loadProjectConfig - reads redocly.yaml and deno.json", async (t) => {
  const cases: {
    name: string;
    files: Record<string, string>;
    config: Record<string, unknown>;
    folders: string[];
    read: string[];
  }[] = [
    { name: "no config files", files: {}, config: {}, folders: [], read: [] },
    {
      name: "redocly.yaml with folders",
      files: {
        "redocly.yaml": "seo:\n  siteUrl: https://x.example\napiFunctions:\n  folders:\n" +
          "    - /@api\n    - /blog\n",
      },
      config: {
        seo: { siteUrl: "https://x.example" },
        apiFunctions: { folders: ["/@api", "/blog"] },
      },
      folders: ["/@api", "/blog"],
      read: ["redocly.yaml"],
    },
    {
      name: "redocly.yml fallback",
      files: { "redocly.yml": "apiFunctions:\n  folders: [/x]\n" },
      config: { apiFunctions: { folders: ["/x"] } },
      folders: ["/x"],
      read: ["redocly.yml"],
    },
    {
      name: "redocly.yaml preferred over redocly.yml",
      files: { "redocly.yaml": "a: 1\n", "redocly.yml": "b: 2\n" },
      config: { a: 1 },
      folders: [],
      read: ["redocly.yaml"],
    },
    {
      name: "empty yaml",
      files: { "redocly.yaml": "# nothing yet\n" },
      config: {},
      folders: [],
      read: ["redocly.yaml"],
    },
    {
      name: "yaml without apiFunctions",
      files: { "redocly.yaml": "theme:\n  navbar: {}\n" },
      config: { theme: { navbar: {} } },
      folders: [],
      read: ["redocly.yaml"],
    },
    {
      name: "deno.json apifn folders after yaml, deduplicated",
      files: {
        "redocly.yaml": "apiFunctions:\n  folders: [/a, /b, /a]\n",
        "deno.json": '{ "imports": {}, "apifn": { "folders": ["/b", "/c"] } }',
      },
      config: { apiFunctions: { folders: ["/a", "/b", "/a"] } },
      folders: ["/a", "/b", "/c"],
      read: ["redocly.yaml", "deno.json"],
    },
    {
      name: "deno.json without apifn",
      files: { "deno.json": '{ "tasks": {} }' },
      config: {},
      folders: [],
      read: ["deno.json"],
    },
    {
      name: "deno.jsonc with comments and trailing commas",
      files: {
        "deno.jsonc": [
          "// project settings",
          "{",
          '  "apifn": {',
          "    /* extra folders */",
          '    "folders": ["/x", "/y",], // trailing comma',
          '    "note": "// not a comment, /* nor this */",',
          "  },",
          "}",
        ].join("\n"),
      },
      config: {},
      folders: ["/x", "/y"],
      read: ["deno.jsonc"],
    },
    {
      name: "deno.json preferred over deno.jsonc",
      files: {
        "deno.json": '{ "apifn": { "folders": ["/json"] } }',
        "deno.jsonc": '{ "apifn": { "folders": ["/jsonc"] } }',
      },
      config: {},
      folders: ["/json"],
      read: ["deno.json"],
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      await withProject(c.files, async (root) => {
        const result = await loadProjectConfig(root);
        assert.deepEqual(result.config, c.config);
        assert.deepEqual(result.folders, c.folders);
        assert.deepEqual(result.files, c.read.map((name) => join(root, name)));
      });
    });
  }
});

Deno.test("loadProjectConfig - resolves a relative root to absolute file paths", async () => {
  await withProject({ "redocly.yaml": "a: 1\n" }, async (root) => {
    const result = await loadProjectConfig(relative(Deno.cwd(), root));
    assert.deepEqual(result.files, [join(root, "redocly.yaml")]);
  });
});

Deno.test("loadProjectConfig - reports unparsable files with file and line", async (t) => {
  const cases: [string, string, string, RegExp][] = [
    [
      "yaml unclosed flow sequence",
      "redocly.yaml",
      "a: 1\nb: 2\nc: [\n",
      /^ at line 4: Flow sequence in block collection must be sufficiently indented/,
    ],
    [
      "yaml duplicate key",
      "redocly.yaml",
      "a: 1\nb: 2\na: 3\n",
      /^ at line 3: Map keys must be unique$/,
    ],
    ["yaml tab indentation", "redocly.yaml", "a:\n\t- b\n", /^ at line 2: Tabs are not allowed/],
    [
      "yaml unresolved alias",
      "redocly.yaml",
      "x: *nope\n",
      /^: Unresolved alias \(the anchor must be set before the alias\): nope$/,
    ],
    [
      "json missing comma",
      "deno.json",
      '{\n  "apifn": {\n    "folders": ["a"]\n  }\n  "x": 1\n}',
      /^ at line 5: expected ',' or '}' after a property value$/,
    ],
    [
      "jsonc line counts through comments",
      "deno.jsonc",
      '{\n  /* a\n  b */\n  // c\n  "a": 1,\n  "b": nope\n}',
      /^ at line 6: unexpected character 'n'$/,
    ],
    ["json cut short", "deno.json", '{\n  "a": [1,\n', /^ at line 3: unexpected end of input$/],
    [
      "jsonc trailing comma in a string stays",
      "deno.jsonc",
      '{\n  "a": ",}",\n  "b": 1 2\n}',
      /^ at line 3: expected ',' or '}' after a property value$/,
    ],
  ];
  for (const [name, file, text, reason] of cases) {
    await t.step(name, async () => {
      await withProject({ [file]: text }, async (root) => {
        const path = join(root, file);
        await assert.rejects(loadProjectConfig(root), (error: unknown) => {
          assert.ok(error instanceof SyntaxError);
          const prefix = `Cannot parse config file '${path}'`;
          assert.ok(error.message.startsWith(prefix), error.message);
          assert.match(error.message.slice(prefix.length), reason);
          return true;
        });
      });
    });
  }
});

Deno.test("loadProjectConfig - rejects folders that are not arrays of strings", async (t) => {
  const cases: [string, string, string, string][] = [
    [
      "yaml folders string",
      "redocly.yaml",
      "apiFunctions:\n  folders: /x\n",
      "'apiFunctions.folders' must be an array of strings",
    ],
    [
      "yaml folders numbers",
      "redocly.yaml",
      "apiFunctions:\n  folders: [1, 2]\n",
      "'apiFunctions.folders' must be an array of strings",
    ],
    [
      "yaml apiFunctions list",
      "redocly.yaml",
      "apiFunctions:\n  - /x\n",
      "'apiFunctions' must be an object",
    ],
    [
      "json folders object",
      "deno.json",
      '{ "apifn": { "folders": { "a": 1 } } }',
      "'apifn.folders' must be an array of strings",
    ],
    [
      "json folders mixed",
      "deno.json",
      '{ "apifn": { "folders": ["/a", null] } }',
      "'apifn.folders' must be an array of strings",
    ],
    ["json apifn string", "deno.json", '{ "apifn": "/x" }', "'apifn' must be an object"],
    ["yaml top-level list", "redocly.yaml", "- a\n- b\n", "expected a mapping at the top level"],
  ];
  for (const [name, file, text, detail] of cases) {
    await t.step(name, async () => {
      await withProject({ [file]: text }, async (root) => {
        await assert.rejects(loadProjectConfig(root), {
          name: "TypeError",
          message: `Cannot read config file '${join(root, file)}': ${detail}`,
        });
      });
    });
  }
});

Deno.test("loadProjectConfig - $refs, env overrides and placeholders, in that order", async (t) => {
  const files = {
    "redocly.yaml": [
      "seo:",
      "  $ref: ./seo.yaml",
      "apiFunctions:",
      "  folders: [/blog]",
      "env:",
      "  production:",
      "    $ref: ./env-production.yaml",
      "  branch.feature-rss:",
      "    apiFunctions: { folders: [/rss] }",
      "",
    ].join("\n"),
    "seo.yaml": "title: '{{ process.env.APIFN_T_TITLE || \"Docs\" }}'\n",
    "env-production.yaml": "seo: { title: 'Live {{ process.env.APIFN_T_TITLE }}' }\n",
  };
  const env = (name: string) => name === "APIFN_T_TITLE" ? "Notes" : undefined;
  await withProject(files, async (root) => {
    await t.step("production, no branch", async () => {
      const loaded = await loadProjectConfig(root, { environment: "production", env });
      assert.deepEqual(loaded.config, {
        seo: { title: "Live Notes" },
        apiFunctions: { folders: ["/blog"] },
      });
      assert.deepEqual(loaded.folders, ["/blog"]);
      assert.deepEqual(loaded.files.map((file) => relative(root, file)), [
        "redocly.yaml",
        "seo.yaml",
        "env-production.yaml",
      ]);
    });
    await t.step("development on feature/rss", async () => {
      const loaded = await loadProjectConfig(root, {
        environment: "development",
        branch: "feature/rss",
        env: () => undefined,
      });
      assert.deepEqual(loaded.config, {
        seo: { title: "Docs" },
        apiFunctions: { folders: ["/rss"] },
      });
      assert.deepEqual(loaded.folders, ["/rss"]);
    });
    await t.step("rawConfig keeps env: and placeholders for manifests", async () => {
      const { rawConfig } = await loadProjectConfig(root, { env });
      assert.deepEqual(rawConfig?.seo, { title: '{{ process.env.APIFN_T_TITLE || "Docs" }}' });
      assert.deepEqual(Object.keys(rawConfig?.env as object), ["production", "branch.feature-rss"]);
    });
  });
});
