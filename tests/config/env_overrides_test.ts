import assert from "node:assert/strict";
import { applyEnvOverrides, effectiveConfig } from "../../src/config/env_overrides.ts";

const CONFIG = {
  seo: { title: "Docs", lang: "en", keywords: ["a", "b"] },
  api: "general",
  env: {
    development: { api: "development" },
    preview: { api: "preview", seo: { keywords: ["p"] } },
    production: { api: "production", seo: { title: "Live" } },
    "branch.feature/x": { api: "branch as written", seo: { lang: "fr" } },
    "branch.feature-y": { api: "branch slug", seo: { lang: "de" } },
  },
};

Deno.test("applyEnvOverrides - general, then branch, then environment", async (t) => {
  const cases: [
    string,
    { environment: "production" | "preview" | "development"; branch?: string },
    unknown,
  ][] = [
    ["production", { environment: "production" }, {
      seo: { title: "Live", lang: "en", keywords: ["a", "b"] },
      api: "production",
    }],
    ["preview replaces lists", { environment: "preview" }, {
      seo: { title: "Docs", lang: "en", keywords: ["p"] },
      api: "preview",
    }],
    ["development on feature/x: the environment wins over the branch", {
      environment: "development",
      branch: "feature/x",
    }, { seo: { title: "Docs", lang: "fr", keywords: ["a", "b"] }, api: "development" }],
    ["production on feature/y (key written with -)", {
      environment: "production",
      branch: "feature/y",
    }, { seo: { title: "Live", lang: "de", keywords: ["a", "b"] }, api: "production" }],
    ["an unmatched branch", { environment: "development", branch: "main" }, {
      seo: { title: "Docs", lang: "en", keywords: ["a", "b"] },
      api: "development",
    }],
  ];
  for (const [name, target, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(applyEnvOverrides(CONFIG, target, "redocly.yaml"), expected);
    });
  }
  await t.step("the input is not changed", () => {
    assert.equal(CONFIG.seo.title, "Docs");
    assert.ok("env" in CONFIG);
  });
  await t.step("no env section, or an empty entry", () => {
    assert.deepEqual(applyEnvOverrides({ a: 1 }, { environment: "production" }, "f"), { a: 1 });
    assert.deepEqual(
      applyEnvOverrides({ a: 1, env: { production: null } }, { environment: "production" }, "f"),
      { a: 1 },
    );
  });
});

Deno.test("applyEnvOverrides - a malformed env section is a TypeError naming the file and key", async (t) => {
  const cases: [string, unknown, string][] = [
    ["not a mapping", ["production"], "'env' must be a mapping"],
    [
      "unknown key",
      { prodution: {} },
      "'env.prodution' is not production, preview, development or branch.<name>",
    ],
    [
      "branch without a name",
      { "branch.": {} },
      "'env.branch.' is not production, preview, development or branch.<name>",
    ],
    ["entry not a mapping", { preview: "x" }, "'env.preview' must be a mapping"],
  ];
  for (const [name, env, detail] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => applyEnvOverrides({ env }, { environment: "production" }, "/p/redocly.yaml"),
        {
          name: "TypeError",
          message: `Cannot read config file '/p/redocly.yaml': ${detail}`,
        },
      );
    });
  }
});

Deno.test("effectiveConfig - placeholders are replaced after the overrides merge", () => {
  const config = {
    url: "{{ process.env.BASE || 'http://localhost' }}/docs",
    env: { production: { url: "{{ process.env.BASE }}/live" } },
  };
  const env = (name: string) => name === "BASE" ? "https://x.example" : undefined;
  assert.deepEqual(effectiveConfig(config, { environment: "production", env }, "f"), {
    url: "https://x.example/live",
  });
  assert.deepEqual(effectiveConfig(config, { environment: "preview", env: () => undefined }, "f"), {
    url: "http://localhost/docs",
  });
});
