/**
 * `apifn gen`: writes the static manifest (`apifn.manifest.ts`) used by `apifn start`, the
 * `deno serve` entry (`main.ts`, also Deno Deploy's) and `deno compile`.
 *
 * @module
 */
import { relative } from "node:path";
import { MANIFEST_FILE, renderManifest } from "../app/manifest_gen.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: apifn gen [--root <dir>] [--out <file>] [--check]

Scans the function folders and writes a static manifest (default:
<root>/${MANIFEST_FILE}): one static import per function and _middleware.ts file,
the extra folders and the parsed configuration. The deno serve entry that
'apifn init' scaffolds imports it, and runs where folders cannot be walked
(Deno Deploy):

  // main.ts: deno serve -A --parallel main.ts
  import { createServeEntry } from "@apifn/core";
  import manifest from "./${MANIFEST_FILE}";
  export default await createServeEntry({ manifest });

Run it again after adding, renaming or deleting function files or changing
redocly.yaml / deno.json (the scaffold's start and serve tasks run it first).
For deno compile, serve({ manifest }) in a script does the same.

Options:
  --root <dir>   Project directory (default: the working directory)
  --out <file>   Where to write the manifest (relative to --root)
  --check        Write nothing; exit 1 when the manifest is missing or out of date

A manifest that is already up to date is left as it is (only its modification
time is updated), so running gen before every start leaves git clean.

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
  const { text, path, files, middlewares } = await renderManifest(root, out ? { out } : {});
  const count = `${files.length} function files` +
    (middlewares.length ? `, ${middlewares.length} middleware files` : "");
  const shown = relative(Deno.cwd(), path) || path;
  const current = await Deno.readTextFile(path).catch(() => undefined);
  const upToDate = current !== undefined && withoutTimestamp(current) === withoutTimestamp(text);
  if (values.check && !upToDate) {
    console.error(`apifn gen: ${shown} is ${current === undefined ? "missing" : "out of date"}`);
    return 1;
  }
  if (upToDate) {
    // Left as it is (no new timestamp to commit), but marked as checked now, so `apifn start`
    // does not call it older than the function files.
    if (!values.check) await Deno.utime(path, new Date(), new Date());
    console.log(`apifn gen: ${shown} is up to date (${count})`);
    return 0;
  }
  await Deno.writeTextFile(path, text);
  console.log(`apifn gen: wrote ${shown} (${count})`);
  return 0;
}
