/**
 * Whether operations no function serves are mocked: the `mock` option (`--mock`), else
 * `apifn.mock` in `redocly.yaml` (the `apifn` key is apifn's own: Redocly does not use it).
 *
 * @module
 */

/**
 * Reads the mock setting.
 *
 * @param option The `mock` option or flag (`undefined`: not given).
 * @param config The effective `redocly.yaml`.
 * @returns Whether to mock.
 * @throws {TypeError} When either is not a boolean.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readMock } from "./mock_setting.ts";
 *
 * assert.equal(readMock(undefined, { apifn: { mock: true } }), true);
 * assert.equal(readMock(false, { apifn: { mock: true } }), false);
 * assert.throws(() => readMock(undefined, { apifn: { mock: "yes" } }), TypeError);
 * ```
 */
export function readMock(option: unknown, config: Record<string, unknown>): boolean {
  if (option !== undefined) {
    if (typeof option !== "boolean") {
      throw new TypeError(`Cannot use mock '${String(option)}': expected true or false`);
    }
    return option;
  }
  const section = config.apifn;
  const value = typeof section === "object" && section !== null
    ? (section as Record<string, unknown>).mock
    : undefined;
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot read redocly.yaml: 'apifn.mock' must be true or false`);
  }
  return value;
}
