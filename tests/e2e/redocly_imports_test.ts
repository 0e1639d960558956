/**
 * Imports Redocly projects use (issue 17, "Why" 5 and 6): a function importing a helper without
 * an extension (a folder's `index.ts` too) and a `.yaml` file, served on a real port by
 * `apifn dev`, `apifn start` (through the manifest `gen` wrote) and `deno serve main.ts`, and
 * type-checked by `deno check`. The project is scaffolded by `apifn init`, as a user's is.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { type Spawned, spawnServer } from "../_process.ts";
import { CLI } from "../cli/_cli.ts";
import { deno, scaffold, serveEntry } from "./_deno_serve.ts";
import { RSS_BODY, RSS_FILES } from "./_rss_project.ts";

/** The CLI as the scaffolded tasks run it: `deno run -A --unstable-kv --sloppy-imports`. */
function cli(mode: "dev" | "start", project: string): Promise<Spawned> {
  return spawnServer([
    Deno.execPath(),
    ...["run", "-A", "--unstable-kv", "--sloppy-imports", CLI, mode, "--root", project],
    ...["--port", "0", "--hostname", "127.0.0.1"],
  ], { cwd: project });
}

async function assertFeed(server: Spawned): Promise<void> {
  const response = await fetch(`${server.url}/api/rss`);
  const body = await response.text();
  assert.equal(response.status, 200, `${body}\n${server.output()}`);
  assert.equal(response.headers.get("content-type"), "application/rss+xml; charset=utf-8");
  assert.equal(body, RSS_BODY);
}

Deno.test("redocly imports - an extensionless helper and a YAML file, served and checked", async (t) => {
  const project = await scaffold(RSS_FILES);
  try {
    await t.step("apifn dev", async () => {
      const server = await cli("dev", project);
      try {
        await assertFeed(server);
      } finally {
        await server.stop("SIGTERM", 20_000);
      }
    });
    await t.step("apifn start, through the manifest", async () => {
      const server = await cli("start", project);
      try {
        assert.match(server.output(), /using the manifest/);
        await assertFeed(server);
      } finally {
        await server.stop("SIGTERM", 20_000);
      }
    });
    await t.step("deno serve main.ts (the manifest gen wrote)", async () => {
      const server = await serveEntry(project);
      try {
        await assertFeed(server);
      } finally {
        await server.stop("SIGTERM", 20_000);
      }
    });
    await t.step("deno check of the entry and the function", async () => {
      const checked = await deno(["check", "main.ts", "@api/rss.get.ts"], project);
      assert.equal(checked.code, 0, checked.stderr);
    });
  } finally {
    await Deno.remove(dirname(project), { recursive: true });
  }
});

Deno.test("redocly imports - a broken YAML file is a 500 naming the file and line in dev", async () => {
  const project = await scaffold({ ...RSS_FILES, "@api/page-rss-pages.yaml": "- title: [\n" });
  const server = await cli("dev", project);
  try {
    const response = await fetch(`${server.url}/api/rss`);
    const body = await response.text();
    assert.equal(response.status, 500);
    assert.match(body, /Cannot parse YAML module '[^']*page-rss-pages\.yaml' at line 2/);
  } finally {
    await server.stop("SIGTERM", 20_000);
    await Deno.remove(dirname(project), { recursive: true });
  }
});
