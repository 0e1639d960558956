import assert from "node:assert/strict";
import { eventStream, formatEvent } from "../../src/http/sse.ts";
import { anonymousUser, createContext } from "../../src/http/context.ts";

/** A source stream that records whether it was cancelled. */
function source() {
  let controller!: ReadableStreamDefaultController<unknown>;
  const cancelled = Promise.withResolvers<void>();
  const stream = new ReadableStream({
    start: (c) => void (controller = c),
    cancel: () => cancelled.resolve(),
  });
  return { stream, controller, cancelled: cancelled.promise };
}

/** Reads the body until `text` appears (20 s deadline). */
async function readUntil(reader: ReadableStreamDefaultReader<string>, text: string) {
  let seen = "";
  const deadline = Date.now() + 20_000;
  while (!seen.includes(text)) {
    if (Date.now() > deadline) throw new Error(`No '${text}' in ${JSON.stringify(seen)}`);
    const { done, value } = await reader.read();
    if (done) throw new Error(`Ended before '${text}': ${JSON.stringify(seen)}`);
    seen += value;
  }
  return seen;
}

const text = (response: Response) =>
  response.body!.pipeThrough(new TextDecoderStream()).getReader();

Deno.test("formatEvent - id from the versionstamp, the change as one data line", () => {
  assert.equal(
    formatEvent({ type: "set", key: ["a"], versionstamp: "01", value: "x\ny" }),
    'id: 01\ndata: {"type":"set","key":["a"],"versionstamp":"01","value":"x\\ny"}\n\n',
  );
  assert.equal(formatEvent({ note: 1 }), 'data: {"note":1}\n\n');
});

Deno.test("eventStream - relays events and sends heartbeat comments", async () => {
  const { stream, controller } = source();
  const response = eventStream(stream, { heartbeatMs: 10 });
  assert.equal(response.headers.get("cache-control"), "no-cache");
  const reader = text(response);
  controller.enqueue({ type: "delete", key: ["k"], versionstamp: "02" });
  assert.match(await readUntil(reader, "versionstamp"), /^: connected\n\nid: 02\n/);
  await readUntil(reader, ": heartbeat\n\n");
  controller.close();
  while (!(await reader.read()).done) {
    // the source's end ends the body
  }
});

Deno.test("eventStream - the client going or the signal aborting cancels the source", async (t) => {
  await t.step("body cancelled", async () => {
    const { stream, cancelled } = source();
    const response = eventStream(stream);
    await response.body!.cancel();
    await cancelled;
  });
  await t.step("signal aborted", async () => {
    const { stream, cancelled } = source();
    const abort = new AbortController();
    const reader = text(eventStream(stream, { signal: abort.signal }));
    await readUntil(reader, "connected");
    abort.abort();
    await cancelled;
    assert.equal((await reader.read()).done, true);
  });
  await t.step("a source error errors the body", async () => {
    const { stream, controller } = source();
    const reader = text(eventStream(stream));
    controller.error(new Error("store closed"));
    await assert.rejects(readUntil(reader, "never"), /store closed/);
  });
});

Deno.test("eventStream - bad arguments name themselves", async (t) => {
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ["not a stream", () => eventStream("x" as never), TypeError, /from 'x': expected a Readable/],
    ["heartbeat 0", () => eventStream(source().stream, { heartbeatMs: 0 }), RangeError, /'0' ms/],
    ["heartbeat NaN", () => eventStream(source().stream, { heartbeatMs: NaN }), RangeError, /NaN/],
  ];
  for (const [name, call, type, message] of cases) {
    await t.step(
      name,
      () => assert.throws(call, (e) => e instanceof type && message.test(e.message)),
    );
  }
});

Deno.test("context.sse - made on first use, works destructured, answers with an event stream", async () => {
  const context = createContext(new Request("http://localhost/events"), {
    params: {},
    user: anonymousUser(),
    config: {},
    getKv: () => Promise.reject(new Error("no KV here")),
  });
  assert.ok(!Object.hasOwn(context, "sse"));
  const { sse } = context;
  assert.ok(Object.hasOwn(context, "sse"));
  assert.equal(context.sse, sse);
  const response = sse(ReadableStream.from([{ type: "gap", versionstamp: "03" }]));
  assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(
    await response.text(),
    ': connected\n\nid: 03\ndata: {"type":"gap","versionstamp":"03"}\n\n',
  );
});
