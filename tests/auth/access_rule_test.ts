import assert from "node:assert/strict";
import { compileAccessRule, ruleAllows } from "../../src/auth/access_rule.ts";

Deno.test("ruleAllows - listed teams decide, else '*', else denied", async (t) => {
  const rule = compileAccessRule("**", {
    admins: "admin",
    readers: "read",
    banned: "none",
    "*": "none",
  }, { source: "option" });
  const open = compileAccessRule("**", { banned: false, "*": true }, { source: "option" });
  const onlyAuth = compileAccessRule("**", { authenticated: "read" }, { source: "config" });
  const cases: [string, typeof rule, string[], boolean][] = [
    ["listed and allowed", rule, ["admins", "authenticated"], true],
    ["listed, allowed by one of two teams", rule, ["banned", "readers", "authenticated"], true],
    ["listed and denied", rule, ["banned", "authenticated"], false],
    ["not listed, '*' denies", rule, ["others", "authenticated"], false],
    ["not listed, '*' allows", open, ["others", "authenticated"], true],
    ["listed false beats '*' true", open, ["banned", "authenticated"], false],
    ["anonymous under '*' true", open, ["anonymous"], true],
    ["authenticated team", onlyAuth, ["x", "authenticated"], true],
    ["anonymous, no '*': denied", onlyAuth, ["anonymous"], false],
  ];
  for (const [name, r, teams, expected] of cases) {
    await t.step(name, () => assert.equal(ruleAllows(r, teams), expected));
  }
});

Deno.test("compileAccessRule - role strings and booleans", async (t) => {
  const roles: [string | boolean, boolean][] = [
    ["read", true],
    ["write", true],
    ["triage", true],
    ["maintain", true],
    ["admin", true],
    ["none", false],
    [" NONE ", false],
    [true, true],
    [false, false],
  ];
  for (const [role, allowed] of roles) {
    await t.step(JSON.stringify(role), () => {
      const rule = compileAccessRule("**", { staff: role }, { source: "config" });
      assert.equal(ruleAllows(rule, ["staff", "authenticated"]), allowed);
    });
  }
  await t.step("anything else throws a TypeError naming rule and team", () => {
    for (const role of [1, "", null, ["read"]]) {
      assert.throws(
        () => compileAccessRule("@api/x.ts", { staff: role }, { source: "option" }),
        /'@api\/x.ts': team 'staff'/,
      );
    }
    assert.throws(() => compileAccessRule("**", "read", { source: "option" }), TypeError);
  });
});
