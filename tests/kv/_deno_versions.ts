/**
 * Deno binaries of given versions for compatibility tests: the running Deno
 * when it is that version, else the npm package `deno@<version>` installed
 * once into a cache folder (the same one `.ci/run` fills). A missing binary
 * fails the test; it is never skipped.
 *
 * @module
 */

/** Env vars naming a binary per version (set by `.ci/run`). */
const ENV_BY_VERSION: Record<string, string> = { "2.8.3": "APIFN_DENO_2_8" };
/** A cold install downloads about 40 MB: bounded, generously. */
const INSTALL_TIMEOUT_MS = 240_000;

function cacheDir(version: string): string {
  const home = Deno.env.get("HOME");
  const base = Deno.env.get("XDG_CACHE_HOME") ?? (home ? `${home}/.cache` : Deno.cwd());
  return `${base}/apifn/deno-${version}`;
}

async function versionOf(binary: string): Promise<string> {
  const output = await new Deno.Command(binary, { args: ["--version"], stdout: "piped" }).output();
  const text = new TextDecoder().decode(output.stdout);
  return /^deno (\S+)/.exec(text)?.[1] ?? `unknown (${text.trim() || `exit ${output.code}`})`;
}

async function installed(prefix: string): Promise<string | undefined> {
  const platform = `${Deno.build.os}-${Deno.build.arch === "x86_64" ? "x64" : "arm64"}`;
  // The package's postinstall links the binary into `deno/`; without it, the platform package's.
  const candidates = [`${prefix}/node_modules/deno/deno`];
  try {
    for await (const entry of Deno.readDir(`${prefix}/node_modules/@deno`)) {
      if (entry.name.startsWith(platform)) {
        candidates.push(`${prefix}/node_modules/@deno/${entry.name}/deno`);
      }
    }
  } catch {
    // Not installed yet.
  }
  for (const candidate of candidates) {
    try {
      if ((await Deno.stat(candidate)).isFile) return candidate;
    } catch {
      // Try the next.
    }
  }
  return undefined;
}

async function install(version: string, prefix: string): Promise<void> {
  const output = await new Deno.Command("npm", {
    args: ["install", "--prefix", prefix, "--no-fund", "--no-audit", `deno@${version}`],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(INSTALL_TIMEOUT_MS),
  }).output();
  if (!output.success) {
    throw new Error(
      `Cannot install deno@${version} into '${prefix}': npm exited with ${output.code}\n` +
        new TextDecoder().decode(output.stderr),
    );
  }
}

/**
 * A Deno binary of exactly `version`, installed from npm into the cache when needed.
 *
 * @param version A Deno version, e.g. `2.8.3`.
 * @returns The binary's path.
 * @throws {Error} When it cannot be found or installed, or reports another version.
 */
export async function denoBinary(version: string): Promise<string> {
  if (Deno.version.deno === version) return Deno.execPath();
  const envName = ENV_BY_VERSION[version];
  const fromEnv = envName ? Deno.env.get(envName) : undefined;
  let binary = fromEnv;
  if (!binary) {
    const prefix = cacheDir(version);
    binary = await installed(prefix);
    if (!binary) {
      await install(version, prefix);
      binary = await installed(prefix);
    }
    if (!binary) throw new Error(`Cannot find deno ${version} in '${prefix}' after npm install`);
  }
  const found = await versionOf(binary).catch((error) => `unusable (${error.message})`);
  if (found !== version) {
    const source = fromEnv ? `${envName}=${fromEnv}` : binary;
    throw new Error(`Cannot use deno ${version} from '${source}': it is ${found}`);
  }
  return binary;
}
