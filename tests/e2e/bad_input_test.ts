/**
 * The bad-input suite: over 10,000 generated malformed requests against a real server
 * (`serve()` on 127.0.0.1, port 0) — raw TCP for broken request lines, headers and framing,
 * `fetch` for odd paths, methods, bodies, cookies and tokens. No 5xx, no crash, and a normal
 * request still works afterwards.
 */
import assert from "node:assert/strict";
import { serve } from "../../src/server/serve.ts";
import { oddBody, oddHeaders, oddPath, type Random, random } from "./_bad_input.ts";
import { rawRequest } from "./_raw_requests.ts";

const RAW_REQUESTS = 4_000;
const FETCH_REQUESTS = 10_000;
const CONCURRENCY = 24;

const FILES: Record<string, string> = {
  "@api/notes.get.ts": `export default async function (_request, context) {
    const kv = await context.getKv();
    const { items, total } = await kv.list({ prefix: ["notes"] }, { limit: 10 });
    return context.json({ notes: items.map((item) => item.value), total });
  }`,
  "@api/notes.post.ts": `export default async function (request, context) {
    const body = await request.json();
    if (typeof body?.title !== "string" || body.title.length > 200) {
      return context.status(400).json({ error: "title must be a string of at most 200 characters" });
    }
    const kv = await context.getKv();
    const id = crypto.randomUUID();
    await kv.set(["notes", id], { id, title: body.title }, { ttlInSeconds: 60 });
    return context.status(201).json({ id });
  }`,
  "@api/notes/[id].get.ts": `export default async function (_request, context) {
    const id = context.params.id;
    if (id.length > 100) return context.status(400).json({ error: "id too long" });
    const note = await (await context.getKv()).get(["notes", id]);
    return note === null ? context.status(404).json({ error: "not found" }) : context.json(note);
  }`,
  "@api/files/[...path].get.ts": `export default function (_request, context) {
    return context.json({ segments: context.params.path.length, first: context.params.path[0] });
  }`,
  "@api/echo.ts": `export default async function (request, context) {
    if (request.method === "GET" || request.method === "HEAD") return context.json({ method: request.method });
    return context.json({ body: await request.json() });
  }`,
  "@api/me.ts": `export default function (_request, context) {
    return context.setCookie("seen", "1", { signed: true }).json({ user: context.user, cookies: context.cookies });
  }`,
  "@api/admin/stats.get.ts": `export default function (_request, context) {
    return context.json({ admin: context.user.email });
  }`,
};

async function project(): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [file, source] of Object.entries(FILES)) {
    const path = `${root}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, source);
  }
  await Deno.writeTextFile(
    `${root}/redocly.yaml`,
    "rbac:\n  content:\n    '@api/admin/**':\n      admins: read\n",
  );
  return root;
}

/** Sends raw bytes on a fresh connection; returns the status, or a label when there is none. */
async function sendRaw(port: number, bytes: Uint8Array): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const timer = setTimeout(() => conn.close(), 5_000);
  let received = "";
  try {
    try {
      await conn.write(bytes);
      await conn.closeWrite();
    } catch {
      // the server may close before reading everything
    }
    const buffer = new Uint8Array(4096);
    const decoder = new TextDecoder();
    while (!received.includes("\r\n")) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      received += decoder.decode(buffer.subarray(0, n));
    }
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // already closed (timeout)
    }
  }
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(received);
  return status ? status[1]! : "closed";
}

async function sendFetch(base: string, r: Random, client: Deno.HttpClient): Promise<string> {
  const method = r.pick([
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "PROPFIND",
    "get",
  ]);
  const body = method === "GET" || method === "HEAD" || method === "get" ? undefined : oddBody(r);
  try {
    const response = await fetch(base + oddPath(r), {
      method,
      headers: oddHeaders(r),
      ...(body === undefined ? {} : { body }),
      client,
    });
    await response.body?.cancel();
    return String(response.status);
  } catch (error) {
    return `client ${(error as Error).name}`;
  }
}

async function pool(total: number, worker: (i: number) => Promise<string>) {
  const counts: Record<string, number> = {};
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      const label = await worker(next++);
      counts[label] = (counts[label] ?? 0) + 1;
    }
  }));
  return counts;
}

Deno.test("bad input - 10,000+ malformed requests: no 5xx, no crash, still serving", async () => {
  const root = await project();
  const errors: unknown[] = [];
  const server = await serve({
    root,
    hostname: "127.0.0.1",
    port: 0,
    kv: ":memory:",
    log: false,
    handleSignals: false,
    jwt: { secret: "j".repeat(32) },
    cookieSecret: "c".repeat(32),
    logger: { warn() {}, error: (_m, e) => errors.push(e) },
  });
  const port = server.addr.port;
  const base = `http://127.0.0.1:${port}`;
  const client = Deno.createHttpClient({});
  try {
    const raw = await pool(RAW_REQUESTS, (i) => sendRaw(port, rawRequest(random(i + 1))));
    const r = random(20_260_101);
    const viaFetch = await pool(FETCH_REQUESTS, () => sendFetch(base, r, client));
    console.log("raw TCP  (status → count):", JSON.stringify(raw));
    console.log("fetch    (status → count):", JSON.stringify(viaFetch));

    const all = { ...raw };
    for (const [k, v] of Object.entries(viaFetch)) all[k] = (all[k] ?? 0) + v;
    const total = Object.values(all).reduce((a, b) => a + b, 0);
    assert.ok(total >= 10_000, `${total} requests`);
    const fiveXX = Object.entries(all).filter(([status]) => /^5/.test(status));
    assert.deepEqual(fiveXX, [], "no 5xx");
    assert.deepEqual(errors, [], "no unexpected errors logged");
    assert.ok((viaFetch["client TypeError"] ?? 0) < FETCH_REQUESTS / 10, "most reached the server");

    // Still serving: a normal write and read.
    const created = await fetch(`${base}/api/notes`, {
      method: "POST",
      body: JSON.stringify({ title: "still here" }),
      client,
    });
    assert.equal(created.status, 201);
    const { id } = await created.json();
    const note = await fetch(`${base}/api/notes/${id}`, { client });
    assert.deepEqual(await note.json(), { id, title: "still here" });
  } finally {
    client.close();
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});
