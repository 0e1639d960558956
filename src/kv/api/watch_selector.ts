/**
 * What a change watch follows (`{ prefix }` or `{ keys }`) and its options, checked and
 * turned into a key test.
 *
 * @module
 */
import type { KvKey, KvWatchOptions } from "../../types.ts";
import { validateKey, validatePrefix } from "../layout/keys.ts";

/** A checked watch: which keys it follows and what it reports. */
export interface WatchSpec {
  /** Whether a changed key is followed. */
  match: (key: KvKey) => boolean;
  /** Whether `set` events carry the value. */
  values: boolean;
  /** The versionstamp to resume after, if any. */
  since: string | undefined;
}

const SELECTOR_HINT = "expected { prefix: [...] } or { keys: [[...], ...] }";

/**
 * Checks a watch's selector and options.
 *
 * @param selector `{ prefix }` or `{ keys }`.
 * @param options `values`, `since`.
 * @returns The checked watch.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateWatch } from "./watch_selector.ts";
 *
 * const { match } = validateWatch({ prefix: ["notes"] });
 * assert.equal(match(["notes", 1]), true);
 * assert.equal(match(["notes"]), false);
 * assert.equal(validateWatch({ keys: [["a"]] }).match(["a"]), true);
 * assert.throws(() => validateWatch({ prefix: "notes" }), TypeError);
 * ```
 */
export function validateWatch(selector: unknown, options: unknown = {}): WatchSpec {
  if (selector === null || typeof selector !== "object" || Array.isArray(selector)) {
    throw new TypeError(
      `Cannot watch '${String(selector)}': keys must be an array of keys, or the selector ` +
        "{ prefix } or { keys }",
    );
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot watch with options '${String(options)}': expected an object`);
  }
  const { values, since } = options as KvWatchOptions;
  if (values !== undefined && typeof values !== "boolean") {
    throw new TypeError(`Cannot watch with values '${String(values)}': expected a boolean`);
  }
  if (since !== undefined && since !== null && typeof since !== "string") {
    throw new TypeError(`Cannot watch since '${String(since)}': expected a versionstamp string`);
  }
  const spec = { values: values ?? false, since: since ?? undefined };
  const fields = Object.keys(selector);
  if (fields.length === 1 && fields[0] === "prefix") {
    const prefix = validatePrefix((selector as { prefix: unknown }).prefix);
    return { ...spec, match: (key) => isUnder(key, prefix) };
  }
  if (fields.length === 1 && fields[0] === "keys") {
    const keys = (selector as { keys: unknown }).keys;
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new TypeError(
        `Cannot watch keys '${String(keys)}': expected a non-empty array of keys`,
      );
    }
    const ids = new Set(
      keys.map((key, i) => JSON.stringify(validateKey(key, `key at index ${i}`))),
    );
    return { ...spec, match: (key) => ids.has(JSON.stringify(key)) };
  }
  throw new TypeError(
    `Cannot watch a selector with fields '${fields.join(", ")}': ${SELECTOR_HINT}`,
  );
}

function isUnder(key: KvKey, prefix: KvKey): boolean {
  if (key.length <= prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}
