/**
 * The Hono baseline: Hono routing + `Deno.openKv`, the same four endpoints as `bench/apifn`.
 * Hono is imported with an `npm:` specifier here only (bench files, not the library).
 *
 * `deno run -A --unstable-kv bench/servers/hono_server.ts <kv.sqlite3>`; prints
 * `listening on http://127.0.0.1:<port>/`.
 *
 * @module
 */
import { Hono } from "npm:hono@4.13.19";

const kv = await Deno.openKv(Deno.args[0]);
const app = new Hono();

app.get("/api/hello", (c) => c.json({ hello: "world" }));
app.get("/api/items", async (c) => {
  const limit = Math.min(Number(c.req.query("limit") ?? 20) || 20, 100);
  const iter = kv.list({ prefix: ["items"] }, { limit });
  const items = [];
  for await (const entry of iter) items.push(entry.value);
  return c.json({ items, cursor: items.length === limit ? iter.cursor : null });
});
app.post("/api/items", async (c) => {
  const body = await c.req.json() as { title?: unknown; content?: unknown };
  if (typeof body?.title !== "string") return c.json({ error: "'title' must be a string" }, 400);
  const id = crypto.randomUUID();
  const item = {
    id,
    title: body.title,
    content: String(body.content ?? ""),
    createdAt: Date.now(),
  };
  await kv.set(["created", id], item);
  return c.json({ item }, 201);
});
app.get("/api/items/:id", async (c) => {
  const entry = await kv.get(["items", c.req.param("id")]);
  if (entry.value === null) return c.json({ error: "Not found" }, 404);
  return c.json({ item: entry.value });
});

const server = Deno.serve({
  port: 0,
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}/`),
}, app.fetch);
Deno.addSignalListener("SIGTERM", () => void server.shutdown());
await server.finished;
kv.close();
