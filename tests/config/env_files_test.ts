import assert from "node:assert/strict";
import { loadEnvFiles, readEnvFiles } from "../../src/config/env_files.ts";

async function withFiles(
  files: Record<string, string>,
  check: (root: string) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "apifn_envfiles_" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${root}/${name}`, text);
    }
    await check(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const FILES = {
  ".env": "APIFN_T_A=env\nAPIFN_T_B=env\nAPIFN_T_C=env\nAPIFN_T_REAL=env\n",
  ".env.branch.feature-x": "APIFN_T_B=branch\nAPIFN_T_C=branch\n",
  ".env.production": "APIFN_T_C=production\n",
  ".env.preview": "APIFN_T_C=preview\n",
};
const NAMES = ["APIFN_T_A", "APIFN_T_B", "APIFN_T_C", "APIFN_T_REAL"];

Deno.test("loadEnvFiles - Redocly's order; the environment file wins; real variables win over all", async (t) => {
  const cases: [string, { environment: "production" | "preview"; branch?: string }, string[]][] = [
    ["production on feature/x", { environment: "production", branch: "feature/x" }, [
      "env",
      "branch",
      "production",
    ]],
    ["preview on feature/x", { environment: "preview", branch: "feature/x" }, [
      "env",
      "branch",
      "preview",
    ]],
    ["production without a branch", { environment: "production" }, [
      "env",
      "env",
      "production",
    ]],
    ["a branch without a file", { environment: "preview", branch: "main" }, [
      "env",
      "env",
      "preview",
    ]],
  ];
  await withFiles(FILES, async (root) => {
    for (const [name, where, [a, b, c]] of cases) {
      await t.step(name, async () => {
        Deno.env.set("APIFN_T_REAL", "real");
        try {
          const set = await loadEnvFiles(root, where);
          assert.deepEqual(set, ["APIFN_T_A", "APIFN_T_B", "APIFN_T_C"]);
          assert.deepEqual(NAMES.map((n) => Deno.env.get(n)), [a, b, c, "real"]);
        } finally {
          for (const n of NAMES) Deno.env.delete(n);
        }
      });
    }
  });
});

Deno.test("readEnvFiles - a broken file names itself and its line", async () => {
  await withFiles({ ".env.production": "A=1\noops\n" }, async (root) => {
    await assert.rejects(readEnvFiles([`${root}/.env`, `${root}/.env.production`]), {
      name: "SyntaxError",
      message: `Cannot parse '${root}/.env.production' line 2: expected KEY=VALUE`,
    });
  });
});
