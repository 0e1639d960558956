/**
 * `apifn gen`: writes the static manifest (`apifn.manifest.ts`) used by `apifn start`, Deno
 * Deploy entries and `deno compile`.
 *
 * @module
 */
import { relative } from "node:path";
import { MANIFEST_FILE, renderManifest } from "../app/manifest_gen.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: apifn gen [--root <dir>] [--out <file>] [--check]

Scans the function folders and writes a static manifest (default:
<root>/${MANIFEST_FILE}): one static import per function file, the route files,
the extra folders and the parsed configuration. An entry file that imports it
runs where folders cannot be walked (Deno Deploy, deno compile):

  import manifest from "./${MANIFEST_FILE}";
  import { serve } from "@apifn/core";
  await serve({ manifest });

Options:
  --root <dir>   Project directory (default: the working directory)
  --out <file>   Where to write the manifest (relative to --root)
  --check        Write nothing; exit 1 when the manifest is missing or out of date

Exit codes: 0 written (or up to date), 1 on errors (route conflicts, bad names,
bad config) or a failed --check, 2 on bad usage.`;

function withoutTimestamp(text: string): string {
  return text.replace(/^ {2}generatedAt: .*$/m, "");
}

/**
 * Writes (or checks) the manifest.
 *
 * @param args The command's arguments.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { genCommand } from "./gen.ts";
 *
 * const root = await Deno.makeTempDir();
 * assert.equal(await genCommand(["--root", root, "--check"]), 1); // missing
 * assert.equal(await genCommand(["--root", root]), 0);
 * assert.equal(await genCommand(["--root", root, "--check"]), 0);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function genCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    root: { type: "string" },
    out: { type: "string" },
    check: { type: "boolean" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const root = (values.root as string | undefined) ?? Deno.cwd();
  const out = values.out as string | undefined;
  const { text, path, files } = await renderManifest(root, out ? { out } : {});
  const shown = relative(Deno.cwd(), path) || path;
  if (values.check) {
    const current = await Deno.readTextFile(path).catch(() => undefined);
    if (current !== undefined && withoutTimestamp(current) === withoutTimestamp(text)) {
      console.log(`apifn gen: ${shown} is up to date (${files.length} function files)`);
      return 0;
    }
    console.error(`apifn gen: ${shown} is ${current === undefined ? "missing" : "out of date"}`);
    return 1;
  }
  await Deno.writeTextFile(path, text);
  console.log(`apifn gen: wrote ${shown} (${files.length} function files)`);
  return 0;
}
