/**
 * `apifn dev` (hot reload, detailed errors) and `apifn start` (production; uses
 * `apifn.manifest.ts` when present; `--parallel`: one worker per core through
 * `deno serve --parallel`, sharing one store).
 *
 * @module
 */
import { relative } from "node:path";
import type { AppManifest } from "../app/manifest.ts";
import { MANIFEST_FILE, manifestWarnings } from "../app/manifest_gen.ts";
import { registerYamlModules } from "../app/yaml_modules.ts";
import { fileUrl } from "../app/modules.ts";
import { createApp } from "../app.ts";
import { kvFromSettings } from "../config/settings.ts";
import { formatContractReport } from "../openapi/contract_report.ts";
import { serveDev } from "../server/dev.ts";
import { type Server, serveWith } from "../server/serve.ts";
import { consoleFor } from "../console/serve_console.ts";
import { checkStoreFile } from "../server/store_check.ts";
import { parseCommandArgs, UsageError } from "./args.ts";
import { listenOptions, readProject } from "./project.ts";
import { serverFlags } from "./serve_flags.ts";
import { brokenStoreError, serveParallel } from "./serve_parallel.ts";

function help(mode: string): string {
  const start = mode === "start";
  return `Usage: apifn ${mode} [options]

${
    start
      ? "Serves the project in production mode: no stack traces in responses, no watcher.\nUses <root>/apifn.manifest.ts (written by 'apifn gen') when present."
      : "Serves the project with hot reload: function files, folders, config files and .env\nchanges apply on the next request. Errors answer with details."
  }

Options:
  --root <dir>       Project directory (default: the working directory)
  --port <n>         Port (default: PORT, else apifn.port in deno.json, else 8000)
  --hostname <host>  Interface (default: apifn.hostname, else 0.0.0.0)
  --kv <location>    KV store: file path, :memory: or KV Connect URL
                     (default: APIFN_KV, else apifn.kv, else <root>/.apifn/kv.sqlite3)
  --quiet            No log line per request (startup messages and errors still print)
  --shutdown-grace-ms <ms>
                     After SIGINT/SIGTERM, how long requests in flight may run before
                     they are cut and the process exits (default: apifn.shutdownGraceMs,
                     else 10000); a second signal cuts at once
  --health           Serve GET /_apifn/health: 200, or 503 when the KV store does not
                     answer (default: apifn.health, else ${start ? "off" : "on"})
  --no-health        Do not serve it
  --openapi          Serve the OpenAPI document at /_apifn/openapi.json and its Redoc
                     page at /_apifn/docs (default: apifn.openapi, else ${start ? "off" : "on"})
  --no-openapi       Do not serve them
  --mock             Answer the operations of the API descriptions (apis: in redocly.yaml)
                     that no function serves from their examples (default: apifn.mock
                     in redocly.yaml, else off)

${
    start
      ? `  --console          Serve the console at /_apifn/ to loopback peers; its page asks
                     for the secret APIFN_CONSOLE_SECRET (at least 8 characters)`
      : `  --no-console       Do not serve the console at /_apifn/ (routes, KV, requests)`
  }${
    start
      ? `
  --manifest <file>  Use this manifest (default: <root>/${MANIFEST_FILE} when present)
  --no-manifest      Scan the function folders even when a manifest exists
  --parallel         One server worker per CPU core (deno serve --parallel;
                     DENO_JOBS sets the count), all sharing one store`
      : ""
  }

${
    start
      ? "An existing KV store file is opened and read at startup: if that fails, start exits\nwith code 1 naming the file and SQLite's reason."
      : "A KV store file that cannot be read is a warning: routes without KV keep working."
  }

Exit codes: 0 after a shutdown (SIGINT/SIGTERM, also when the grace period cut requests),
1 on a startup error (bad config, route conflict, unreadable store), 2 on bad usage.`;
}

async function findManifest(root: string, flag: string | undefined): Promise<string | undefined> {
  const path = flag === undefined ? `${root}/${MANIFEST_FILE}` : flag;
  try {
    await Deno.stat(path);
    return path;
  } catch (error) {
    if (flag === undefined && error instanceof Deno.errors.NotFound) return undefined;
    throw new Error(`Cannot read manifest '${path}': ${(error as Error).message}`);
  }
}

/**
 * Serves the project until SIGINT/SIGTERM.
 *
 * @param args The command's arguments.
 * @param options `dev`: development mode.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts ignore
 * import { serveCommand } from "./serve.ts";
 *
 * Deno.exit(await serveCommand(["--root", ".", "--port", "8000"], { dev: false }));
 * ```
 */
