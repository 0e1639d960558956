import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import { startServer } from "../e2e/_server.ts";

async function project(): Promise<string> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/a.get.ts`, "export default () => new Response('a');");
  return root;
}

Deno.test("apifn start --console - refused without a secret or with --parallel", async (t) => {
  const root = await project();
  const before = Deno.env.get("APIFN_CONSOLE_SECRET");
  Deno.env.delete("APIFN_CONSOLE_SECRET");
  try {
    await t.step("no APIFN_CONSOLE_SECRET → exit 1", async () => {
      assert.equal(await main(["start", "--root", root, "--console", "--kv", ":memory:"]), 1);
    });
    await t.step("--console with --parallel → exit 2", async () => {
      assert.equal(await main(["start", "--root", root, "--console", "--parallel"]), 2);
    });
  } finally {
    if (before !== undefined) Deno.env.set("APIFN_CONSOLE_SECRET", before);
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start - the console only with --console and the secret", async (t) => {
  const root = await project();
  const env = { APIFN_CONSOLE_SECRET: "a-long-secret" };
  await t.step("without --console: 404", async () => {
    const server = await startServer("start", ["--root", root, "--kv", ":memory:"], { env });
    try {
      const response = await fetch(`${server.url}/_apifn/`);
      assert.equal(response.status, 404);
      await response.body?.cancel();
    } finally {
      await server.stop("SIGTERM", 30_000);
    }
  });
  await t.step("with --console: the sign-in page, and the API needs the session", async () => {
    const server = await startServer("start", ["--root", root, "--kv", ":memory:", "--console"], {
      env,
    });
    try {
      assert.match(await (await fetch(`${server.url}/_apifn/`)).text(), /name="secret"/);
      const api = await fetch(`${server.url}/_apifn/console/api/routes`);
      assert.equal(api.status, 401);
      await api.body?.cancel();
    } finally {
      await server.stop("SIGTERM", 30_000);
    }
  });
  await Deno.remove(root, { recursive: true });
});
