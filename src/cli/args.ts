/**
 * Command-line parsing for the CLI, on `node:util`'s `parseArgs`, with the
 * CLI's error convention: bad usage exits with code 2.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** A usage error: printed with a hint, exit code 2. */
export class UsageError extends Error {
  /**
   * Creates a usage error.
   *
   * @param message What was wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The definition of one option. */
export type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean };

/**
 * Parses `args` against `options`; unknown flags → {@linkcode UsageError}.
 *
 * @param args The arguments after the command name.
 * @param options The accepted options.
 * @returns Flag values and positional arguments.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCommandArgs } from "./args.ts";
 *
 * const { values, positionals } = parseCommandArgs(["--port", "9000", "x"], {
 *   port: { type: "string" },
 * });
 * assert.equal(values.port, "9000");
 * assert.deepEqual(positionals, ["x"]);
 * ```
 */
export function parseCommandArgs(
  args: string[],
  options: Record<string, OptionSpec>,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify.*$/s, "");
    throw new UsageError(message);
  }
}

/**
 * Reads a port number option.
 *
 * @param value The option's text.
 * @returns The port.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePort } from "./args.ts";
 *
 * assert.equal(parsePort("8080"), 8080);
 * assert.throws(() => parsePort("http"));
 * ```
 */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`Invalid --port '${value}': expected a number from 0 to 65535`);
  }
  return port;
}
