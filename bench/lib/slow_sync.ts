/**
 * Builds `bench/slow_sync.c` (an LD_PRELOAD shim that makes every fsync take 3 ms longer) to
 * measure durable writes on an emulated slow disk.
 *
 * @module
 */
import { BENCH } from "./paths.ts";

/**
 * Compiles the shim with gcc into `dir`.
 *
 * @param dir Where to put `slow_sync.so`.
 * @returns The library path, or `undefined` when gcc is missing or fails.
 *
 * @example Usage
 * ```ts ignore
 * import { buildSlowSync } from "./slow_sync.ts";
 *
 * const lib = await buildSlowSync(await Deno.makeTempDir());
 * ```
 */
export async function buildSlowSync(dir: string): Promise<string | undefined> {
  const out = `${dir}/slow_sync.so`;
  try {
    const result = await new Deno.Command("gcc", {
      args: ["-O2", "-shared", "-fPIC", "-o", out, `${BENCH}/slow_sync.c`, "-ldl"],
      stdout: "null",
      stderr: "piped",
    }).output();
    return result.success ? out : undefined;
  } catch {
    return undefined;
  }
}
