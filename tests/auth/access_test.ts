import assert from "node:assert/strict";
import { compileAccessPolicy } from "../../src/auth/access.ts";
import { anonymousUser } from "../../src/http/context.ts";
import type { ApiFunctionsUser } from "../../src/types.ts";

function member(...teams: string[]): ApiFunctionsUser {
  return { ...anonymousUser(), teams: [...teams, "authenticated"], isAuthenticated: true };
}

Deno.test("compileAccessPolicy - the most specific rule decides, file and URL rules together", async (t) => {
  const policy = compileAccessPolicy({
    config: {
      rbac: {
        content: {
          "**": { authenticated: "read" },
          "@api/admin/**": { admins: "read" },
          "@api/public.ts": { "*": "read" },
        },
      },
    },
    access: {
      "/api/admin/health": { "*": true },
      "/api/reports/*": { finance: "read" },
      "@api/admin/**": { admins: "read", auditors: "read" }, // replaces the config's
    },
  })!;
  const cases: [string, string, string, ApiFunctionsUser, boolean | undefined][] = [
    ["default rule: anonymous denied", "@api/x.ts", "/api/x", anonymousUser(), false],
    ["default rule: authenticated allowed", "@api/x.ts", "/api/x", member(), true],
    ["file rule", "@api/admin/users.get.ts", "/api/admin/users", member(), false],
    ["file rule, admins", "@api/admin/users.get.ts", "/api/admin/users", member("admins"), true],
    ["option replaced config", "@api/admin/users.get.ts", "/api/admin/u", member("auditors"), true],
    [
      "exact URL beats the file rule",
      "@api/admin/[x].get.ts",
      "/api/admin/health",
      anonymousUser(),
      true,
    ],
    ["exact file", "@api/public.ts", "/api/public", anonymousUser(), true],
    ["URL wildcard", "@api/reports/[id].get.ts", "/api/reports/q1", member(), false],
    [
      "URL wildcard, finance",
      "@api/reports/[id].get.ts",
      "/api/reports/q1",
      member("finance"),
      true,
    ],
    [
      "URL decoded like the router",
      "@api/reports/[id].get.ts",
      "/api/%72eports/q1",
      member(),
      false,
    ],
    ["trailing slash", "@api/admin/[x].get.ts", "/api/admin/health/", anonymousUser(), true],
  ];
  for (const [name, file, path, user, allowed] of cases) {
    await t.step(name, () => assert.equal(policy.check(file, path, user)?.allowed, allowed));
  }
});

Deno.test("compileAccessPolicy - no rules: undefined (every route open)", () => {
  assert.equal(compileAccessPolicy({}), undefined);
  assert.equal(compileAccessPolicy({ config: { rbac: { content: {} } } }), undefined);
  const policy = compileAccessPolicy({ access: { "@api/admin/**": { admins: "read" } } })!;
  assert.equal(policy.check("@api/hello.ts", "/api/hello", anonymousUser()), undefined);
});

Deno.test("compileAccessPolicy - malformed rules throw a TypeError naming them", async (t) => {
  const cases: [string, Parameters<typeof compileAccessPolicy>[0], RegExp][] = [
    ["rbac not a mapping", { config: { rbac: [] } }, /'rbac': expected a mapping/],
    ["content not a mapping", { config: { rbac: { content: "x" } } }, /rbac.content/],
    ["rule not a mapping", { access: { "**": "read" as never } }, /'\*\*': expected a map/],
    ["role a number", { access: { "**": { a: 1 as never } } }, /team 'a' must have a role/],
    ["role empty", { access: { "**": { a: "" } } }, /team 'a'/],
    ["bad pattern", { access: { "@api/a**": { a: "read" } } }, /whole path segment/],
  ];
  for (const [name, sources, message] of cases) {
    await t.step(name, () => assert.throws(() => compileAccessPolicy(sources), message));
  }
});
