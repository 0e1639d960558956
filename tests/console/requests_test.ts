import assert from "node:assert/strict";
import type { ResponseInfo } from "../../src/app.ts";
import { maskHeaders, MAX_REQUESTS, RequestLog } from "../../src/console/requests.ts";

function info(path: string, headers: [string, string][] = []): ResponseInfo {
  return {
    method: "GET",
    url: `http://localhost${path}`,
    status: 200,
    durationMs: 1.234,
    user: undefined,
    file: "@api/a.get.ts",
    request: { headers, body: undefined },
    response: { headers: [["set-cookie", "sid=abc; Path=/; HttpOnly"]], body: undefined },
  };
}

Deno.test("maskHeaders - credentials are masked, names and schemes kept", async (t) => {
  const cases: [[string, string], [string, string]][] = [
    [["authorization", "Bearer eyJabc"], ["authorization", "Bearer ••••••"]],
    [["Authorization", "opaque"], ["Authorization", "••••••"]],
    [["proxy-authorization", "Basic dXNlcg=="], ["proxy-authorization", "Basic ••••••"]],
    [["x-api-key", "k1"], ["x-api-key", "••••••"]],
    [["cookie", "sid=1; theme=dark"], ["cookie", "sid=••••••; theme=••••••"]],
    [["set-cookie", "sid=abc; Path=/"], ["set-cookie", "sid=••••••; Path=/"]],
    [["accept", "*/*"], ["accept", "*/*"]],
  ];
  for (const [given, masked] of cases) {
    await t.step(given[0], () => assert.deepEqual(maskHeaders([given]), [masked]));
  }
});

Deno.test("RequestLog - keeps the last 200, newest first, masked in the detail", () => {
  const log = new RequestLog();
  for (let i = 1; i <= MAX_REQUESTS + 5; i++) log.add(info(`/api/${i}`), []);
  const rows = log.list();
  assert.equal(rows.length, MAX_REQUESTS);
  assert.equal(rows[0]!.path, `/api/${MAX_REQUESTS + 5}`);
  assert.equal(rows.at(-1)!.path, "/api/6");
  assert.equal(log.get(5), undefined);
  const item = log.add(info("/api/x?q=1", [["authorization", "Bearer s3cret"]]), [
    { level: "log", text: "hi" },
  ]);
  const detail = log.detail(item.id) as {
    path: string;
    user: string;
    logs: unknown[];
    request: { headers: [string, string][] };
    response: { headers: [string, string][] };
  };
  assert.equal(detail.path, "/api/x?q=1");
  assert.equal(detail.user, "anonymous");
  assert.deepEqual(detail.logs, [{ level: "log", text: "hi" }]);
  assert.deepEqual(detail.request.headers, [["authorization", "Bearer ••••••"]]);
  assert.deepEqual(detail.response.headers, [["set-cookie", "sid=••••••; Path=/; HttpOnly"]]);
  // The original stays for a replay.
  assert.deepEqual(log.get(item.id)!.info.request.headers, [["authorization", "Bearer s3cret"]]);
});
