/**
 * Two server workers on one store file (`DENO_JOBS=2`): the scaffolded entry under
 * `deno serve --parallel`, and `apifn start --parallel` (which runs `deno serve --parallel`
 * on its own entry). Concurrent POSTs, each on its own connection, each a plain write and a
 * transaction on one shared counter; afterwards every write is there.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { scaffold, serveEntry, startParallel } from "./_deno_serve.ts";

const POSTS = 200;

const FILES: Record<string, string> = {
  // One id per worker: each worker imports its own copy of the module.
  "@api/_worker.ts": "export const worker = crypto.randomUUID();\n",
  "@api/whoami.get.ts": `import { worker } from "./_worker.ts";
    export default (_request, context) => context.json({ worker });`,
  "@api/hits.post.ts": `import { worker } from "./_worker.ts";
    export default async (_request, context) => {
      const kv = await context.getKv();
      await kv.set(["hits", Number(context.query.i)], worker);
      const count = await kv.transaction(async (tx) => {
        const next = ((await tx.get(["count"])) ?? 0) + 1;
        await tx.set(["count"], next);
        return next;
      });
      return context.json({ worker, count });
    };`,
  "@api/hits.get.ts": `export default async (_request, context) => {
      const kv = await context.getKv();
      const page = await kv.list({ prefix: ["hits"] }, { limit: 1000 });
      const keys = page.items.map((item) => item.key[1]);
      return context.json({ total: page.total, keys, count: await kv.get(["count"]) });
    };`,
};

/** Asks `whoami` on new connections until both workers have answered (30 s at most). */
async function waitForTwoWorkers(url: string, client: Deno.HttpClient): Promise<void> {
  const seen = new Set<string>();
  const deadline = Date.now() + 30_000;
  while (seen.size < 2) {
    assert.ok(Date.now() < deadline, `two workers answered (seen: ${seen.size})`);
    try {
      const response = await fetch(`${url}/api/whoami`, { client });
      if (response.ok) seen.add((await response.json()).worker);
      else await response.body?.cancel();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20)); // not listening yet
    }
  }
}

const SERVERS = [
  {
    name: "deno serve --parallel main.ts",
    start: (project: string) => serveEntry(project, { parallel: true, env: { DENO_JOBS: "2" } }),
  },
  {
    name: "apifn start --parallel",
    start: (project: string) => startParallel(project),
  },
];

Deno.test("deno serve --parallel - two workers, one store file, concurrent POSTs, nothing lost", async (t) => {
  const project = await scaffold(FILES);
  // A new connection per request, so the kernel spreads them over both workers.
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  try {
    for (const { name, start } of SERVERS) {
      await t.step(name, async () => {
        await Deno.remove(`${project}/.apifn`, { recursive: true }).catch(() => {});
        const server = await start(project);
        try {
          await waitForTwoWorkers(server.url, client);
          const answers = await Promise.all(
            Array.from({ length: POSTS }, async (_, i) => {
              const response = await fetch(`${server.url}/api/hits?i=${i}`, {
                method: "POST",
                client,
              });
              assert.equal(response.status, 200, await response.clone().text());
              return await response.json() as { worker: string; count: number };
            }),
          );
          assert.equal(new Set(answers.map((a) => a.worker)).size, 2, "both workers wrote");
          // Each transaction saw a different count: none overwrote another.
          assert.equal(new Set(answers.map((a) => a.count)).size, POSTS);
          const stored = await (await fetch(`${server.url}/api/hits`, { client })).json();
          assert.equal(stored.total, POSTS);
          assert.equal(stored.count, POSTS);
          assert.deepEqual(stored.keys, Array.from({ length: POSTS }, (_, i) => i));
        } finally {
          assert.equal((await server.stop("SIGTERM")).code, 0, server.output());
        }
      });
    }
  } finally {
    client.close();
    await Deno.remove(dirname(project), { recursive: true });
  }
});
