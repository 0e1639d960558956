/**
 * The shutdown grace period: a request that never finishes, or a function file whose import
 * never finishes, cannot keep `apifn start` from exiting after SIGTERM; a second signal cuts the
 * grace period short.
 */
import assert from "node:assert/strict";
import { startServer } from "./_server.ts";

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function project(): Promise<string> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  // A response whose body never ends: no time limit answers it, only the grace period ends it.
  await Deno.writeTextFile(
    `${root}/@api/hang.get.ts`,
    `export default async () => {
      await Deno.writeTextFile(${JSON.stringify(`${root}/started`)}, "");
      return new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([123])); } }));
    }`,
  );
  await Deno.writeTextFile(`${root}/@api/hi.get.ts`, "export default () => new Response('hi');");
  return root;
}

Deno.test("apifn start - SIGTERM exits after the grace period", async (t) => {
  const root = await project();
  try {
    await t.step("a request that never finishes is cut", async () => {
      const server = await startServer("start", ["--root", root, "--shutdown-grace-ms", "300"]);
      try {
        const hanging = fetch(`${server.url}/api/hang`).then((r) => r.text())
          .then(() => "answered", () => "cut");
        await until("the request to start", () => Deno.stat(`${root}/started`).then(() => true));
        const status = await server.stop("SIGTERM", 30_000);
        assert.equal(status.code, 0);
        assert.equal(await hanging, "cut");
        assert.match(server.output(), /grace period of 300 ms is over/);
      } finally {
        await server.stop();
        await Deno.remove(`${root}/started`).catch(() => {});
      }
    });
    await t.step("a second signal cuts a long grace period at once", async () => {
      const server = await startServer("start", ["--root", root, "--shutdown-grace-ms", "600000"]);
      try {
        const hanging = fetch(`${server.url}/api/hang`).then((r) => r.text())
          .then(() => "answered", () => "cut");
        await until("the request to start", () => Deno.stat(`${root}/started`).then(() => true));
        server.signal("SIGTERM");
        // The first signal stopped the listener: nothing answers any more.
        await until(
          "the listener to close",
          () => fetch(`${server.url}/api/hi`).then((r) => r.text()).then(() => false, () => true),
        );
        const status = await server.stop("SIGINT", 30_000);
        assert.equal(status.code, 0);
        assert.equal(await hanging, "cut");
      } finally {
        await server.stop();
        await Deno.remove(`${root}/started`).catch(() => {});
      }
    });
    await t.step("a function file whose import never finishes does not hold shutdown", async () => {
      await Deno.writeTextFile(`${root}/@api/never.get.ts`, "await new Promise(() => {});");
      const server = await startServer("start", ["--root", root, "--shutdown-grace-ms", "300"]);
      try {
        const status = await server.stop("SIGTERM", 30_000);
        assert.equal(status.code, 0);
      } finally {
        await server.stop();
      }
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
