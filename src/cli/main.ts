/**
 * The apifn command line: `dev`, `start`, `routes`, `init`, `gen`, `kv`, `jobs`, `openapi`.
 *
 * ```sh
 * deno run -A --unstable-kv jsr:@apifn/core/cli dev --root . --port 8000
 * ```
 *
 * Exit codes: 0 success, 1 failure, 2 bad usage (unknown command or flag, bad argument).
 *
 * @module
 */
import { UsageError } from "./args.ts";
import { genCommand } from "./gen.ts";
import { initCommand } from "./init.ts";
import { jobsCommand } from "./jobs.ts";
import { kvCommand } from "./kv.ts";
import { openapiCommand } from "./openapi.ts";
import { routesCommand } from "./routes.ts";
import { serveCommand } from "./serve.ts";

/** A CLI command: runs with its arguments and returns the exit code. */
export type Command = { summary: string; run(args: string[]): Promise<number> };

const COMMANDS: Record<string, Command> = {
  dev: {
    summary: "Serve the project with hot reload and detailed errors",
    run: (args) => serveCommand(args, { dev: true }),
  },
  start: {
    summary: "Serve the project in production mode",
    run: (args) => serveCommand(args, { dev: false }),
  },
  routes: { summary: "Print the route table", run: routesCommand },
  init: { summary: "Create a new project", run: initCommand },
  gen: { summary: "Write the static manifest for Deploy and deno compile", run: genCommand },
  kv: { summary: "Read, write, export and import the KV store", run: kvCommand },
  jobs: {
    summary: "List the job queue, dead letters and schedules; retry or drop",
    run: jobsCommand,
  },
  openapi: { summary: "Write the OpenAPI document of the project", run: openapiCommand },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return [
    "Usage: apifn <command> [options]",
    "",
    "Commands:",
    ...rows,
    "",
    "Run 'apifn <command> --help' for a command's options.",
  ].join("\n");
}

/**
 * Runs the CLI.
 *
 * @param args Command-line arguments (without the program).
 * @returns The exit code: 0 on success, 1 on failure, 2 on bad usage.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./main.ts";
 *
 * assert.equal(await main(["nope"]), 2);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`Unknown command '${name}'`);
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      const hint = command ? `Run 'apifn ${name} --help' for its usage.` : usage();
      console.error(`apifn: ${error.message}\n\n${hint}`);
      return 2;
    }
    console.error(`apifn: ${(error as Error)?.message ?? error}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
