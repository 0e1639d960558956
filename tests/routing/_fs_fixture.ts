/**
 * The two file systems every fs and scan conformance test runs on: `createMemoryFs`, and
 * `denoFs` over a temporary directory built from the same file map.
 *
 * @module
 */

import { createMemoryFs, denoFs, type FsAdapter } from "../../src/routing/fs.ts";

/** A file system holding the given files under `root`; disposing removes what it created. */
export interface FsFixture extends AsyncDisposable {
  fs: FsAdapter;
  root: string;
}

/** Builds a fixture from `{ relativePath: moduleObject }`. */
export type FsFactory = (files: Record<string, unknown>) => Promise<FsFixture>;

/** In memory: `createMemoryFs` under `/project`. */
export function memoryFixture(files: Record<string, unknown>): Promise<FsFixture> {
  const fixture: FsFixture = {
    fs: createMemoryFs(files),
    root: "/project",
    [Symbol.asyncDispose]: () => Promise.resolve(),
  };
  return Promise.resolve(fixture);
}

/** On disk: the files written (as tiny modules) into a fresh temporary directory. */
export async function diskFixture(files: Record<string, unknown>): Promise<FsFixture> {
  const root = await Deno.makeTempDir({ prefix: "apifn_routing_" });
  for (const relative of Object.keys(files)) {
    const path = `${root}/${relative}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, "export default () => new Response();\n");
  }
  return {
    fs: denoFs,
    root,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** Both factories, labelled. */
export const FACTORIES: readonly [string, FsFactory][] = [
  ["memory", memoryFixture],
  ["disk", diskFixture],
];
