import assert from "node:assert/strict";
import { listenOptions } from "../../src/cli/project.ts";

Deno.test("listenOptions - PORT comes from the .env files of the command's environment", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "apifn_project_" });
  const saved = Deno.env.get("PORT");
  Deno.env.delete("PORT");
  try {
    await Deno.writeTextFile(`${root}/.env`, "PORT=7000\n");
    await Deno.writeTextFile(`${root}/.env.production`, "PORT=7001\n");
    await Deno.writeTextFile(`${root}/.env.development`, "PORT=7002\n");
    const cases: [string, boolean, number][] = [["start", false, 7001], ["dev", true, 7002]];
    for (const [name, dev, port] of cases) {
      await t.step(name, async () => {
        const listen = await listenOptions({ dev }, { root, settings: {} });
        assert.equal(listen.port, port);
      });
    }
  } finally {
    if (saved !== undefined) Deno.env.set("PORT", saved);
    await Deno.remove(root, { recursive: true });
  }
});
