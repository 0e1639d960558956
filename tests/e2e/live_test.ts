import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import { spawnServer } from "../_process.ts";
import { copyDir, startServer } from "./_server.ts";
import { openEvents, type SseFrame } from "./_sse.ts";

const EXAMPLE = new URL("../../examples/live", import.meta.url).pathname;
const SERVE_APP = new URL("./_serve_app.ts", import.meta.url).pathname;

/** The live example in a temp dir, plus a function reporting the store's open watches. */
async function liveRoot(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_live_" });
  await copyDir(EXAMPLE, root);
  await Deno.writeTextFile(
    `${root}/@api/watchers.get.ts`,
    `import type { ApiFunctionsContext, KvStore } from "@apifn/core";
    export default async function watchers(_request: Request, context: ApiFunctionsContext) {
      const kv = (await context.getKv()) as unknown as KvStore;
      return context.json({ watchers: kv.stats.watchers });
    }`,
  );
  return root;
}

async function post(url: string, text: string): Promise<string> {
  const response = await fetch(`${url}/api/notes`, {
    method: "POST",
    body: JSON.stringify({ text }),
  });
  assert.equal(response.status, 201);
  return (await response.json()).id;
}

/** Polls the count of open watches until it is `n` (20 s deadline). */
async function watchersReach(url: string, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last: unknown;
  while (Date.now() < deadline) {
    last = (await (await fetch(`${url}/api/watchers`)).json()).watchers;
    if (last === n) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Open watches stayed at ${last}, not ${n}`);
}

const texts = (frames: SseFrame[]) =>
  frames.map((f) => {
    const data = f.data as { type: string; value?: { text: string } };
    return data.type === "set" ? data.value?.text : data.type;
  });

Deno.test("live - a client that disconnects frees its watcher: the count goes back to 0", async () => {
  const root = await liveRoot();
  const server = await startServer("start", ["--root", root]);
  try {
    await watchersReach(server.url, 0);
    const one = await openEvents(`${server.url}/api/notes/events`);
    const two = await openEvents(`${server.url}/api/notes/events`);
    await watchersReach(server.url, 2);
    await one.close();
    await watchersReach(server.url, 1);
    await two.close();
    await watchersReach(server.url, 0);
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("live - Last-Event-ID resumes after the last event seen; an id the store lacks gets a gap event", async () => {
  const root = await liveRoot();
  const server = await startServer("start", ["--root", root]);
  const url = `${server.url}/api/notes/events`;
  try {
    const first = await openEvents(url);
    await first.until("the stream to open", (f) => f.comment === "connected");
    await post(server.url, "a");
    await post(server.url, "b");
    const seen = await first.events(2);
    await first.close();
    await post(server.url, "c"); // while disconnected
    const resumed = await openEvents(url, { "last-event-id": seen[0]!.id! });
    assert.deepEqual(texts(await resumed.events(2)), ["b", "c"]);
    await post(server.url, "d");
    assert.deepEqual(texts(await resumed.events(1)), ["d"]);
    await resumed.close();
    const lost = await openEvents(url, { "last-event-id": "0000000000000000ffff" });
    const [gap] = await lost.events(1);
    assert.equal((gap!.data as { type: string }).type, "gap");
    assert.equal(gap!.id, (gap!.data as { versionstamp: string }).versionstamp);
    await post(server.url, "e");
    assert.deepEqual(texts(await lost.events(1)), ["e"]);
    await lost.close();
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("live - writes by another process on the store file are seen; other prefixes are not", async () => {
  const root = await liveRoot();
  const server = await startServer("start", ["--root", root]);
  const events = await openEvents(`${server.url}/api/notes/events`);
  try {
    await events.until("the stream to open", (f) => f.comment === "connected");
    await post(server.url, "from the server"); // opens the store file
    // This test process is the second process on the file.
    const kv = await openKv(`${root}/.apifn/kv.sqlite3`, { sweepIntervalMs: 0 });
    try {
      await kv.set(["other", 1], { text: "not a note" });
      await kv.set(["notes", "zz"], { text: "from another process" });
      await kv.transaction(async (tx) => {
        await tx.set(["notesx", 1], { text: "not under the prefix" });
        await tx.delete(["notes", "zz"]);
      });
    } finally {
      await kv.close();
    }
    const frames = await events.events(3);
    // The set's value is read when the server reads the change: "zz" may be gone by then.
    assert.deepEqual(
      frames.map((f) => [(f.data as { type: string }).type, (f.data as { key: unknown[] }).key]),
      [
        ["set", ["notes", (frames[0]!.data as { key: unknown[] }).key[1]]],
        ["set", ["notes", "zz"]],
        ["delete", ["notes", "zz"]],
      ],
    );
    assert.equal(texts(frames)[0], "from the server");
  } finally {
    await events.close();
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("live - an event stream is not cut by the function time limit", async () => {
  const root = await liveRoot();
  const server = await spawnServer([Deno.execPath(), "run", "-A", "--unstable-kv", SERVE_APP], {
    env: {
      APIFN_TEST_SERVE: JSON.stringify({
        root,
        kv: ":memory:",
        port: 0,
        hostname: "127.0.0.1",
        limits: { timeoutMs: 200 },
        log: false,
      }),
    },
  });
  const events = await openEvents(`${server.url}/api/notes/events`);
  try {
    await events.until("the stream to open", (f) => f.comment === "connected");
    // Well past the 200 ms limit of a call: the stream goes on.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await post(server.url, "after the limit");
    assert.deepEqual(texts(await events.events(1)), ["after the limit"]);
  } finally {
    await events.close();
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});
