import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { openKv, storeBackend } from "../../src/kv/engine/open.ts";
import type { EnqueueOptions } from "../../src/types.ts";

async function project(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${root}/${path}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, text);
  }
  return root;
}

/** Polls `read` until `done` holds or 20 s pass. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const RECORD = `export default async function (payload, context) {
  const kv = await context.getKv();
  await kv.set(["runs", context.job.name, context.job.id, context.job.attempt], {
    payload, at: Date.now(), config: context.config.title ?? null, home: context.env.HOME ?? null,
  });
  if (payload?.then) await context.enqueue(payload.then, { from: context.job.name });
  if (payload?.fail) throw new Error("failing on purpose");
}`;

Deno.test("jobs - enqueue from a function, run with a context, chain, retry, dead letter, delay", async (t) => {
  const root = await project({
    "_jobs/record.ts": RECORD,
    "_jobs/nested/second.ts": RECORD,
    "_jobs/_helper.ts": "export const x = 1;",
    "@api/signup.post.ts": `export default async function (request, context) {
      const id = await context.enqueue("record", await request.json());
      return context.json({ id });
    }`,
    "redocly.yaml": "title: Jobs test\n",
  });
  const logged: string[] = [];
  const app = await createApp({
    root,
    kv: ":memory:",
    jobs: { idlePollMs: 50 },
    logger: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
  });
  await app.startJobs();
  const kv = await app.getKv();
  const runs = async (name: string) =>
    (await kv.list<{ payload: unknown; at: number; config: string }>({ prefix: ["runs", name] }))
      .items;

  await t.step("a function's context.enqueue runs the job, which chains another", async () => {
    const response = await app.fetch(
      new Request("http://localhost/api/signup", {
        method: "POST",
        body: JSON.stringify({ email: "a@example.com", then: "nested/second" }),
      }),
    );
    const { id } = await response.json();
    const [first] = await until(() => runs("record"), (items) => items.length > 0);
    assert.deepEqual(first!.key.slice(2), [id, 1]);
    assert.deepEqual(first!.value!.payload, { email: "a@example.com", then: "nested/second" });
    assert.equal(first!.value!.config, "Jobs test");
    const [second] = await until(() => runs("nested/second"), (items) => items.length > 0);
    assert.deepEqual(second!.value!.payload, { from: "record" });
  });

  await t.step("bad names, payloads and options are the caller's errors", async () => {
    for (
      const [name, payload, options, type, message] of [
        ["nope", {}, undefined, TypeError, /^Cannot enqueue job 'nope': there is no such job/],
        ["_helper", {}, undefined, TypeError, /'_helper': there is no such job/],
        ["record", { big: 1n }, undefined, TypeError, /payload is not JSON serializable/],
        ["record", "x".repeat(70_000), undefined, RangeError, /exceeds the maximum of 60 KB/],
        ["record", {}, { delay: -1 }, RangeError, /delay -1 must be 0 to/],
        ["record", {}, { attempts: 0 }, RangeError, /attempts 0 must be an integer/],
        ["record", {}, { backoff: [] }, RangeError, /backoff must list 1 to 20 delays/],
      ] as [string, unknown, EnqueueOptions | undefined, ErrorConstructor, RegExp][]
    ) {
      await assert.rejects(app.enqueue(name, payload as never, options), (error: Error) => {
        assert.ok(error instanceof type, `${name}: ${error}`);
        assert.match(error.message, message);
        return true;
      });
    }
  });

  await t.step("a job failing every run lands in the dead letters after its attempts", async () => {
    const id = await app.enqueue("record", { fail: true }, { attempts: 3, backoff: [5] });
    const dead = await until(
      async () => (await kv.list({ prefix: ["runs", "record", id] })).items.length,
      (count) => count === 3,
    );
    assert.equal(dead, 3);
    const letter = await until(
      () => storeBackend(kv)!.kv.get<{ error: string; runs: number }>(["j", "dead", id]),
      (entry) => entry.versionstamp !== null,
    );
    assert.match(letter.value!.error, /^Error: failing on purpose/);
    assert.equal(letter.value!.runs, 3);
    const deadLine = new RegExp(`Job 'record' \\(${id}\\) run 3/3 failed, moved to`);
    const log = await until(
      () => Promise.resolve(logged.join("\n")),
      (text) => deadLine.test(text),
    );
    assert.match(log, deadLine);
  });

  await t.step("a delayed job does not run before its delay", async () => {
    const before = Date.now();
    const id = await app.enqueue("record", { late: true }, { delay: 300 });
    const [run] = await until(
      async () => (await kv.list<{ at: number }>({ prefix: ["runs", "record", id] })).items,
      (items) => items.length > 0,
    );
    assert.ok(run!.value!.at >= before + 300, `ran ${run!.value!.at - before} ms after enqueue`);
  });
  await app.close();
  await Deno.remove(root, { recursive: true });
});

Deno.test("jobs - a bad schedule fails startJobs naming the file; dev only warns", async () => {
  const root = await project({
    "_jobs/report.ts": `export const schedule = "61 * * * *";
    export default () => {};`,
  });
  const app = await createApp({ root, kv: ":memory:" });
  await assert.rejects(
    app.startJobs(),
    /^Error: Cannot load job file '_jobs\/report.ts': Cannot parse cron expression '61 \* \* \* \*'/,
  );
  await app.close();
  const warnings: string[] = [];
  const dev = await createApp({
    root,
    kv: ":memory:",
    dev: true,
    logger: { warn: (m) => warnings.push(m), error: () => {} },
  });
  await dev.startJobs();
  assert.match(warnings.join("\n"), /Cannot load job file '_jobs\/report.ts'/);
  await dev.close();
  await Deno.remove(root, { recursive: true });
});

Deno.test("jobs - without job files startJobs opens nothing; dev starts on the first one", async () => {
  const root = await project({ "@api/x.get.ts": "export default () => new Response('x');" });
  const kv = await openKv(":memory:");
  const custom = { ...kv, get: kv.get.bind(kv) } as never; // a KvService apifn did not open
  const plain = await createApp({ root, kv: custom });
  await plain.startJobs(); // a custom store is fine while there is nothing to run
  await assert.rejects(plain.enqueue("x"), /Cannot enqueue job 'x': there is no such job/);
  await plain.close();
  const dev = await createApp({
    root,
    kv: ":memory:",
    dev: true,
    jobs: { idlePollMs: 50 },
    logger: { warn: () => {}, error: () => {} },
  });
  await dev.startJobs();
  await Deno.mkdir(`${root}/_jobs`);
  await Deno.writeTextFile(
    `${root}/_jobs/first.ts`,
    `export default async (payload, context) => (await context.getKv()).set(["first"], payload);`,
  );
  await dev.reload();
  await dev.enqueue("first", { ok: true });
  const store = await dev.getKv();
  assert.deepEqual(await until(() => store.get(["first"]), (value) => value !== null), {
    ok: true,
  });
  await dev.close();
  await kv.close();
  await Deno.remove(root, { recursive: true });
});
