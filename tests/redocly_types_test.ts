import assert from "node:assert/strict";
import type * as Redocly from "@redocly/config";
import { createApp } from "../src/app.ts";
import type * as Ours from "../src/types.ts";

// Type-level checks: `deno check` fails if the shapes drift from @redocly/config 0.67.0.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Extends<A, B> = [A] extends [B] ? true : false;
export type Checks = [
  // Redocly's store plus apifn's `watch`.
  Assert<Same<Omit<Ours.KvService, "watch">, Redocly.KvService>>,
  Assert<Extends<Ours.KvService, Redocly.KvService>>,
  Assert<Same<Ours.KvTransaction, Redocly.KvTransaction>>,
  Assert<Same<Ours.KvKey, Redocly.KvKey>>,
  Assert<Same<Ours.KvListSelector, Redocly.KvListSelector>>,
  Assert<Same<Ours.KvListOptions, Redocly.KvListOptions>>,
  Assert<Same<Ours.KvListResponse, Redocly.KvListResponse>>,
  Assert<Same<Ours.CookieOptions, Redocly.CookieOptions>>,
  // The user is Redocly's plus `idpIdToken` (documented by Redocly, missing from its types).
  Assert<Same<Omit<Ours.ApiFunctionsUser, "idpIdToken">, Redocly.ApiFunctionsUser>>,
  Assert<Same<Exclude<keyof Ours.ApiFunctionsUser, keyof Redocly.ApiFunctionsUser>, "idpIdToken">>,
  Assert<Same<Ours.ApiFunctionsUser["idpIdToken"], string | undefined>>,
  Assert<Extends<Ours.ApiFunctionsUser, Redocly.ApiFunctionsUser>>,
  Assert<Same<Ours.ApiFunctionsContextMethods, Redocly.ApiFunctionsContextMethods>>,
  // Our context can be passed to a function typed with Redocly's context.
  Assert<Extends<Ours.ApiFunctionsContext, Redocly.ApiFunctionsContext>>,
  // Redocly's context plus apifn's `signal`, `enqueue`, `state` and `sse`, its user and store
  // being ours (Redocly's plus `idpIdToken`, plus `watch`).
  Assert<
    Same<
      Omit<Ours.ApiFunctionsContext, "signal" | "enqueue" | "state" | "sse" | "user" | "getKv">,
      Omit<Redocly.ApiFunctionsContext, "user" | "getKv">
    >
  >,
  Assert<Same<ReturnType<Ours.ApiFunctionsContext["getKv"]>, Promise<Ours.KvService>>>,
  Assert<Same<Ours.ApiFunctionsContext["user"], Ours.ApiFunctionsUser>>,
  Assert<Same<Ours.ApiFunctionsContext["signal"], AbortSignal>>,
  Assert<Same<Ours.ApiFunctionsContext["state"], Record<string, unknown>>>,
  Assert<
    Same<
      Ours.ApiFunctionsContext["enqueue"],
      (name: string, payload?: Ours.KvValue, options?: Ours.EnqueueOptions) => Promise<string>
    >
  >,
  Assert<
    Extends<(r: Request, c: Redocly.ApiFunctionsContext) => Promise<Response>, Ours.ApiFunction>
  >,
];

const ROOT = new URL("./fixtures/redocly", import.meta.url).pathname;

Deno.test("Redocly compatibility - functions typed with @redocly/config run unchanged", async () => {
  const app = await createApp({ root: ROOT, kv: ":memory:" });
  const call = (path: string, init?: RequestInit) =>
    app.fetch(new Request(`http://localhost${path}`, init));
  try {
    for (const [id, balance] of [["alice", 100], ["bob", 5]] as const) {
      const response = await call(`/api/accounts/${id}?via=test`, {
        method: "PUT",
        body: JSON.stringify({ owner: id, balance }),
        headers: { cookie: "theme=dark" },
      });
      assert.equal(response.status, 201);
      assert.match(response.headers.get("set-cookie")!, /^last=.*Max-Age=3600.*SameSite=Strict/);
      const body = await response.json();
      assert.deepEqual(body.entry, { key: ["accounts", id], value: { owner: id, balance } });
      assert.deepEqual(body.user, ["anonymous"]);
      assert.deepEqual(body.cookies, { theme: "dark" });
      assert.deepEqual(body.query, { via: "test" });
    }
    const ok = await call("/api/transfer", {
      method: "POST",
      body: JSON.stringify({ from: "alice", to: "bob", amount: 30 }),
    });
    assert.deepEqual(await ok.json(), { from: 70, to: 35 });
    const refused = await call("/api/transfer", {
      method: "POST",
      body: JSON.stringify({ from: "bob", to: "alice", amount: 1000 }),
    });
    assert.deepEqual([refused.status, await refused.json()], [400, {
      error: "Insufficient funds",
    }]);
    assert.deepEqual(await (await call("/api/accounts")).json(), {
      ids: ["alice", "bob"],
      total: 2,
    });
  } finally {
    await app.close();
  }
});
