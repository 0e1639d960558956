/**
 * `.yaml` / `.yml` files as modules: `import pages from "./pages.yaml"` (no import attribute, as
 * Redocly's bundler allows) gives the parsed value as the default export. Done with Node's
 * `module.registerHooks()` load hook, which Deno supports for ES modules; the hook only answers
 * for local YAML files imported without a `type` attribute and passes everything else on.
 *
 * @module
 */
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import { parseYamlText } from "../config/yaml.ts";

const YAML_FILE = /^file:[^?#]*\.ya?ml(?:[?#]|$)/i;

let registered = false;

/**
 * Makes later imports of local `.yaml` / `.yml` files give their parsed value as the default
 * export (once per process; calling it again does nothing). The value goes through JSON: `.inf`
 * and `.nan` become `null`. An import with a `type` attribute (`with { type: "text" }`) is left
 * to Deno. Only modules Deno loads after the call are affected: a YAML file in the static
 * imports of the program's entry is refused before any code runs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { registerYamlModules } from "./yaml_modules.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/pages.yaml`, "- title: Hello\n");
 * await Deno.writeTextFile(`${dir}/feed.ts`, 'import p from "./pages.yaml"; export default p;');
 * registerYamlModules();
 * const feed = await import(`file://${dir}/feed.ts`);
 * assert.deepEqual(feed.default, [{ title: "Hello" }]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function registerYamlModules(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    load(url, context, nextLoad) {
      if (!YAML_FILE.test(url) || context.importAttributes?.type !== undefined) {
        return nextLoad(url, context);
      }
      return { format: "module", source: yamlModuleSource(url), shortCircuit: true };
    },
  });
}

/**
 * The source of the module a YAML file becomes: its parsed value, through `JSON.parse` (which,
 * unlike an object literal, gives a `__proto__` key no special meaning).
 *
 * @param url The file's `file:` URL.
 * @returns ES module source with one default export.
 * @throws {SyntaxError} When the file is not valid YAML (naming the file and line).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { yamlModuleSource } from "./yaml_modules.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.yml`, "a: 1\n");
 * assert.equal(yamlModuleSource(`file://${dir}/a.yml`), 'export default JSON.parse("{\\"a\\":1}");\n');
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function yamlModuleSource(url: string): string {
  const path = fileURLToPath(url);
  const value = parseYamlText(Deno.readTextFileSync(path), path, "YAML module");
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(value) ?? "null")});\n`;
}
