/**
 * `deno compile` of a project through its manifest: one binary that serves the functions.
 *
 * Ignored unless APIFN_TEST_COMPILE=1: `deno compile` needs the `denort` runtime binary, which
 * Deno downloads from dl.deno.land on first use (or takes from DENORT_BIN). The npm `deno`
 * package ships only the full `deno` binary, and this environment reaches no host but the npm
 * and Debian registries, so the download fails ("dns error"). Pointing DENORT_BIN at the full
 * `deno` binary does not work either: the result runs as the plain `deno` CLI and ignores the
 * embedded program. Where denort can be had, run with APIFN_TEST_COMPILE=1.
 */
import assert from "node:assert/strict";
import { copyDir } from "./_server.ts";

const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;
const MOD = new URL("../../mod.ts", import.meta.url).href;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
const EXAMPLE = new URL("../../examples/counter", import.meta.url).pathname;

Deno.test({
  name: "deno compile - a binary built from the manifest serves requests",
  ignore: Deno.env.get("APIFN_TEST_COMPILE") !== "1",
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "apifn_compile_" });
    try {
      await copyDir(EXAMPLE, root);
      // Ajv compiles schemas to code at load (new Function): the binary must allow it.
      await Deno.writeTextFile(
        `${root}/@api/echo.post.ts`,
        `export const openapi = { requestBody: { content: { "application/json": { schema: {
          type: "object", properties: { n: { type: "integer" } },
        } } } } };
        export default async (request) => Response.json(await request.json());`,
      );
      const gen = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--unstable-kv", CLI, "gen", "--root", root],
      }).output();
      assert.equal(gen.code, 0);
      await Deno.writeTextFile(
        `${root}/main.ts`,
        `import manifest from "./apifn.manifest.ts";
import { serve } from ${JSON.stringify(MOD)};
await serve({
  manifest,
  port: 0,
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(\`listening on http://127.0.0.1:\${port}/\`),
});
`,
      );
      const binary = `${root}/server`;
      const compiled = await new Deno.Command(Deno.execPath(), {
        args: [
          "compile",
          "--config",
          CONFIG,
          "--unstable-kv",
          "--allow-net",
          "--allow-env",
          "--allow-read",
          "--allow-write",
          "--output",
          binary,
          `${root}/main.ts`,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(compiled.code, 0, new TextDecoder().decode(compiled.stderr));
      const data = await Deno.makeTempDir({ prefix: "apifn_compile_run_" });
      const child = new Deno.Command(binary, { cwd: data, stdout: "piped", stderr: "inherit" })
        .spawn();
      try {
        const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
        let text = "";
        let url: string | undefined;
        while (!url) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the binary exited:\n${text}`);
          text += value;
          url = text.match(/listening on (http:\/\/[^\s/]+)\//)?.[1];
        }
        reader.releaseLock();
        const hit = await fetch(`${url}/api/views/home`, { method: "POST" });
        assert.deepEqual(await hit.json(), { page: "home", views: 1 });
        const echo = (body: string) =>
          fetch(`${url}/api/echo`, {
            method: "POST",
            body,
            headers: { "content-type": "application/json" },
          });
        assert.deepEqual(await (await echo('{"n":1}')).json(), { n: 1 });
        const bad = await echo('{"n":"x"}');
        assert.equal(bad.status, 400);
        assert.deepEqual((await bad.json()).errors, [
          { in: "body", pointer: "/n", detail: "must be integer" },
        ]);
      } finally {
        child.kill("SIGTERM");
        await child.status;
        await child.stdout.cancel().catch(() => {});
        await Deno.remove(data, { recursive: true });
      }
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
