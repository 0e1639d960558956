import assert from "node:assert/strict";
import { startServer } from "../e2e/_server.ts";

Deno.test("apifn start --quiet - serves without a log line per request", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/hi.get.ts`, "export default () => new Response('hi');");
  try {
    for (const quiet of [false, true]) {
      const server = await startServer("start", ["--root", root, ...(quiet ? ["--quiet"] : [])]);
      try {
        assert.equal(await (await fetch(`${server.url}/api/hi`)).text(), "hi");
      } finally {
        await server.stop();
      }
      assert.equal(/GET \/api\/hi 200/.test(server.output()), !quiet, server.output());
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
