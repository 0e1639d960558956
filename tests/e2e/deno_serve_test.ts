/**
 * The `deno serve` entry that `apifn init` scaffolds (`main.ts`: `createServeEntry({ manifest })`)
 * under `deno serve` on a real port: routing, limits, auth from `redocly.yaml` and `.env`, KV in
 * `.apifn/kv.sqlite3` across a graceful restart; and `deno check` of the entry.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { hs256Key, signToken } from "../auth/_jwt.ts";
import { deno, scaffold, serveEntry } from "./_deno_serve.ts";

const JWT_SECRET = "jwt-secret-for-the-deno-serve-test-0123";

const FILES: Record<string, string> = {
  "@api/notes.post.ts": `export default async (request, context) => {
    const note = await request.json();
    const id = crypto.randomUUID();
    await (await context.getKv()).set(["notes", id], note);
    return context.status(201).json({ id });
  };`,
  "@api/notes/[id].get.ts": `export default async (_request, context) => {
    const note = await (await context.getKv()).get(["notes", context.params.id]);
    return note === null ? context.status(404).json({ missing: true }) : context.json(note);
  };`,
  // Writes a marker file, then stays in flight a while before it writes to the store.
  "@api/slow.post.ts": `export default async (_request, context) => {
    await Deno.writeTextFile(new URL("../.apifn/slow-started", import.meta.url), "");
    await new Promise((resolve) => setTimeout(resolve, 500));
    await (await context.getKv()).set(["slow"], "done");
    return context.json({ ok: true });
  };`,
  "@api/slow.get.ts": `export default async (_request, context) =>
    context.json({ slow: await (await context.getKv()).get(["slow"]) });`,
  "@api/admin/stats.get.ts": "export default (_r, c) => c.json({ by: c.user.email });",
  "redocly.yaml": "rbac:\n  content:\n    '@api/admin/**':\n      admins: read\n      '*': none\n",
  ".env": `APIFN_JWT_SECRET=${JWT_SECRET}\n`,
};

async function adminToken(): Promise<string> {
  const key = await hs256Key(JWT_SECRET);
  return signToken(key, { email: "ada@example.com", teams: ["admins"] });
}

async function waitForFile(path: string): Promise<void> {
  for (let i = 0;; i++) {
    try {
      await Deno.stat(path);
      return;
    } catch {
      assert.ok(i < 3000, `${path} appeared`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

Deno.test("deno serve - the scaffolded entry type-checks against the local package", async () => {
  const project = await scaffold({});
  try {
    const checked = await deno(["check", "main.ts"], project);
    assert.equal(checked.code, 0, checked.stderr);
    const config = JSON.parse(await Deno.readTextFile(`${project}/deno.json`));
    assert.match(config.imports["@apifn/core"], /^file:\/\/.*\/mod\.ts$/);
  } finally {
    await Deno.remove(dirname(project), { recursive: true });
  }
});

Deno.test("deno serve - the scaffolded entry answers its routes and keeps KV across a restart", async (t) => {
  const project = await scaffold(FILES);
  const token = await adminToken();
  try {
    let id = "";
    const first = await serveEntry(project);
    try {
      const url = first.url;
      await t.step("routes, limits and auth as under apifn start", async () => {
        const cases: [string, RequestInit, number][] = [
          ["/api/hello?name=Ada", {}, 200],
          ["/api/hello", { method: "DELETE" }, 405],
          ["/api/missing", {}, 404],
          ["/api/notes", { method: "POST", body: "x".repeat(5 * 1024 * 1024 + 1) }, 413],
          ["/api/admin/stats", {}, 401],
          ["/api/admin/stats", { headers: { authorization: `Bearer ${token}` } }, 200],
        ];
        for (const [path, init, status] of cases) {
          const response = await fetch(`${url}${path}`, init);
          assert.equal(response.status, status, `${init.method ?? "GET"} ${path}`);
          if (path === "/api/hello?name=Ada") {
            assert.deepEqual(await response.json(), { message: "Hello, Ada!" });
          } else if (status === 200) {
            assert.deepEqual(await response.json(), { by: "ada@example.com" });
          } else await response.body?.cancel();
        }
      });
      await t.step("a write, then SIGTERM while a request is in flight", async () => {
        const created = await fetch(`${url}/api/notes`, {
          method: "POST",
          body: JSON.stringify({ title: "kept" }),
        });
        assert.equal(created.status, 201);
        ({ id } = await created.json());
        const slow = fetch(`${url}/api/slow`, { method: "POST" });
        await waitForFile(`${project}/.apifn/slow-started`);
        const stopped = first.stop("SIGTERM");
        const response = await slow;
        assert.deepEqual(await response.json(), { ok: true }); // finished, not cut off
        assert.equal((await stopped).code, 0);
        assert.match(first.output(), /GET \/api\/hello 200 \d+\.\dms \S+/); // the request log
      });
    } finally {
      await first.stop();
    }
    const second = await serveEntry(project);
    try {
      await t.step("after the restart, both writes are there", async () => {
        const note = await fetch(`${second.url}/api/notes/${id}`);
        assert.deepEqual(await note.json(), { title: "kept" });
        const slow = await fetch(`${second.url}/api/slow`);
        assert.deepEqual(await slow.json(), { slow: "done" });
      });
    } finally {
      assert.equal((await second.stop("SIGINT")).code, 0);
    }
  } finally {
    await Deno.remove(dirname(project), { recursive: true });
  }
});
