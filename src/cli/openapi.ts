/**
 * `apifn openapi`: writes the project's OpenAPI 3.1 document.
 *
 * @module
 */
import { relative, resolve } from "node:path";
import { denoLoader } from "../app/modules.ts";
import { createApp } from "../app.ts";
import { buildOpenApiDocument } from "../openapi/document.ts";
import { formatDocument } from "../openapi/output.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: apifn openapi [--root <dir>] [--out <file>]

Writes the OpenAPI 3.1 document of the project: every route, each operation from its
function file's \`openapi\` export (the file is imported: its top-level code runs),
path parameters from the file names. YAML when the file ends in .yaml or .yml, else
JSON; standard output without --out. Exits with 1 when a function file fails to import.

Options:
  --root <dir>   Project directory (default: the working directory)
  --out <file>   Where to write it (default: standard output)`;

/**
 * Writes the document.
 *
 * @param args The command's arguments.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts ignore
 * import { openapiCommand } from "./openapi.ts";
 *
 * Deno.exit(await openapiCommand(["--root", ".", "--out", "openapi.yaml"]));
 * ```
 */
export async function openapiCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    root: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const root = resolve((values.root as string | undefined) ?? Deno.cwd());
  const warn = (message: string) => console.error(`apifn: warning: ${message}`);
  // Mock routes have no function file to describe: the document lists the functions.
  const app = await createApp({ root, preload: false, mock: false, logger: { warn, error: warn } });
  const failed: string[] = [];
  let document;
  try {
    document = await buildOpenApiDocument({
      root,
      routes: app.routes,
      load: (file) =>
        denoLoader(file).catch((error) => {
          const detail = `${(error as Error)?.message ?? error}`.split("\n", 1)[0];
          failed.push(`Cannot load function file '${relative(root, file)}': ${detail}`);
          throw error;
        }),
      warn,
    });
  } finally {
    await app.close();
  }
  if (failed.length > 0) {
    throw new Error(`Cannot write the OpenAPI document:\n${failed.join("\n")}`);
  }
  const out = values.out as string | undefined;
  const text = formatDocument(document, out);
  if (out === undefined) {
    await Deno.stdout.write(new TextEncoder().encode(text));
    return 0;
  }
  await Deno.writeTextFile(out, text);
  const operations = Object.values(document.paths ?? {})
    .reduce((n, item) => n + Object.keys(item).length, 0);
  console.error(`apifn openapi: wrote ${out} (${operations} operations)`);
  return 0;
}
