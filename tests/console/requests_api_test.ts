import assert from "node:assert/strict";
import { within } from "../_app.ts";
import { json, nextEvent, startConsole } from "./_console.ts";

const FILES = {
  // Logs, waits a little (so two requests interleave), logs again and echoes what it got.
  "@api/echo.post.ts": `export default async (request, context) => {
    const body = await request.text();
    console.log("start", body);
    await new Promise((resolve) => setTimeout(resolve, 20));
    console.warn("end", body);
    return context.json({ body, auth: request.headers.get("authorization") });
  };`,
  "@api/big.get.ts": "export default () => new Response('y'.repeat(70 * 1024));",
};

Deno.test("console requests - live, with each request's own console output", async (t) => {
  const c = await startConsole(FILES);
  const events = (await fetch(`${c.url}/_apifn/console/events`)).body!.getReader();
  const state = { buffer: "" };
  const post = (body: string) =>
    fetch(`${c.url}/api/echo`, {
      method: "POST",
      body,
      headers: { authorization: "Bearer top-secret", cookie: "sid=s1" },
    }).then((r) => r.json());
  try {
    await t.step("a request appears on the event stream", async () => {
      await post("one");
      const row = await nextEvent(
        events,
        (e, d) => e === "request" && d.path === "/api/echo",
        state,
      );
      assert.equal(row.method, "POST");
      assert.equal(row.status, 200);
      assert.equal(row.user, "anonymous");
      assert.equal(row.file, "@api/echo.post.ts");
      assert.deepEqual(row.logs, [{ level: "log", text: "start one" }, {
        level: "warn",
        text: "end one",
      }]);
    });
    await t.step("concurrent requests keep their own lines", async () => {
      await Promise.all([post("a"), post("b"), post("c")]);
      const { requests } = await json(c.api("requests"));
      for (const name of ["a", "b", "c"]) {
        const row = requests.find((r: { logs: { text: string }[] }) =>
          r.logs[0]?.text === `start ${name}`
        );
        assert.deepEqual(row.logs.map((l: { text: string }) => l.text), [
          `start ${name}`,
          `end ${name}`,
        ]);
      }
      assert.equal(requests.length, 4);
      assert.ok(requests[0].id > requests[3].id, "newest first");
    });
    await t.step("the detail masks Authorization and cookies", async () => {
      const { requests } = await json(c.api("requests"));
      const detail = await json(c.api(`requests/${requests[0].id}`));
      const headers = Object.fromEntries(detail.request.headers);
      assert.equal(headers.authorization, "Bearer ••••••");
      assert.equal(headers.cookie, "sid=••••••");
      assert.doesNotMatch(JSON.stringify(detail.request.headers), /top-secret|s1/);
      assert.match(detail.response.body.text, /"body":"[abc]"/);
    });
    await t.step(
      "a replay, edited, answers and is logged; masked headers go as received",
      async () => {
        const { requests } = await json(c.api("requests"));
        const id = requests.at(-1).id;
        const detail = await json(c.api(`requests/${id}`));
        const answer = await json(c.api(`requests/${id}/replay`, {
          method: "POST",
          body: JSON.stringify({ headers: detail.request.headers, body: "edited" }),
        }));
        assert.equal(answer.status, 200);
        const echoed = JSON.parse(answer.body.text);
        assert.deepEqual(echoed, { body: "edited", auth: "Bearer top-secret" });
        const row = await nextEvent(
          events,
          (e, d) => e === "request" && d.logs[0]?.text === "start edited",
          state,
        );
        assert.equal(row.path, "/api/echo");
        const changed = await json(c.api(`requests/${id}/replay`, {
          method: "POST",
          body: JSON.stringify({ headers: [["authorization", "Bearer other"]], body: "x" }),
        }));
        assert.equal(JSON.parse(changed.body.text).auth, "Bearer other");
        await json(
          c.api(`requests/${id}/replay`, { method: "POST", body: '{"method":"no pe"}' }),
          400,
        );
        await json(c.api("requests/99999/replay", { method: "POST", body: "{}" }), 404);
      },
    );
    await t.step("a body over 64 KB is cut in the view", async () => {
      await (await fetch(`${c.url}/api/big`)).text();
      const row = await nextEvent(
        events,
        (e, d) => e === "request" && d.path === "/api/big",
        state,
      );
      const detail = await json(c.api(`requests/${row.id}`));
      assert.equal(detail.response.body.text.length, 64 * 1024);
      assert.equal(detail.response.body.truncated, true);
    });
    await t.step("shutdown ends open event streams instead of waiting on them", async () => {
      await within(c.server.shutdown(), "the shutdown", 20_000);
      for (;;) if ((await within(events.read(), "the end of the stream")).done) break;
    });
  } finally {
    await events.cancel().catch(() => {});
    await c.close();
  }
});
