import assert from "node:assert/strict";
import { copyDir, startServer } from "./_server.ts";
import { openEvents } from "./_sse.ts";

const EXAMPLES = new URL("../../examples", import.meta.url).pathname;

async function example(name: string): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: `apifn_${name}_` });
  await copyDir(`${EXAMPLES}/${name}`, root);
  return root;
}

/** Polls `check` until it returns something other than `undefined` (10 s deadline). */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

Deno.test("examples/counter - concurrent views are all counted", async () => {
  const root = await example("counter");
  const server = await startServer("start", ["--root", root]);
  try {
    const post = (page: string) =>
      fetch(`${server.url}/api/views/${page}`, { method: "POST" }).then((r) => r.json());
    const results = await Promise.all(Array.from({ length: 20 }, () => post("home")));
    assert.deepEqual(results.map((r) => r.views).sort((a, b) => a - b), [
      ...Array.from({ length: 20 }, (_, i) => i + 1),
    ]);
    await post("about");
    const home = await (await fetch(`${server.url}/api/views/home`)).json();
    assert.deepEqual(home, { page: "home", views: 20 });
    const never = await (await fetch(`${server.url}/api/views/never`)).json();
    assert.deepEqual(never, { page: "never", views: 0 });
    const all = await (await fetch(`${server.url}/api/views?limit=1`)).json();
    assert.deepEqual(all.pages, [{ page: "about", views: 1 }]);
    assert.equal(all.total, 2);
    assert.equal(typeof all.nextCursor, "string");
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("examples/ratelimit - 429 with Retry-After per IP, reset when the window's TTL ends", async () => {
  const root = await example("ratelimit");
  const server = await startServer("start", ["--root", root], {
    env: { RATE_LIMIT: "3", RATE_WINDOW_SECONDS: "2" },
  });
  const ping = async (ip?: string) => {
    const response = await fetch(`${server.url}/api/ping`, {
      headers: ip ? { "x-forwarded-for": `${ip}, 10.0.0.1` } : {},
    });
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      policy: response.headers.get("ratelimit-policy"),
      remaining: response.headers.get("ratelimit")?.match(/;r=(\d+)/)?.[1],
      body: await response.json(),
    };
  };
  try {
    for (const remaining of ["2", "1", "0"]) {
      const passed = await ping("203.0.113.7");
      assert.deepEqual(passed.body, { pong: true });
      assert.equal(passed.remaining, remaining);
      assert.equal(passed.policy, '"default";q=3;w=2');
    }
    const limited = await ping("203.0.113.7");
    assert.equal(limited.status, 429);
    assert.ok(["1", "2"].includes(limited.retryAfter!), String(limited.retryAfter));
    assert.equal(limited.remaining, "0");
    assert.equal(limited.body.error, "Too Many Requests");
    // Another IP has its own budget; without x-forwarded-for the peer address counts.
    assert.equal((await ping("198.51.100.2")).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await ping()).status, 200);
    assert.equal((await ping()).status, 429);
    // The window ends: the client is served again, with a fresh budget.
    const again = await until("the window to end", async () => {
      const result = await ping("203.0.113.7");
      return result.status === 200 ? result : undefined;
    });
    assert.deepEqual([again.body, again.remaining], [{ pong: true }, "2"]);
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("examples/cache - second request from the cache, refetched after the TTL", async () => {
  const root = await example("cache");
  let hits = 0;
  const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    hits++;
    const id = new URL(request.url).pathname.split("/").pop();
    if (id === "missing") return Response.json({ error: "no such quote" }, { status: 404 });
    return Response.json({ id, text: `quote ${id}`, served: hits });
  });
  const server = await startServer("start", ["--root", root], {
    env: {
      UPSTREAM_URL: `http://127.0.0.1:${upstream.addr.port}`,
      CACHE_TTL_SECONDS: "1",
    },
  });
  const get = async (id: string) => {
    const response = await fetch(`${server.url}/api/quotes/${id}`);
    return {
      status: response.status,
      cache: response.headers.get("x-cache"),
      body: await response.json(),
    };
  };
  try {
    const first = await get("42");
    assert.deepEqual(first, {
      status: 200,
      cache: "MISS",
      body: { id: "42", text: "quote 42", served: 1 },
    });
    const second = await get("42");
    assert.deepEqual(second, { ...first, cache: "HIT" });
    assert.equal(hits, 1);
    const refetched = await until("the cache entry to expire", async () => {
      const result = await get("42");
      return result.cache === "MISS" ? result : undefined;
    });
    assert.equal(refetched.body.served, 2);
    assert.equal(hits, 2);
    assert.equal((await get("missing")).status, 404);
    assert.equal((await get("missing")).cache, "MISS"); // errors are not cached
    assert.equal(hits, 4);
  } finally {
    await server.stop();
    await upstream.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("examples/live - the page, and notes on the event stream as they are POSTed and deleted", async () => {
  const root = await example("live");
  const server = await startServer("start", ["--root", root]);
  const events = await openEvents(`${server.url}/api/notes/events`);
  try {
    const page = await fetch(`${server.url}/api`);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(await page.text(), /new EventSource\("\/api\/notes\/events"\)/);
    assert.equal(events.response.headers.get("content-type"), "text/event-stream; charset=utf-8");
    await events.until("the stream to open", (frame) => frame.comment === "connected");
    const ids: string[] = [];
    for (const text of ["first", "second", "third"]) {
      const response = await fetch(`${server.url}/api/notes`, {
        method: "POST",
        body: JSON.stringify({ text }),
      });
      assert.equal(response.status, 201);
      ids.push((await response.json()).id);
    }
    const added = await events.events(3);
    assert.deepEqual(
      added.map((e) => e.data),
      ids.map((id, i) => ({
        type: "set",
        key: ["notes", id],
        versionstamp: added[i]!.id,
        value: { text: ["first", "second", "third"][i] },
      })),
    );
    assert.equal(
      (await fetch(`${server.url}/api/notes/${ids[1]}`, { method: "DELETE" })).status,
      204,
    );
    const [deleted] = await events.events(1);
    assert.deepEqual(deleted!.data, {
      type: "delete",
      key: ["notes", ids[1]],
      versionstamp: deleted!.id,
    });
    const list = await (await fetch(`${server.url}/api/notes`)).json();
    assert.deepEqual(list.notes.map((n: { id: string }) => n.id), [ids[2], ids[0]]);
    const bad = await fetch(`${server.url}/api/notes`, { method: "POST", body: "{}" });
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
  } finally {
    await events.close();
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("examples/contract - the description checks the functions; the mock answers the rest", async () => {
  const root = await example("contract");
  const server = await startServer("dev", ["--root", root, "--kv", ":memory:"]);
  const call = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${server.url}${path}`, init);
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      body: await response.json(),
    };
  };
  const post = (body: unknown) =>
    call("/api/books", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
  try {
    const log = await until(
      "the coverage in the startup log",
      () =>
        Promise.resolve(
          server.output().includes("functions with no operation") ? server.output() : undefined,
        ),
    );
    assert.match(log, /API description books@v1 \(openapi\.yaml\):/);
    assert.match(log, /GET {5}\/api\/authors {2}\(openapi\.yaml#\/paths\/~1authors\/get\) mocked/);
    assert.match(log, /functions with no operation: none/);

    const created = await post({ title: "Solaris", author: "Stanisław Lem", year: 1961 });
    assert.equal(created.status, 201);
    assert.deepEqual({ ...created.body, id: "x" }, {
      id: "x",
      title: "Solaris",
      author: "Stanisław Lem",
      year: 1961,
    });
    const bad = await post({ title: "", year: "1961" });
    assert.equal(bad.status, 400);
    assert.equal(bad.type, "application/problem+json; charset=utf-8");
    assert.deepEqual(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort(), [
      "/author",
      "/title",
      "/year",
    ]);
    assert.deepEqual((await call("/api/books?limit=1")).body, { books: [created.body] });
    assert.equal((await call("/api/books?limit=51")).status, 400);
    assert.deepEqual((await call(`/api/books/${created.body.id}`)).body, created.body);
    assert.deepEqual((await call("/api/books/Not-An-Id")).body.errors, [{
      in: "path",
      name: "bookId",
      detail: 'must match pattern "^[0-9a-z]{1,32}$"',
    }]);
    assert.equal((await call("/api/books/nosuchbook")).status, 404);

    const authors = await call("/api/authors");
    assert.deepEqual(authors.body.authors.length, 2);
    const none = await call("/api/authors", { headers: { prefer: "example=none" } });
    assert.deepEqual(none.body, { authors: [] });
    assert.equal((await call("/api/authors", { method: "DELETE" })).status, 405);

    // In dev the document is the project's description, every $ref inlined.
    const document = await call("/_apifn/openapi.json");
    assert.equal(document.body.info.title, "Books");
    assert.deepEqual(Object.keys(document.body.paths), ["/books", "/books/{bookId}", "/authors"]);
    assert.doesNotMatch(JSON.stringify(document.body), /\$ref/);
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});
