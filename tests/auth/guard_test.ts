import assert from "node:assert/strict";
import { compileAccessPolicy } from "../../src/auth/access.ts";
import { accessError, formatRouteAccess, withRouteAccess } from "../../src/auth/guard.ts";
import { anonymousUser } from "../../src/http/context.ts";

Deno.test("accessError - 401 for anonymous users, 403 for authenticated ones, none when allowed", () => {
  const policy = compileAccessPolicy({ access: { "@api/admin/**": { admins: "read" } } });
  const file = "@api/admin/x.ts";
  const pathname = "/api/admin/x";
  const anonymous = anonymousUser();
  const staff = { ...anonymous, teams: ["staff", "authenticated"], isAuthenticated: true };
  const admin = { ...staff, teams: ["admins", "authenticated"] };
  assert.equal(accessError(policy, { file, pathname, user: anonymous })?.status, 401);
  assert.equal(accessError(policy, { file, pathname, user: staff })?.status, 403);
  assert.equal(accessError(policy, { file, pathname, user: admin }), undefined);
  assert.equal(accessError(undefined, { file, pathname, user: anonymous }), undefined);
});

Deno.test("withRouteAccess - adds the applying rule to each row, leaves open rows alone", () => {
  const policy = compileAccessPolicy({
    access: {
      "@api/admin/**": { admins: "read" },
      "/api/reports/*": { finance: "read", "*": "none" },
      "/api/reports/1": { "*": "read" },
    },
  });
  const rows = withRouteAccess(policy, [
    { method: "GET", path: "/api/admin/users", file: "@api/admin/users.get.ts" },
    { method: "GET", path: "/api/reports/[id]", file: "@api/reports/[id].get.ts" },
    { method: "*", path: "/api/hello", file: "@api/hello.ts" },
  ]);
  assert.deepEqual(rows.map((row) => row.access), [
    { rule: "@api/admin/**", teams: { admins: true } },
    { rule: "/api/reports/*", teams: { finance: true, "*": false } },
    undefined,
  ]);
  assert.equal("access" in rows[2]!, false);
  assert.deepEqual(rows.map((row) => formatRouteAccess(row.access)), [
    "@api/admin/** → admins",
    "/api/reports/* → finance",
    "open",
  ]);
});
