/**
 * `apifn dev` and `apifn start`: serve a project (`start --parallel`: one
 * worker per core through `deno serve --parallel`, sharing one store).
 *
 * @module
 */
import { resolve } from "node:path";
import { serve } from "../server/serve.ts";
import { parseCommandArgs, parsePort, UsageError } from "./args.ts";

function help(mode: string): string {
  return `Usage: apifn ${mode} [options]

Options:
  --root <dir>       Project directory (default: the working directory)
  --port <n>         Port (default: PORT, else 8000)
  --hostname <host>  Interface (default: 0.0.0.0)
  --kv <location>    KV store: file path, :memory: or KV Connect URL
                     (default: APIFN_KV, else <root>/.apifn/kv.sqlite3)${
    mode === "start"
      ? `
  --parallel         One server worker per CPU core (deno serve --parallel;
                     DENO_JOBS sets the count), all sharing one store`
      : ""
  }`;
}

/**
 * Serves the project until SIGINT/SIGTERM.
 *
 * @param args The command's arguments.
 * @param options `dev`: development mode.
 * @returns The exit code.
 */
export async function serveCommand(args: string[], options: { dev: boolean }): Promise<number> {
  const mode = options.dev ? "dev" : "start";
  const { values } = parseCommandArgs(args, {
    root: { type: "string" },
    port: { type: "string" },
    hostname: { type: "string" },
    kv: { type: "string" },
    ...(options.dev ? {} : { parallel: { type: "boolean" } }),
  });
  if (values.help) {
    console.log(help(mode));
    return 0;
  }
  const port = values.port ? parsePort(values.port as string) : undefined;
  const root = resolve((values.root as string | undefined) ?? Deno.cwd());
  if (values.parallel) {
    if (values.kv === ":memory:") {
      throw new UsageError(
        "--parallel needs a shared store: use a file or KV Connect URL, not :memory:",
      );
    }
    return await serveParallel({
      root,
      port: port ?? 8000,
      hostname: (values.hostname as string | undefined) ?? "0.0.0.0",
      kv: values.kv as string | undefined,
    });
  }
  const server = await serve({
    dev: options.dev,
    root,
    preload: "background",
    ...(port !== undefined ? { port } : {}),
    ...(values.hostname ? { hostname: values.hostname as string } : {}),
    ...(values.kv ? { kv: values.kv as string } : {}),
    onListen({ hostname, port }) {
      const host = hostname === "0.0.0.0" ? "localhost" : hostname;
      console.log(`apifn ${mode}: listening on http://${host}:${port}/`);
    },
  });
  for (const route of server.app.routes) {
    console.log(`  ${route.method.padEnd(7)} ${route.path}  (${route.file})`);
  }
  await server.finished;
  return 0;
}

async function serveParallel(
  options: { root: string; port: number; hostname: string; kv: string | undefined },
): Promise<number> {
  const entry = new URL("../server/parallel.ts", import.meta.url).href;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      "-A",
      "--unstable-kv",
      "--port",
      String(options.port),
      "--host",
      options.hostname,
      entry,
    ],
    env: {
      APIFN_SERVE_OPTIONS: JSON.stringify({
        root: options.root,
        ...(options.kv ? { kv: options.kv } : {}),
      }),
    },
    stdin: "null",
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = forward(signal);
    Deno.addSignalListener(signal, handler);
    return () => Deno.removeSignalListener(signal, handler);
  });
  const host = options.hostname === "0.0.0.0" ? "localhost" : options.hostname;
  console.log(`apifn start: listening on http://${host}:${options.port}/ (parallel workers)`);
  const status = await child.status;
  for (const remove of handlers) remove();
  return status.signal ? 0 : status.code;
}
