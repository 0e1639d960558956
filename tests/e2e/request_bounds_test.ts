/**
 * Requests that cannot hang the server, on a real port: a function whose import never finishes
 * answers 504 after the time limit while other routes keep answering; `context.signal` aborts at
 * the time limit and when the client disconnects; a route file name with `\` is refused.
 */
import assert from "node:assert/strict";
import { within } from "../_app.ts";
import { type Spawned, spawnServer } from "../_process.ts";
import { run } from "../cli/_cli.ts";

const SCRIPT = new URL("./_serve_app.ts", import.meta.url).pathname;

const FILES: Record<string, string> = {
  "@api/hang.get.ts": "await new Promise(() => {});\nexport default () => new Response('never');\n",
  "@api/ok.get.ts": "export default (_request, context) => context.json({ ok: true });\n",
  // Records in KV that it started, then the name of its signal's abort reason.
  "@api/wait/[id].get.ts": `export default async function (_request, context) {
  const kv = await context.getKv();
  await kv.set(["seen", context.params.id], "started");
  const signal = context.signal;
  const reason = await new Promise((resolve) => {
    if (signal.aborted) resolve(signal.reason);
    signal.addEventListener("abort", () => resolve(signal.reason), { once: true });
  });
  await kv.set(["seen", context.params.id], reason.name);
  return new Response("too late");
}
`,
  "@api/seen/[id].get.ts": `export default async function (_request, context) {
  const kv = await context.getKv();
  return context.json({ seen: await kv.get(["seen", context.params.id]) });
}
`,
};

async function project(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_bounds_" });
  for (const [relative, text] of Object.entries(FILES)) {
    const path = `${root}/${relative}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return root;
}

/** A child process serving `root` with `serve()` (as `start` does) or `serveDev()`. */
function serveChild(root: string, options: { timeoutMs: number; dev?: boolean }) {
  return spawnServer([Deno.execPath(), "run", "-A", "--unstable-kv", SCRIPT], {
    env: {
      APIFN_TEST_SERVE: JSON.stringify({
        root,
        kv: ":memory:",
        port: 0,
        hostname: "127.0.0.1",
        preload: "background",
        limits: { timeoutMs: options.timeoutMs },
        log: false,
        dev: options.dev ?? false,
      }),
    },
  });
}

/** SIGTERM, then the exit status; a server that does not exit in time is killed (and fails). */
async function stop(server: Spawned): Promise<Deno.CommandStatus> {
  try {
    return await within(server.stop("SIGTERM"), "shutdown after SIGTERM");
  } catch (error) {
    await server.stop("SIGKILL");
    throw error;
  }
}

async function get(server: Spawned, path: string): Promise<{ status: number; body: unknown }> {
  const response = await within(fetch(`${server.url}${path}`), `GET ${path}`);
  return { status: response.status, body: await response.json() };
}

/** Polls `GET /api/seen/<id>` until it shows `want` (a generous deadline, not a timing check). */
async function seen(server: Spawned, id: string, want: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    last = (await get(server, `/api/seen/${id}`)).body;
    if ((last as { seen: unknown }).seen === want) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`GET /api/seen/${id} still shows ${JSON.stringify(last)}, not '${want}'`);
}

const STALLED = "Cannot load function file '@api/hang.get.ts': its import did not finish within";

Deno.test("serve - a function whose import never finishes answers 504; other routes keep answering", async (t) => {
  const root = await project();
  try {
    for (const dev of [false, true]) {
      await t.step(
        dev ? "dev: the route is reported broken, naming the file" : "production",
        async () => {
          const server = await serveChild(root, { timeoutMs: 500, dev });
          try {
            for (let i = 0; i < 2; i++) {
              const [hang, again] = await Promise.all([
                get(server, "/api/hang"),
                get(server, "/api/hang"),
              ]);
              for (const answer of [hang, again]) {
                assert.equal(answer.status, 504);
                const error = (answer.body as { error: string }).error;
                if (dev) assert.ok(error.startsWith(STALLED), error);
                else assert.equal(error, "Gateway Timeout");
              }
              assert.deepEqual(await get(server, "/api/ok"), { status: 200, body: { ok: true } });
            }
            // Reported once for the file, not once per request.
            assert.equal(server.output().split(STALLED).length - 1, 1, server.output());
          } finally {
            const status = await stop(server);
            assert.equal(status.code, 0, server.output());
          }
        },
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("serve - context.signal aborts at the time limit and when the client disconnects", async (t) => {
  const root = await project();
  try {
    await t.step("the time limit: the function sees a TimeoutError after the 504", async () => {
      const server = await serveChild(root, { timeoutMs: 500 });
      try {
        assert.equal((await get(server, "/api/wait/a")).status, 504);
        await seen(server, "a", "TimeoutError");
      } finally {
        await stop(server);
      }
    });
    await t.step("a client disconnect: the function sees an AbortError", async () => {
      const server = await serveChild(root, { timeoutMs: 600_000 });
      try {
        const client = new AbortController();
        const pending = fetch(`${server.url}/api/wait/b`, { signal: client.signal });
        await seen(server, "b", "started");
        client.abort();
        await assert.rejects(pending, { name: "AbortError" });
        await seen(server, "b", "AbortError");
      } finally {
        await stop(server);
      }
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn start, dev - a route file name with a backslash is refused at startup", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "apifn_backslash_" });
  try {
    await Deno.mkdir(`${root}/@api/b`, { recursive: true });
    await Deno.writeTextFile(`${root}/@api/b/c.get.ts`, FILES["@api/ok.get.ts"]!);
    await Deno.writeTextFile(`${root}/@api/b\\c.get.ts`, FILES["@api/ok.get.ts"]!);
    for (const mode of ["start", "dev"]) {
      await t.step(mode, async () => {
        const { code, stdout, stderr } = await run([mode, "--root", root, "--port", "0"]);
        assert.equal(code, 1, stdout + stderr);
        assert.match(
          stderr,
          /Cannot parse route file '@api\/b\\c\.get\.ts': a backslash in the name 'b\\c\.get\.ts'/,
        );
        assert.doesNotMatch(stdout, /listening/);
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
