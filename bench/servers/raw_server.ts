/**
 * The hand-written baseline: `Deno.serve` + `Deno.openKv`, the same four endpoints as the apifn
 * folder in `bench/apifn`, written the way one would without a framework.
 *
 * `deno run -A --unstable-kv bench/servers/raw_server.ts <kv.sqlite3> [--group-commit]`; prints
 * `listening on http://127.0.0.1:<port>/`.
 *
 * With `--group-commit`, POST gathers concurrent sets into one atomic commit, in about the
 * fewest lines that do it (no checks, no counters, no retry of a failed batch): the ceiling of
 * what batching alone gives on this disk, to put apifn's POST figure in context.
 *
 * @module
 */

const kv = await Deno.openKv(Deno.args[0]);
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
const groupCommit = Deno.args.includes("--group-commit");

let queue: { key: Deno.KvKey; value: unknown; done: (ok: boolean) => void }[] = [];
let draining = false;

async function drain(): Promise<void> {
  while (queue.length > 0) {
    // Deno KV takes at most 1,000 mutations per atomic commit.
    const batch = queue.slice(0, 1000);
    queue = queue.slice(1000);
    const ok = await Promise.resolve().then(() => {
      const atomic = kv.atomic();
      for (const write of batch) atomic.set(write.key, write.value);
      return atomic.commit();
    }).then(() => true, () => false);
    for (const write of batch) write.done(ok);
  }
  draining = false;
}

function set(key: Deno.KvKey, value: unknown): Promise<unknown> {
  if (!groupCommit) return kv.set(key, value);
  return new Promise((resolve, reject) => {
    queue.push({
      key,
      value,
      done: (ok) => ok ? resolve(null) : reject(new Error("commit failed")),
    });
    if (!draining) {
      draining = true;
      queueMicrotask(drain);
    }
  });
}

function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), { status, headers: JSON_HEADERS });
}

async function handler(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname;
  if (path === "/api/hello" && request.method === "GET") return json({ hello: "world" });
  if (path === "/api/items") {
    if (request.method === "GET") {
      const limit = Math.min(Number(url.searchParams.get("limit") ?? 20) || 20, 100);
      const iter = kv.list({ prefix: ["items"] }, { limit });
      const items = [];
      for await (const entry of iter) items.push(entry.value);
      return json({ items, cursor: items.length === limit ? iter.cursor : null });
    }
    if (request.method === "POST") {
      const body = await request.json() as { title?: unknown; content?: unknown };
      if (typeof body?.title !== "string") return json({ error: "'title' must be a string" }, 400);
      const id = crypto.randomUUID();
      const item = {
        id,
        title: body.title,
        content: String(body.content ?? ""),
        createdAt: Date.now(),
      };
      await set(["created", id], item);
      return json({ item }, 201);
    }
  }
  if (path.startsWith("/api/items/") && request.method === "GET") {
    const id = decodeURIComponent(path.slice("/api/items/".length));
    const entry = await kv.get(["items", id]);
    if (entry.value === null) return json({ error: "Not found" }, 404);
    return json({ item: entry.value });
  }
  return json({ error: "Not found" }, 404);
}

const server = Deno.serve({
  port: 0,
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}/`),
}, handler);
Deno.addSignalListener("SIGTERM", () => void server.shutdown());
await server.finished;
kv.close();
