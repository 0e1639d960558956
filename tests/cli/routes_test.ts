import assert from "node:assert/strict";
import { writeContractProject } from "../openapi/_contract.ts";
import { run } from "./_cli.ts";

Deno.test("apifn routes - lists the API description's coverage, in text and --json", async (t) => {
  const root = await writeContractProject();
  try {
    await t.step("text", async () => {
      const { code, stdout } = await run(["routes", "--root", root]);
      assert.equal(code, 0);
      const report = stdout.slice(stdout.indexOf("API description"));
      assert.equal(
        report,
        [
          "API description shop@v1 (spec/openapi.yaml):",
          "  operations with no function (2):",
          "    GET     /api/orders  (spec/openapi.yaml#/paths/~1orders/get)",
          "    GET     /api/stats  (spec/openapi.yaml#/paths/~1stats/get)",
          "  functions with no operation (1):",
          "    GET     /api/health  (@api/health.get.ts)",
          "",
        ].join("\n"),
      );
    });
    await t.step("--json --mock", async () => {
      const { code, stdout } = await run(["routes", "--root", root, "--json", "--mock"]);
      assert.equal(code, 0);
      const output = JSON.parse(stdout);
      assert.deepEqual(output.contract.withoutOperation, [
        { method: "GET", path: "/api/health", file: "@api/health.get.ts" },
      ]);
      assert.deepEqual(
        output.contract.withoutFunction.map((
          op: { path: string; mocked: boolean },
        ) => [op.path, op.mocked]),
        [["/api/orders", true], ["/api/stats", true]],
      );
      assert.ok(
        output.routes.some((route: { file: string }) =>
          route.file === "spec/openapi.yaml#/paths/~1orders/get"
        ),
      );
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
