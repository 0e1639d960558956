/**
 * `apifn dev` and `apifn start`: serve a project.
 *
 * @module
 */
import { serve } from "../server/serve.ts";
import { parseCommandArgs, parsePort } from "./args.ts";

function help(mode: string): string {
  return `Usage: apifn ${mode} [options]

Options:
  --root <dir>       Project directory (default: the working directory)
  --port <n>         Port (default: PORT, else 8000)
  --hostname <host>  Interface (default: 0.0.0.0)
  --kv <location>    KV store: file path, :memory: or KV Connect URL
                     (default: APIFN_KV, else <root>/.apifn/kv.sqlite3)`;
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
  });
  if (values.help) {
    console.log(help(mode));
    return 0;
  }
  const server = await serve({
    dev: options.dev,
    ...(values.root ? { root: values.root as string } : {}),
    ...(values.port ? { port: parsePort(values.port as string) } : {}),
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
