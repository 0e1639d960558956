/**
 * The coverage of the project's API descriptions as lines of text, for the startup log and
 * `apifn routes`.
 *
 * @module
 */
import type { ContractReport } from "./contract.ts";

/**
 * Formats the coverage: operations with no function, functions with no operation.
 *
 * @param report The app's contract report.
 * @returns The lines (a heading line, then one line per entry).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatContractReport } from "./contract_report.ts";
 *
 * const lines = formatContractReport({
 *   apis: [{ name: "books@v1", file: "openapi.yaml" }],
 *   document: { openapi: "3.1.0", info: { title: "Books", version: "1" } },
 *   withoutFunction: [{
 *     api: "books@v1", method: "GET", path: "/api/authors",
 *     pointer: "openapi.yaml#/paths/~1authors/get", mocked: true,
 *   }],
 *   withoutOperation: [],
 * });
 * assert.deepEqual(lines, [
 *   "API description books@v1 (openapi.yaml):",
 *   "  operations with no function (1):",
 *   "    GET     /api/authors  (openapi.yaml#/paths/~1authors/get) mocked",
 *   "  functions with no operation: none",
 * ]);
 * ```
 */
export function formatContractReport(report: ContractReport): string[] {
  const names = report.apis.map((api) => `${api.name} (${api.file})`).join(", ");
  const lines = [`API description${report.apis.length === 1 ? "" : "s"} ${names}:`];
  const section = (title: string, rows: string[]) => {
    if (rows.length === 0) lines.push(`  ${title}: none`);
    else lines.push(`  ${title} (${rows.length}):`, ...rows.map((row) => `    ${row}`));
  };
  section(
    "operations with no function",
    report.withoutFunction.map((op) =>
      `${op.method.padEnd(7)} ${op.path}  (${op.pointer})${op.mocked ? " mocked" : ""}`
    ),
  );
  section(
    "functions with no operation",
    report.withoutOperation.map((fn) => `${fn.method.padEnd(7)} ${fn.path}  (${fn.file})`),
  );
  return lines;
}