export async function serveCommand(args: string[], options: { dev: boolean }): Promise<number> {
  const mode = options.dev ? "dev" : "start";
  const { values } = parseCommandArgs(args, {
    root: { type: "string" },
    port: { type: "string" },
    hostname: { type: "string" },
    kv: { type: "string" },
    quiet: { type: "boolean" },
    "shutdown-grace-ms": { type: "string" },
    health: { type: "boolean" },
    "no-health": { type: "boolean" },
    openapi: { type: "boolean" },
    "no-openapi": { type: "boolean" },
    ...(options.dev ? { "no-console": { type: "boolean" } } : { console: { type: "boolean" } }),
    mock: { type: "boolean" },
    ...(options.dev ? {} : {
      parallel: { type: "boolean" },
      manifest: { type: "string" },
      "no-manifest": { type: "boolean" },
    }),
  });
  if (values.help) {
    console.log(help(mode));
    return 0;
  }
  const project = await readProject(values.root as string | undefined);
  const root = project.root;
  const listen = await listenOptions(
    {
      port: values.port as string | undefined,
      hostname: values.hostname as string | undefined,
      dev: options.dev,
    },
    project,
  );
  const kv = values.kv as string | undefined;
  const flags = serverFlags(values, project.settings, options.dev);
  const manifestPath = values["no-manifest"]
    ? undefined
    : options.dev
    ? undefined
    : await findManifest(root, values.manifest as string | undefined);
  let manifest: AppManifest | undefined;
  if (manifestPath) {
    registerYamlModules(); // before the manifest's function files import any
    manifest = (await import(fileUrl(await Deno.realPath(manifestPath)).href)).default;
    const shown = relative(Deno.cwd(), manifestPath) || manifestPath;
    console.log(
      `apifn start: using the manifest ${shown} (${manifest!.functions.length} function files)`,
    );
    const warnings = await manifestWarnings(root, { path: manifestPath, manifest: manifest! });
    for (const warning of warnings) console.error(`apifn: warning: ${warning}`);
  }
  if (values.parallel && values.console) {
    throw new UsageError("Cannot use --console with --parallel: each worker would have its own");
  }
  const consoleOn = options.dev ? values["no-console"] !== true : values.console === true;
  // Under start the console needs its secret: a missing one stops the start here. (serveDev
  // makes its own.)
  const devConsole = consoleOn && !options.dev ? consoleFor({ console: true }, false) : undefined;
  if (values.parallel) {
    if (kv === ":memory:") {
      throw new UsageError(
        "--parallel needs a shared store: use a file or KV Connect URL, not :memory:",
      );
    }
    return await serveParallel({
      root,
      ...listen,
      kv,
      manifest: manifestPath,
      quiet: values.quiet === true,
      health: flags.health,
      openapi: flags.openapi,
      ...(values.mock ? { mock: true } : {}),
    }, project.settings);
  }
  const common = {
    root,
    ...listen,
    ...flags,
    ...(kv ? { kv } : {}),
    ...(values.quiet ? { log: false as const } : {}),
    ...(values.mock ? { mock: true } : {}),
    onListen({ hostname, port }: { hostname: string; port: number }) {
      const host = hostname === "0.0.0.0" ? "localhost" : hostname;
      console.log(`apifn ${mode}: listening on http://${host}:${port}/`);
      if (consoleOn) console.log(`apifn ${mode}: console at http://${host}:${port}/_apifn/`);
    },
  };
  let server: Server;
  if (options.dev) {
    server = await serveDev({ ...common, console: consoleOn });
    const broken = await checkStoreFile(
      kvFromSettings(kv, project.settings),
      root,
      () => server.app.getKv(),
    );
    if (broken) {
      console.error(
        `apifn: warning: cannot read the KV store '${broken.path}' (${broken.reason}): ` +
          "routes that use KV fail until it is fixed",
      );
    }
  } else {
    // The store is checked before listening: a broken file stops the start.
    const app = await createApp({
      ...common,
      preload: "background",
      ...(manifest ? { manifest } : {}),
      ...devConsole?.appHooks({}),
    }).catch((error) => {
      devConsole?.close();
      throw error;
    });
    const broken = await checkStoreFile(
      kvFromSettings(kv, project.settings),
      root,
      () => app.getKv(),
    );
    if (broken) {
      devConsole?.close();
      await app.close();
      throw brokenStoreError(broken);
    }
    server = await serveWith({ ...common, app, ...(manifest ? { manifest } : {}) }, devConsole);
  }
  for (const route of server.app.routes) {
    console.log(`  ${route.method.padEnd(7)} ${route.path}  (${route.file})`);
  }
  const contract = server.app.contract;
  if (contract) { for (const line of formatContractReport(contract)) console.log(`  ${line}`); }
  await server.finished;
  return 0;
}
