/**
 * Issue 17, why 1–4: a Redocly project's environments, run as written. Each test is shaped
 * like the example that failed: `.env.production` under `REDOCLY_ENV=production`,
 * `{{ process.env.X }}`, `env:` overrides and `$ref` in `redocly.yaml`.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { createApp } from "../../src/app.ts";
import { MANIFEST_VERSION } from "../../src/app/manifest.ts";
import { run, spawnServer } from "../cli/_cli.ts";

const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;

// A function as Redocly's docs write it: configuration from process.env and context.config.
const SETTINGS = `export default function (request, context) {
  return context.json({
    apiKey: process.env.API_KEY ?? null,
    feature: process.env.FEATURE_FLAG ?? null,
    config: context.config.customSettings ?? null,
  });
}
`;

async function project(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_redocly_" });
  for (const [name, text] of Object.entries({ "@api/settings.get.ts": SETTINGS, ...files })) {
    await Deno.mkdir(dirname(`${root}/${name}`), { recursive: true });
    await Deno.writeTextFile(`${root}/${name}`, text);
  }
  return root;
}

async function settings(root: string): Promise<Record<string, unknown>> {
  const app = await createApp({ root, kv: ":memory:", loadEnv: false });
  try {
    return await (await app.fetch(new Request("http://localhost/api/settings"))).json();
  } finally {
    await app.close();
  }
}

Deno.test("REDOCLY_ENV=production - apifn start loads .env, .env.branch.<name>, .env.production", async (t) => {
  const root = await project({
    ".env": "API_KEY=general\nFEATURE_FLAG=off\n",
    ".env.branch.feature-rss": "FEATURE_FLAG=on\nAPI_KEY=branch\n",
    ".env.production": "API_KEY=production-key\n",
    ".env.development": "API_KEY=development-key\n",
  });
  const command = [Deno.execPath(), "run", "-A", "--unstable-kv", CLI, "start", "--port", "0"];
  const serve = async (env: Record<string, string>) => {
    const server = await spawnServer([...command, "--hostname", "127.0.0.1", "--root", root], {
      env,
    });
    try {
      return await (await fetch(`${server.url}/api/settings`)).json();
    } finally {
      await server.stop();
    }
  };
  try {
    await t.step(
      "the environment file wins over the branch file, which wins over .env",
      async () => {
        const env = { REDOCLY_ENV: "production", PUBLIC_REDOCLY_BRANCH_NAME: "feature/rss" };
        assert.deepEqual(await serve(env), {
          apiKey: "production-key",
          feature: "on",
          config: null,
        });
      },
    );
    await t.step("a real variable wins over every file", async () => {
      const env = { REDOCLY_ENV: "production", API_KEY: "real", FEATURE_FLAG: "real" };
      assert.deepEqual(await serve(env), { apiKey: "real", feature: "real", config: null });
    });
    await t.step("an invalid REDOCLY_ENV stops startup, naming it", async () => {
      const result = await run(["start", "--root", root, "--port", "0"], {
        env: { REDOCLY_ENV: "staging" },
      });
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /Cannot use REDOCLY_ENV 'staging': expected 'production', 'preview' or 'development'/,
      );
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("{{ process.env.X }} - replaced in redocly.yaml strings, defaults included", async () => {
  const root = await project({
    "redocly.yaml": [
      "customSettings:",
      "  apiUrl: '{{ process.env.APIFN_WHY2_API_URL }}'",
      "  fallback: '{{ process.env.APIFN_WHY2_UNSET || \"https://default.example\" }}'",
      "  piped: \"{{ process.env.APIFN_WHY2_UNSET | 'piped' }}\"",
      "  unset: '{{ process.env.APIFN_WHY2_UNSET }}'",
      "",
    ].join("\n"),
  });
  Deno.env.set("APIFN_WHY2_API_URL", "https://api.example.com");
  try {
    assert.deepEqual((await settings(root)).config, {
      apiUrl: "https://api.example.com",
      fallback: "https://default.example",
      piped: "piped",
      unset: "",
    });
  } finally {
    Deno.env.delete("APIFN_WHY2_API_URL");
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("env: in redocly.yaml - the environment's overrides merge over the general config", async () => {
  const root = await project({
    "redocly.yaml": [
      "customSettings:",
      "  title: Notes",
      "  analytics: false",
      "env:",
      "  production:",
      "    customSettings:",
      "      analytics: true",
      "  development:",
      "    customSettings:",
      "      title: Notes (dev)",
      "",
    ].join("\n"),
  });
  try {
    // No REDOCLY_ENV and not dev: production.
    assert.deepEqual((await settings(root)).config, { title: "Notes", analytics: true });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("$ref in redocly.yaml - resolved relative to the file", async () => {
  const root = await project({
    "redocly.yaml": "customSettings:\n  $ref: ./config/settings.yaml\n",
    "config/settings.yaml": "title: Notes\nfeeds:\n  $ref: ./feeds.json#/list\n",
    "config/feeds.json": '{ "list": ["rss", "atom"] }',
  });
  try {
    assert.deepEqual((await settings(root)).config, { title: "Notes", feeds: ["rss", "atom"] });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("manifest - env: overrides and placeholders apply where the manifest runs", async () => {
  const config = {
    customSettings: { url: "{{ process.env.APIFN_MANIFEST_URL || 'http://localhost' }}" },
    env: { preview: { customSettings: { preview: true } } },
  };
  const module = {
    default: (_r: Request, c: { json(v: object): Response; config: Record<string, unknown> }) =>
      c.json(c.config),
  };
  const manifest = {
    version: MANIFEST_VERSION,
    folders: [],
    config,
    functions: [{ file: "@api/config.get.ts", module }],
  };
  Deno.env.set("APIFN_MANIFEST_URL", "https://docs.example");
  Deno.env.set("REDOCLY_ENV", "preview");
  try {
    const app = await createApp({ root: "/deployed", manifest, kv: ":memory:", loadEnv: false });
    const response = await app.fetch(new Request("http://localhost/api/config"));
    assert.deepEqual(await response.json(), {
      customSettings: { url: "https://docs.example", preview: true },
    });
    await app.close();
  } finally {
    Deno.env.delete("APIFN_MANIFEST_URL");
    Deno.env.delete("REDOCLY_ENV");
  }
});
