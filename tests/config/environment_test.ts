import assert from "node:assert/strict";
import {
  branchSlug,
  detectBranch,
  envFilePaths,
  resolveEnvironment,
} from "../../src/config/environment.ts";

const only = (values: Record<string, string>) => (name: string) => values[name];

Deno.test("resolveEnvironment - REDOCLY_ENV, else development in dev and production otherwise", async (t) => {
  const cases: [string, boolean, string | undefined, string][] = [
    ["dev default", true, undefined, "development"],
    ["start default", false, undefined, "production"],
    ["empty is unset", false, "", "production"],
    ["preview under start", false, "preview", "preview"],
    ["production under dev", true, "production", "production"],
    ["development under start", false, "development", "development"],
  ];
  for (const [name, dev, value, expected] of cases) {
    await t.step(name, () => {
      const env = value === undefined ? only({}) : only({ REDOCLY_ENV: value });
      assert.equal(resolveEnvironment(dev, env), expected);
    });
  }
  await t.step("an invalid value is a RangeError naming it", () => {
    for (const value of ["staging", "Production", " production"]) {
      assert.throws(() => resolveEnvironment(true, only({ REDOCLY_ENV: value })), {
        name: "RangeError",
        message:
          `Cannot use REDOCLY_ENV '${value}': expected 'production', 'preview' or 'development'`,
      });
    }
  });
});

async function git(cwd: string, ...args: string[]): Promise<void> {
  const output = await new Deno.Command("git", {
    args: ["-c", "user.email=a@example.com", "-c", "user.name=a", ...args],
    cwd,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
}

Deno.test("detectBranch - PUBLIC_REDOCLY_BRANCH_NAME, else git, else none", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "apifn_branch_" });
  try {
    await t.step("not a repository: no branch", async () => {
      assert.equal(await detectBranch(root, only({})), undefined);
    });
    await t.step("a missing folder: no branch", async () => {
      assert.equal(await detectBranch(`${root}/missing`, only({})), undefined);
    });
    await git(root, "init", "-q", "-b", "feature/rss");
    await t.step("a repository without commits names its branch", async () => {
      assert.equal(await detectBranch(root, only({})), "feature/rss");
    });
    await t.step("the variable wins over git", async () => {
      const env = only({ PUBLIC_REDOCLY_BRANCH_NAME: "main" });
      assert.equal(await detectBranch(root, env), "main");
    });
    await git(root, "commit", "-q", "--allow-empty", "-m", "first");
    await git(root, "checkout", "-q", "-b", "release");
    await t.step("a checkout changes the branch", async () => {
      assert.equal(await detectBranch(root, only({})), "release");
    });
    await git(root, "checkout", "-q", "--detach");
    await t.step("a detached HEAD: no branch", async () => {
      assert.equal(await detectBranch(root, only({})), undefined);
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("envFilePaths - .env, then the branch file, then the environment file", async (t) => {
  await t.step("with a branch", () => {
    assert.deepEqual(envFilePaths("/p/", { environment: "preview", branch: "a/b/c" }), [
      "/p/.env",
      "/p/.env.branch.a-b-c",
      "/p/.env.preview",
    ]);
  });
  await t.step("without a branch", () => {
    assert.deepEqual(envFilePaths("/p", { environment: "development" }), [
      "/p/.env",
      "/p/.env.development",
    ]);
  });
  await t.step("branchSlug replaces every slash", () => {
    assert.equal(branchSlug("x//y"), "x--y");
  });
});
