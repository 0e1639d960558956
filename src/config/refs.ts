/**
 * `$ref` in `redocly.yaml`: `{ $ref: ./file.yaml }` anywhere in the config is replaced by the
 * file's parsed content (YAML or JSON), resolved relative to the file that holds the `$ref`.
 * A JSON-pointer fragment (`./file.yaml#/a/b`, or `#/a/b` within the same file) selects a part.
 * Keys next to `$ref` are merged over the referenced mapping.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { parseYamlText } from "./yaml.ts";

/** Options of {@linkcode resolveRefs}. */
export interface ResolveRefsOptions {
  /** Receives the absolute path of every file read, once each. */
  files?: string[];
  /** What the files are, for messages (default `config file`; e.g. `API description`). */
  label?: string;
}

interface Walk {
  /** The file being walked and its whole document. */
  file: string;
  document: unknown;
  /** Where in that file the current value sits, for messages. */
  path: readonly (string | number)[];
  /** The references being expanded, outermost first (`file#pointer`). */
  stack: readonly string[];
}

/**
 * Replaces every `$ref` in a parsed config document. Rejects with an `Error` naming the file,
 * the path of the `$ref` in it and the reason for a missing file, a missing pointer target, a
 * remote URL, a sibling key next to a `$ref` that is not a mapping, or a cycle.
 *
 * @param document The parsed document.
 * @param file The absolute path of the document's file.
 * @param options `files`: collects the files read.
 * @returns A copy of the document with every `$ref` replaced.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveRefs } from "./refs.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/seo.yaml`, "title: Docs\nmeta: { lang: en }\n");
 * const config = { seo: { $ref: "./seo.yaml" }, lang: { $ref: "seo.yaml#/meta/lang" } };
 * const files: string[] = [];
 * const resolved = await resolveRefs(config, `${dir}/redocly.yaml`, { files });
 * assert.deepEqual(resolved, { seo: { title: "Docs", meta: { lang: "en" } }, lang: "en" });
 * assert.deepEqual(files, [`${dir}/seo.yaml`]);
 * await assert.rejects(
 *   resolveRefs({ x: { $ref: "./gone.yaml" } }, `${dir}/redocly.yaml`),
 *   /Cannot resolve \$ref '\.\/gone\.yaml' at 'x' in config file '.*redocly\.yaml': file '.*gone\.yaml' not found/,
 * );
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resolveRefs(
  document: unknown,
  file: string,
  options: ResolveRefsOptions = {},
): Promise<unknown> {
  const cache = new Map<string, Promise<unknown>>();
  const label = options.label ?? "config file";
  function load(path: string): Promise<unknown> {
    let loaded = cache.get(path);
    if (loaded === undefined) {
      loaded = Deno.readTextFile(path).then((text) => {
        options.files?.push(path);
        return parseYamlText(text, path, label);
      });
      cache.set(path, loaded);
    }
    return loaded;
  }

  async function walk(value: unknown, at: Walk): Promise<unknown> {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        out.push(await walk(value[i], { ...at, path: [...at.path, i] }));
      }
      return out;
    }
    if (!isRecord(value)) return value;
    if (typeof value.$ref === "string") return await follow(value, at);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      setOwn(out, key, await walk(item, { ...at, path: [...at.path, key] }));
    }
    return out;
  }

  async function follow(node: Record<string, unknown>, at: Walk): Promise<unknown> {
    const ref = node.$ref as string;
    const fail = (reason: string, cause?: unknown): never => {
      throw new Error(
        `Cannot resolve $ref '${ref}' at '${
          formatPath(at.path)
        }' in ${label} '${at.file}': ${reason}`,
        cause === undefined ? undefined : { cause },
      );
    };
    const hash = ref.indexOf("#");
    const target = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? "" : ref.slice(hash + 1);
    if (/^[a-z][a-z0-9+.-]+:/i.test(target)) fail("only local files can be referenced");
    const path = target === "" ? at.file : resolve(dirname(at.file), target);
    const key = `${path}#${pointer}`;
    if (at.stack.includes(key)) {
      const chain = [...at.stack.slice(at.stack.indexOf(key)), key];
      fail(`cycle ${chain.map((entry) => entry.replace(/#$/, "")).join(" -> ")}`);
    }
    let document: unknown;
    if (target === "") document = at.document;
    else {
      try {
        document = await load(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) fail(`file '${path}' not found`, error);
        if (error instanceof SyntaxError) throw error;
        fail(`cannot read '${path}': ${(error as Error).message}`, error);
      }
    }
    const parts = parsePointer(pointer) ?? fail(`'#${pointer}' is not a JSON pointer`);
    let value = document;
    for (const part of parts) {
      const next = Array.isArray(value) && /^(0|[1-9]\d*)$/.test(part)
        ? value[Number(part)]
        : isRecord(value) && Object.hasOwn(value, part)
        ? value[part]
        : undefined;
      if (next === undefined) fail(`'#${pointer}' not found in '${path}'`);
      value = next;
    }
    const resolved = await walk(value, {
      file: path,
      document,
      path: parts,
      stack: [...at.stack, key],
    });
    const siblings = Object.keys(node).filter((name) => name !== "$ref");
    if (siblings.length === 0) return resolved;
    if (!isRecord(resolved)) fail("keys next to it need the target to be a mapping");
    const rest: Record<string, unknown> = {};
    for (const name of siblings) setOwn(rest, name, node[name]);
    const merged = { ...(resolved as Record<string, unknown>) };
    for (const [name, item] of Object.entries(await walk(rest, at) as Record<string, unknown>)) {
      setOwn(merged, name, item);
    }
    return merged;
  }

  return await walk(document, { file, document, path: [], stack: [`${file}#`] });
}

/** The parts of a JSON pointer (`/a/b~1c` → `["a", "b/c"]`), or `undefined` when invalid. */
function parsePointer(pointer: string): string[] | undefined {
  let text: string;
  try {
    text = decodeURIComponent(pointer);
  } catch {
    return undefined;
  }
  if (text === "") return [];
  if (!text.startsWith("/")) return undefined;
  return text.slice(1).split("/").map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `["env", "production", 0, "x"]` → `env.production[0].x`. */
function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(top level)";
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
