/**
 * `apifn init [dir]`: scaffolds a working project (a hello function, a `deno serve` entry with
 * its manifest, `deno.json` with `dev`, `start`, `serve` and `gen` tasks, `.gitignore`). Never
 * overwrites a file.
 *
 * @module
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { MANIFEST_FILE, renderManifest } from "../app/manifest_gen.ts";
import { fileUrl } from "../app/modules.ts";
import { parseCommandArgs, UsageError } from "./args.ts";

/** The CLI the scaffold's tasks run, as published on JSR. */
export const DEFAULT_CLI = "jsr:@apifn/core@^0.1/cli";

const HELP = `Usage: apifn init [dir] [--cli <specifier>]

Creates a project in <dir> (default: the working directory):
  @api/hello.get.ts   GET /api/hello?name=…
  main.ts             the deno serve entry (deno serve -A main.ts; Deno Deploy)
  ${MANIFEST_FILE}   the function files main.ts imports (written by apifn gen)
  deno.json           tasks dev, start, serve, gen (start and serve run gen
                      first); imports @apifn/core
  .gitignore          .apifn/ (the local KV store), .env (secrets)

Refuses to overwrite an existing file (exit 1, nothing written).

Options:
  --cli <specifier>   The apifn CLI the tasks run (default: APIFN_CLI, else
                      ${DEFAULT_CLI}); a local path to src/cli/main.ts
                      also maps @apifn/core to that checkout's mod.ts`;

const HELLO = `// GET /api/hello?name=Ada → {"message":"Hello, Ada!"}
import type { ApiFunctionsContext } from "@apifn/core";

export default function hello(_request: Request, context: ApiFunctionsContext) {
  const name = typeof context.query.name === "string" ? context.query.name : "world";
  return context.json({ message: \`Hello, \${name}!\` });
}
`;

const MAIN =
  `// The deno serve entry: \`deno task serve\` (one worker per core) or \`deno serve -A main.ts\`;
// the entrypoint on Deno Deploy. It imports ${MANIFEST_FILE}: run \`deno task gen\` after adding,
// renaming or deleting function files (the start and serve tasks run it first).
import { createServeEntry } from "@apifn/core";
import manifest from "./${MANIFEST_FILE}";

export default await createServeEntry({ manifest });
`;

/**
 * The files of a new project (its manifest is generated from them).
 *
 * @param options `cli`: the CLI specifier the tasks run.
 * @returns File contents by relative path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { scaffoldFiles } from "./init.ts";
 *
 * const files = scaffoldFiles({ cli: "jsr:@apifn/core@^0.1/cli" });
 * const config = JSON.parse(files["deno.json"]!);
 * assert.equal(
 *   config.tasks.dev,
 *   "deno run -A --unstable-kv --sloppy-imports jsr:@apifn/core@^0.1/cli dev",
 * );
 * assert.deepEqual(config.unstable, ["kv", "sloppy-imports"]);
 * assert.equal(config.tasks.serve.command, "deno serve -A --parallel main.ts");
 * assert.equal(config.imports["@apifn/core"], "jsr:@apifn/core@^0.1");
 * assert.match(files["main.ts"]!, /export default await createServeEntry\(\{ manifest \}\);/);
 * ```
 */
export function scaffoldFiles(options: { cli: string }): Record<string, string> {
  let cli = options.cli;
  let core = cli.replace(/\/cli$/, "");
  if (!/^[a-z]+:/.test(cli)) {
    // A local checkout: its src/cli/main.ts, and its mod.ts for the types.
    const path = isAbsolute(cli) ? cli : resolve(cli);
    cli = fileUrl(path).href;
    core = fileUrl(resolve(dirname(path), "../../mod.ts")).href;
  }
  // Sloppy imports (`./utils`, `./lib` for `./lib/index.ts`), as Redocly's bundler allows:
  // the flag for the CLI (a `jsr:` or outside program does not take the project's "unstable"),
  // "unstable" for `deno serve`, `deno check` and `deno compile` of the project's own files.
  const run = `deno run -A --unstable-kv --sloppy-imports ${cli}`;
  const config = {
    tasks: {
      dev: `${run} dev`,
      start: { command: `${run} start`, dependencies: ["gen"] },
      serve: { command: "deno serve -A --parallel main.ts", dependencies: ["gen"] },
      gen: `${run} gen`,
    },
    imports: { "@apifn/core": core },
    unstable: ["kv", "sloppy-imports"],
  };
  return {
    "@api/hello.get.ts": HELLO,
    "main.ts": MAIN,
    "deno.json": JSON.stringify(config, null, 2) + "\n",
    ".gitignore": ".apifn/\n.env\n",
  };
}

/**
 * Scaffolds a project.
 *
 * @param args The command's arguments.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { initCommand } from "./init.ts";
 *
 * const dir = await Deno.makeTempDir();
 * assert.equal(await initCommand([dir]), 0);
 * assert.equal(await initCommand([dir]), 1); // never overwrites
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { cli: { type: "string" } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError("init takes at most one directory");
  const dir = resolve(positionals[0] ?? ".");
  const cli = (values.cli as string | undefined) ?? (Deno.env.get("APIFN_CLI") || DEFAULT_CLI);
  const files = scaffoldFiles({ cli });
  for (const name of [...Object.keys(files), MANIFEST_FILE]) {
    try {
      await Deno.lstat(`${dir}/${name}`);
      console.error(`apifn: Refusing to overwrite '${name}' in '${dir}' (nothing was written)`);
      return 1;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  for (const [name, text] of Object.entries(files)) {
    await Deno.mkdir(dirname(`${dir}/${name}`), { recursive: true });
    await Deno.writeTextFile(`${dir}/${name}`, text, { createNew: true });
  }
  const manifest = await renderManifest(dir);
  await Deno.writeTextFile(manifest.path, manifest.text, { createNew: true });
  console.log(`apifn init: created ${[...Object.keys(files), MANIFEST_FILE].join(", ")} in ${dir}

Next:
  cd ${dir}
  deno task dev      # hot reload
  curl localhost:8000/api/hello?name=Ada
  deno task serve    # production: deno serve --parallel main.ts`);
  return 0;
}
