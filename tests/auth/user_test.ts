import assert from "node:assert/strict";
import { createUserResolver, normalizeUser } from "../../src/auth/user.ts";

const ANONYMOUS = {
  teams: ["anonymous"],
  claims: {},
  email: undefined,
  idpAccessToken: undefined,
  idpId: undefined,
  idpIdToken: undefined,
  isAuthenticated: false,
};

Deno.test("normalizeUser - anonymous for no user", async (t) => {
  for (const value of [null, undefined, false, 0, "ada", [], { isAuthenticated: false }]) {
    await t.step(JSON.stringify(value) ?? "undefined", () => {
      assert.deepEqual(normalizeUser(value), ANONYMOUS);
    });
  }
});

Deno.test("normalizeUser - keeps only known fields with the right types", async (t) => {
  const cases: [string, unknown, Record<string, unknown>][] = [
    ["empty object", {}, { teams: ["authenticated"], claims: {} }],
    ["full", {
      email: "a@x",
      teams: ["t1"],
      claims: { sub: "1" },
      idpAccessToken: "tok",
      idpId: "idp",
      idpIdToken: "id-token",
    }, {
      email: "a@x",
      teams: ["t1", "authenticated"],
      claims: { sub: "1" },
      idpAccessToken: "tok",
      idpId: "idp",
      idpIdToken: "id-token",
    }],
    ["wrong types dropped", {
      email: 42,
      teams: "admins",
      claims: [1],
      idpAccessToken: {},
      idpId: null,
      idpIdToken: 42,
    }, { teams: ["authenticated"], claims: {} }],
    ["teams: strings only, deduplicated, reserved names removed", {
      teams: ["a", "a", 1, null, "anonymous", "*", "", "authenticated", "b"],
    }, { teams: ["a", "authenticated", "b"], claims: {} }],
    ["claims of a class instance are not copied", { claims: new Date(0) }, {
      teams: ["authenticated"],
      claims: {},
    }],
    ["unknown fields dropped", { isAdmin: true, role: "root" }, {
      teams: ["authenticated"],
      claims: {},
    }],
  ];
  for (const [name, input, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(normalizeUser(input), {
        email: undefined,
        idpAccessToken: undefined,
        idpId: undefined,
        idpIdToken: undefined,
        ...expected,
        isAuthenticated: true,
      });
    });
  }
  await t.step("claims are copied, not shared", () => {
    const claims = { sub: "1" };
    const user = normalizeUser({ claims });
    user.claims.sub = "2";
    assert.equal(claims.sub, "1");
  });
});

Deno.test("createUserResolver - a throwing authenticate gives the anonymous user, logged in dev only", async (t) => {
  const throwers: [string, () => never | Promise<never>][] = [
    ["throws", () => {
      throw new Error("bad token");
    }],
    ["rejects", () => Promise.reject(new Error("bad token"))],
    ["throws a non-Error", () => {
      throw { toString: () => "bad token" };
    }],
  ];
  for (const [name, authenticate] of throwers) {
    await t.step(name, async () => {
      for (const dev of [true, false]) {
        const logged: string[] = [];
        const resolve = createUserResolver(authenticate, { dev, warn: (m) => logged.push(m) });
        assert.deepEqual(await resolve(new Request("http://x/")), ANONYMOUS);
        if (dev) assert.match(logged.join(), /bad token/);
        else assert.deepEqual(logged, []);
      }
    });
  }
  await t.step("no authenticate: anonymous, synchronously", () => {
    const resolve = createUserResolver(undefined, { dev: true, warn() {} });
    assert.deepEqual(resolve(new Request("http://x/")), ANONYMOUS);
  });
  await t.step("a result is normalised", async () => {
    const resolve = createUserResolver(() => ({ teams: ["x", "x"] }), { dev: false, warn() {} });
    assert.deepEqual((await resolve(new Request("http://x/"))).teams, ["x", "authenticated"]);
  });
});
