/**
 * The document passes `@redocly/cli lint` (recommended rules) with zero errors. The first run
 * fetches the CLI from npm into Deno's cache; later runs use the cache.
 */
import assert from "node:assert/strict";
import { run } from "../cli/_cli.ts";
import { writeShop } from "./_project.ts";

const REDOCLY_CLI = "npm:@redocly/cli@2.77.0";
const NOTES = new URL("../../examples/notes", import.meta.url).pathname;

/** Lints `file` in its folder (no redocly.yaml there: the built-in recommended rules). */
async function lint(file: string) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-config", "--no-lock", REDOCLY_CLI, "lint", "--format=json", file],
    cwd: file.slice(0, file.lastIndexOf("/")),
    // No telemetry and no update check: the CLI talks to nothing but the npm registry.
    env: { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    signal: AbortSignal.timeout(300_000),
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(text.trimStart().startsWith("{"), `no JSON report:\n${text}\n${stderr}`);
  const report = JSON.parse(text) as {
    totals: { errors: number; warnings: number };
    problems: Array<{ ruleId: string; severity: string; message: string }>;
  };
  return { code: output.code, report };
}

async function lintProject(root: string, name: string) {
  const dir = await Deno.makeTempDir({ prefix: "apifn_lint_" });
  try {
    const file = `${dir}/${name}`;
    const written = await run(["openapi", "--root", root, "--out", file]);
    assert.equal(written.code, 0, written.stderr);
    return await lint(file);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("redocly lint - examples/notes: no errors, only the warnings the README explains", async () => {
  const { code, report } = await lintProject(NOTES, "notes.yaml");
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}`);
  assert.equal(report.totals.errors, 0, JSON.stringify(report.problems, null, 2));
  assert.equal(code, 0);
  // info-license: the example has no deno.json, so no license to copy into `info`.
  assert.deepEqual(problems, ["warn info-license"]);
});

Deno.test("redocly lint - catch-alls, method-less files, validators, access rules: no problems", async () => {
  const root = await writeShop();
  try {
    const { code, report } = await lintProject(root, "shop.json");
    assert.deepEqual(report.problems, []);
    assert.equal(code, 0);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("redocly lint - examples/contract's own description: no errors", async () => {
  const file = new URL("../../examples/contract/openapi.yaml", import.meta.url).pathname;
  const { code, report } = await lint(file);
  assert.equal(report.totals.errors, 0, JSON.stringify(report.problems, null, 2));
  assert.equal(code, 0);
  // GET /authors (the mocked operation) takes no input, so it declares no 4XX response.
  assert.deepEqual(report.problems.map((p) => `${p.severity} ${p.ruleId}`), [
    "warn operation-4xx-response",
  ]);
});
