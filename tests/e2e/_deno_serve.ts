/**
 * Helpers for the `deno serve` tests: a project scaffolded by `apifn init` (its `@apifn/core`
 * import and tasks pointing at this checkout), extra files, its manifest written by its own
 * `gen` task; and `deno serve` of its `main.ts` on a free port.
 */
import assert from "node:assert/strict";
import { type Spawned, spawnServer } from "../_process.ts";
import { CLI, freePort, run } from "../cli/_cli.ts";

/** Runs a `deno` command in `cwd` to completion (60 s at most). */
export function deno(args: string[], cwd: string): ReturnType<typeof run> {
  return run([], { cli: args, cwd });
}

/**
 * Scaffolds a project in a new temp dir with `apifn init`, adds `files`, and runs its `gen`
 * task as written.
 *
 * @returns The project directory (remove its parent, `dirname`, when done).
 */
export async function scaffold(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "apifn_deno_serve_" });
  const project = `${dir}/app`;
  const created = await run(["init", project], { env: { APIFN_CLI: CLI } });
  assert.equal(created.code, 0, created.stderr);
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(`${project}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${project}/${name}`, text);
  }
  const gen = await deno(["task", "gen"], project);
  assert.equal(gen.code, 0, gen.stderr);
  return project;
}

/** `deno serve -A [--parallel] --port <free> --host 127.0.0.1 main.ts` in `project`. */
export function serveEntry(
  project: string,
  options: { parallel?: boolean; env?: Record<string, string> } = {},
): Promise<Spawned> {
  return spawnServer([
    Deno.execPath(),
    "serve",
    "-A",
    ...(options.parallel ? ["--parallel"] : []),
    "--port",
    String(freePort()),
    "--host",
    "127.0.0.1",
    "main.ts",
  ], { cwd: project, ...(options.env ? { env: options.env } : {}) });
}

/** `apifn start --parallel` (two workers) of `project` on a free loopback port. */
export function startParallel(project: string): Promise<Spawned> {
  return spawnServer([
    Deno.execPath(),
    "run",
    "-A",
    "--unstable-kv",
    CLI,
    "start",
    "--parallel",
    "--quiet",
    "--port",
    String(freePort()),
    "--hostname",
    "127.0.0.1",
  ], { cwd: project, env: { DENO_JOBS: "2" } });
}
