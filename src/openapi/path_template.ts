/**
 * From a route's display path (`/api/notes/[id]`, as `app.routes` shows it) to OpenAPI path
 * templates (`/api/notes/{id}`) and the path parameters the file name declares.
 *
 * @module
 */
import type { Segment } from "../routing/segment.ts";

/** A path parameter a file name declares. */
export interface TemplateParam {
  /** Its name, e.g. `id` for `[id]`. */
  name: string;
  /** `param`: one segment (`[id]`); `rest`: one or more segments (`[...rest]`, `[[...rest]]`). */
  kind: "param" | "rest";
}

/** One OpenAPI path a route answers on. */
export interface PathTemplate {
  /** The OpenAPI path, e.g. `/api/files/{path}`. */
  template: string;
  /** The template with parameter names left out (`/api/files/{}`): equal keys are one path. */
  key: string;
  /** The path parameters, in order. */
  params: TemplateParam[];
}

/**
 * The OpenAPI path templates of a route's display path. `[id]` becomes `{id}`; a catch-all
 * `[...rest]` becomes `{rest}`, one parameter that spans one or more segments; an optional
 * catch-all `[[...rest]]` gives two templates, the path without it and the path with `{rest}`.
 *
 * @param path A display path, as `app.routes` shows it.
 * @returns One template, or two for an optional catch-all.
 * @throws {SyntaxError} When the path is not a display path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPathTemplates } from "./path_template.ts";
 *
 * assert.deepEqual(toPathTemplates("/api/notes/[id]").map((t) => t.template), [
 *   "/api/notes/{id}",
 * ]);
 * assert.deepEqual(toPathTemplates("/api/files/[[...path]]").map((t) => t.template), [
 *   "/api/files",
 *   "/api/files/{path}",
 * ]);
 * ```
 */
export function toPathTemplates(path: string): PathTemplate[] {
  const statics: string[] = [];
  const keys: string[] = [];
  const params: TemplateParam[] = [];
  for (const segment of parseDisplayPath(path)) {
    if (segment.type === "optional-rest") {
      const before = { template: join(statics), key: join(keys), params: [...params] };
      params.push({ name: segment.name, kind: "rest" });
      const after = {
        template: join([...statics, `{${segment.name}}`]),
        key: join([...keys, "{}"]),
      };
      return [before, { ...after, params }];
    }
    if (segment.type !== "static") {
      params.push({ name: segment.name, kind: segment.type });
      statics.push(`{${segment.name}}`);
      keys.push("{}");
      continue;
    }
    // Percent-encoded as a client sends it (`{` and `}` would read as a parameter).
    const literal = encodeURIComponent(segment.value)
      .replace(
        /%(21|24|26|27|28|29|2A|2B|2C|3B|3D|3A|40)/g,
        (_, hex) => String.fromCharCode(parseInt(hex, 16)),
      );
    statics.push(literal);
    keys.push(literal);
  }
  return [{ template: join(statics), key: join(keys), params }];
}

/**
 * The segments of a display path (`/api/notes/[id]`): the inverse of `formatSegments`.
 *
 * @param path A display path, as `app.routes` shows it.
 * @returns The segments.
 * @throws {SyntaxError} When the path is not a display path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDisplayPath } from "./path_template.ts";
 *
 * assert.deepEqual(parseDisplayPath("/notes/[...rest]"), [
 *   { type: "static", value: "notes" },
 *   { type: "rest", name: "rest" },
 * ]);
 * ```
 */
export function parseDisplayPath(path: string): Segment[] {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new SyntaxError(`Cannot make a path template of '${path}': it does not start with '/'`);
  }
  const parts = path === "/" ? [] : path.slice(1).split("/");
  return parts.map((part): Segment => {
    const optional = /^\[\[\.\.\.([^\[\]]+)\]\]$/.exec(part);
    if (optional) return { type: "optional-rest", name: optional[1]! };
    const param = /^\[(\.\.\.)?([^\[\]]+)\]$/.exec(part);
    if (param) return { type: param[1] ? "rest" : "param", name: param[2]! };
    if (part === "" || /[\[\]]/.test(part)) {
      throw new SyntaxError(`Cannot make a path template of '${path}': bad segment '${part}'`);
    }
    return { type: "static", value: part };
  });
}

function join(parts: string[]): string {
  return "/" + parts.join("/");
}
