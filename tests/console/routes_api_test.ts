import assert from "node:assert/strict";
import { serveDev } from "../../src/server/dev.ts";
import { serve } from "../../src/server/serve.ts";
import { json, nextEvent, startConsole } from "./_console.ts";

Deno.test("console routes - live over events, broken files with file and line", async (t) => {
  const c = await startConsole({
    "@api/a.get.ts": "export default () => new Response('a');",
    "@api/broken.get.ts": "export default () => {\n  return new Response(;\n};\n",
  }, { debounceMs: 20 });
  const events = (await fetch(`${c.url}/_apifn/console/events`)).body!.getReader();
  const state = { buffer: "" };
  try {
    await t.step("a broken file is shown with its file, line and column", async () => {
      // The background import reports it; the first event or the API then shows it.
      let routes = await json(c.api("routes"));
      if (routes.problems.length === 0) {
        routes = await nextEvent(events, (e, d) => e === "routes" && d.problems.length > 0, state);
      }
      const [problem] = routes.problems;
      assert.equal(problem.level, "error");
      assert.equal(problem.file, "@api/broken.get.ts");
      assert.equal(problem.line, 2);
      assert.equal(typeof problem.column, "number");
      assert.match(problem.message, /^Cannot load function file '@api\/broken\.get\.ts'/);
    });
    await t.step("a new file's route arrives over the event stream", async () => {
      await Deno.writeTextFile(
        `${c.root}/@api/b.get.ts`,
        "export default () => new Response('b');",
      );
      const routes = await nextEvent(
        events,
        (e, d) => e === "routes" && d.routes.some((r: { path: string }) => r.path === "/api/b"),
        state,
      );
      const row = routes.routes.find((r: { path: string }) => r.path === "/api/b");
      assert.deepEqual(row, {
        method: "GET",
        path: "/api/b",
        file: "@api/b.get.ts",
        access: null,
        summary: null,
      });
    });
    await t.step("fixing the file clears its problem", async () => {
      await Deno.writeTextFile(
        `${c.root}/@api/broken.get.ts`,
        "export default () => new Response('ok');",
      );
      await nextEvent(events, (e, d) => e === "routes" && d.problems.length === 0, state);
      assert.equal(await (await fetch(`${c.url}/api/broken`)).text(), "ok");
    });
  } finally {
    await events.cancel().catch(() => {});
    await c.close();
  }
});

Deno.test("console routes - a user route under /_apifn/ is a startup error naming it", async (t) => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api/_apifn`, { recursive: true });
  await Deno.mkdir(`${root}/_apifn/console`, { recursive: true });
  await Deno.writeTextFile(`${root}/@api/_apifn/x.get.ts`, "export default () => new Response();");
  await Deno.writeTextFile(
    `${root}/_apifn/console/x.get.ts`,
    "export default () => new Response();",
  );
  const base = { root, port: 0, hostname: "127.0.0.1", kv: ":memory:", log: false as const };
  const quiet = { report() {}, handleSignals: false };
  await t.step("names starting with _ are never routes inside a function folder", async () => {
    const server = await serveDev({ ...base, ...quiet });
    assert.deepEqual(server.app.routes, []);
    await server.shutdown();
  });
  await t.step("a function folder named _apifn: serveDev refuses, naming the file", async () => {
    await assert.rejects(
      serveDev({ ...base, ...quiet, folders: ["/_apifn"] }),
      /Cannot serve the console: 1 route under \/_apifn\/[^]*GET \/_apifn\/console\/x \('_apifn\/console\/x\.get\.ts'\)/,
    );
  });
  await t.step("the same project serves without the console", async () => {
    const server = await serveDev({ ...base, ...quiet, folders: ["/_apifn"], console: false });
    assert.equal(server.app.routes[0]?.path, "/_apifn/console/x");
    await server.shutdown();
  });
  await t.step("serve with the console refuses it too", async () => {
    await assert.rejects(
      serve({ ...base, folders: ["/_apifn"], console: true, consoleSecret: "long-enough" }),
      /'_apifn\/console\/x\.get\.ts'/,
    );
  });
  await Deno.remove(root, { recursive: true });
});
