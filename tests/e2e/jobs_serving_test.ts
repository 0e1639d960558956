/**
 * The job worker runs wherever apifn serves: the scaffolded entry under `deno serve
 * --parallel` (job files listed in its manifest), `apifn start --parallel`, and `dev`, which
 * reloads an edited job file like a function.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { startDev } from "../server/_dev.ts";
import { scaffold, serveEntry, startParallel } from "./_deno_serve.ts";

const MARK = (version: string) =>
  `export default async function mark(payload, context) {
  const kv = await context.getKv();
  await kv.set(["marks", payload.i], ${JSON.stringify(version)});
}
`;

const FILES: Record<string, string> = {
  "_jobs/mark.ts": MARK("v1"),
  "@api/mark.post.ts": `export default async (_request, context) =>
    context.json({ id: await context.enqueue("mark", { i: Number(context.query.i) }) });`,
  "@api/marks.get.ts": `export default async (_request, context) => {
    const page = await (await context.getKv()).list({ prefix: ["marks"] }, { limit: 1000 });
    return context.json(Object.fromEntries(page.items.map((item) => [item.key[1], item.value])));
  };`,
};

/** POSTs `/api/mark?i=…` for each `i`, then polls `/api/marks` until each is marked (60 s). */
async function markAll(url: string, from: number, count: number): Promise<Record<string, string>> {
  const deadline = Date.now() + 60_000;
  for (let i = from; i < from + count; i++) {
    const response = await fetch(`${url}/api/mark?i=${i}`, { method: "POST" }).catch((error) => {
      // A second worker of --parallel may not listen yet.
      if (Date.now() > deadline) throw error;
      i--;
    });
    if (!response) continue;
    assert.equal(response.status, 200, await response.clone().text());
    await response.body?.cancel();
  }
  for (;;) {
    const marks = await (await fetch(`${url}/api/marks`)).json();
    const done = Array.from({ length: count }, (_, i) => String(from + i)).every((i) => i in marks);
    if (done) return marks;
    assert.ok(Date.now() < deadline, `jobs ran: ${JSON.stringify(marks)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test("job worker - runs under deno serve --parallel and apifn start --parallel, and stops with them", async (t) => {
  const project = await scaffold(FILES);
  const servers = {
    "deno serve --parallel main.ts": () =>
      serveEntry(project, { parallel: true, env: { DENO_JOBS: "2" } }),
    "apifn start --parallel": () => startParallel(project),
  };
  try {
    let from = 0;
    for (const [name, start] of Object.entries(servers)) {
      await t.step(name, async () => {
        const server = await start();
        try {
          await markAll(server.url, from, 20);
          from += 20;
        } finally {
          assert.equal((await server.stop("SIGTERM", 30_000)).code, 0, server.output());
        }
      });
    }
  } finally {
    await Deno.remove(dirname(project), { recursive: true });
  }
});

Deno.test("job worker - dev runs jobs and reloads an edited or added job file", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_dev_jobs_" });
  for (const [name, text] of Object.entries(FILES)) {
    await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${name}`, text);
  }
  const server = await startDev(root, { jobs: { idlePollMs: 50 } });
  const url = `http://127.0.0.1:${server.addr.port}`;
  try {
    assert.equal((await markAll(url, 0, 1))["0"], "v1");
    await Deno.writeTextFile(`${root}/_jobs/mark.ts`, MARK("v2"));
    await Deno.writeTextFile(`${root}/_jobs/added.ts`, "export default () => {};\n");
    const deadline = Date.now() + 30_000;
    for (let i = 1;; i++) {
      const marks = await markAll(url, i, 1);
      if (marks[String(i)] === "v2") break;
      assert.ok(Date.now() < deadline, "the edited job file was reloaded");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(await server.app.enqueue("added", null), /^\w+$/);
  } finally {
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});
