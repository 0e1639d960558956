import assert from "node:assert/strict";
import { copyDir, startServer } from "./_server.ts";

const EXAMPLE = new URL("../../examples/notes", import.meta.url).pathname;

/** The notes operations declare JSON bodies: clients say so. */
const JSON_BODY = { "content-type": "application/json" };

async function json(response: Response) {
  return { status: response.status, body: await response.json() };
}

Deno.test("examples/notes - CRUD over a real port, persisted across a restart", async (t) => {
  const root = await Deno.makeTempDir();
  await copyDir(EXAMPLE, root);
  let server = await startServer("start", ["--root", root]);
  const api = () => `${server.url}/api/notes`;
  let id = "";
  try {
    await t.step("starts empty", async () => {
      assert.deepEqual(await json(await fetch(api())), {
        status: 200,
        body: { notes: [], total: 0, nextCursor: null, hasMore: false },
      });
    });
    await t.step("creates, reads, updates", async () => {
      const created = await json(
        await fetch(api(), {
          method: "POST",
          headers: JSON_BODY,
          body: JSON.stringify({ title: "First" }),
        }),
      );
      assert.equal(created.status, 201);
      id = created.body.note.id;
      assert.equal((await json(await fetch(`${api()}/${id}`))).body.note.title, "First");
      const updated = await json(
        await fetch(`${api()}/${id}`, {
          method: "PUT",
          headers: JSON_BODY,
          body: JSON.stringify({ title: "Renamed", content: "x" }),
        }),
      );
      assert.equal(updated.body.note.title, "Renamed");
    });
    await t.step("validates input and answers framework errors as JSON", async () => {
      const bad = await fetch(api(), { method: "POST", headers: JSON_BODY, body: "{" });
      assert.equal((await json(bad)).status, 400);
      // The operation checks the body before the function runs: problem+json, every error.
      const invalid = await fetch(api(), {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ title: "", color: "red" }),
      });
      assert.equal(invalid.headers.get("content-type"), "application/problem+json; charset=utf-8");
      assert.deepEqual((await invalid.json()).errors, [
        { in: "body", pointer: "/color", detail: "is not allowed" },
        { in: "body", pointer: "/title", detail: "must NOT have fewer than 1 characters" },
        { in: "body", pointer: "/title", detail: 'must match pattern "\\S"' },
      ]);
      const text = await fetch(api(), { method: "POST", body: JSON.stringify({ title: "x" }) });
      assert.equal((await json(text)).status, 415);
      assert.equal((await json(await fetch(`${api()}?limit=500`))).status, 400);
      const wrong = await fetch(api(), { method: "PATCH" });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.get("allow"), "GET, POST, HEAD, OPTIONS");
      await wrong.body?.cancel();
      assert.equal((await json(await fetch(`${api()}/missing`))).status, 404);
      // An id no note can have (here: longer than a KV key allows) is a 404, not a 500.
      assert.equal((await json(await fetch(`${api()}/${"x".repeat(3000)}`))).status, 404);
    });
    await t.step("the store persists across a restart", async () => {
      assert.equal((await server.stop()).code, 0);
      server = await startServer("start", ["--root", root]);
      const list = await json(await fetch(api()));
      assert.equal(list.body.total, 1);
      assert.equal(list.body.notes[0].title, "Renamed");
    });
    await t.step("pagination: total counts from the cursor onward", async () => {
      for (let i = 0; i < 24; i++) {
        const response = await fetch(api(), {
          method: "POST",
          headers: JSON_BODY,
          body: JSON.stringify({ title: `n${i}` }),
        });
        await response.body?.cancel();
      }
      const first = await json(await fetch(`${api()}?limit=10`));
      assert.deepEqual([first.body.notes.length, first.body.total], [10, 25]);
      const second = await json(
        await fetch(`${api()}?limit=10&cursor=${encodeURIComponent(first.body.nextCursor)}`),
      );
      assert.deepEqual([second.body.notes.length, second.body.total], [10, 15]);
    });
    await t.step("deletes", async () => {
      assert.equal((await json(await fetch(`${api()}/${id}`, { method: "DELETE" }))).status, 200);
      assert.equal((await json(await fetch(`${api()}/${id}`))).status, 404);
    });
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
  assert.match(server.output(), /GET \/api\/notes 200 [\d.]+ms \S+/);
});

Deno.test("examples/notes - a retried POST with the same Idempotency-Key creates one note", async () => {
  const root = await Deno.makeTempDir();
  await copyDir(EXAMPLE, root);
  const server = await startServer("start", ["--root", root]);
  const api = `${server.url}/api/notes`;
  const post = async (key: string, title: string) => {
    const response = await fetch(api, {
      method: "POST",
      headers: { "idempotency-key": key, ...JSON_BODY },
      body: JSON.stringify({ title }),
    });
    return {
      status: response.status,
      replayed: response.headers.get("idempotent-replayed") === "true",
      body: await response.json(),
    };
  };
  try {
    // Concurrent retries and a late one: one note, the same answer for all.
    const answers = [
      ...await Promise.all(Array.from({ length: 5 }, () => post("order-1", "Once"))),
      await post("order-1", "Once"),
    ];
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]));
    assert.equal(new Set(answers.map((a) => a.body.note.id)).size, 1);
    assert.equal(answers.filter((a) => !a.replayed).length, 1);
    const other = await post("order-2", "Twice");
    assert.deepEqual([other.status, other.replayed], [201, false]);
    assert.notEqual(other.body.note.id, answers[0]!.body.note.id);
    // The same key for a different note, and a malformed key, are refused.
    assert.equal((await post("order-1", "Something else")).status, 422);
    assert.equal((await post("a b", "Bad key")).status, 400);
    const list = await json(await fetch(api));
    assert.deepEqual(list.body.notes.map((n: { title: string }) => n.title).sort(), [
      "Once",
      "Twice",
    ]);
    assert.equal(list.body.total, 2);
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});
