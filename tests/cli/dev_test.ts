import { startServer } from "../e2e/_server.ts";
import assert from "node:assert/strict";
import { until } from "./_cli.ts";

Deno.test("apifn dev - serves with hot reload as a real process", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_dev_cli_" });
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/a.get.ts`, "export default () => new Response('a');\n");
  const server = await startServer("dev", ["--root", root, "--kv", ":memory:"]);
  try {
    assert.equal(await (await fetch(`${server.url}/api/a`)).text(), "a");
    await Deno.writeTextFile(
      `${root}/@api/b.get.ts`,
      "export default () => { throw new Error('boom'); };\n",
    );
    const body = await until("the new route", async () => {
      const response = await fetch(`${server.url}/api/b`);
      const json = await response.json();
      return response.status === 500 ? json : undefined;
    });
    assert.match(body.message, /boom/); // dev mode: error details in the response
    assert.match(server.output(), /\+ GET {5}\/api\/b {2}\(@api\/b\.get\.ts\)/);
  } finally {
    const status = await server.stop();
    assert.equal(status.code, 0);
    await Deno.remove(root, { recursive: true });
  }
});
