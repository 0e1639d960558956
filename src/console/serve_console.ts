/**
 * Whether a server gets the console, and with which secret: on by default under `serveDev`
 * (a secret only when given), off under `serve`, where `console: true` also needs a secret
 * (`consoleSecret`, else `APIFN_CONSOLE_SECRET`): it never appears under `start` by accident.
 *
 * @module
 */
import { createConsole, type DevConsole } from "./console.ts";

/** The console options of `serve` / `serveDev`. */
export interface ConsoleServeOptions {
  /** Serve the console at `/_apifn/`. */
  console?: boolean;
  /** The secret the console page asks for. */
  consoleSecret?: string;
}

/**
 * Creates the console a server asked for.
 *
 * @param options The server's options.
 * @param dev Whether the server is the dev server (console on by default, no secret needed).
 * @returns The console, or `undefined` when it is off.
 * @throws {TypeError} For a non-boolean `console`, or `console: true` outside dev without a secret.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { consoleFor } from "./serve_console.ts";
 *
 * assert.equal(consoleFor({}, false), undefined);
 * assert.throws(() => consoleFor({ console: true }, false), /APIFN_CONSOLE_SECRET/);
 * const devConsole = consoleFor({}, true);
 * assert.ok(devConsole);
 * devConsole.close();
 * ```
 */
export function consoleFor(options: ConsoleServeOptions, dev: boolean): DevConsole | undefined {
  const on = options.console ?? dev;
  if (typeof on !== "boolean") {
    throw new TypeError(`Cannot use console '${String(on)}': expected true or false`);
  }
  if (!on) return undefined;
  const given = options.consoleSecret;
  if (given !== undefined && (typeof given !== "string" || given.length < 8)) {
    throw new TypeError("Cannot use consoleSecret: expected a string of at least 8 characters");
  }
  const secret = given ?? (dev ? undefined : readSecret());
  if (!dev && !secret) {
    throw new TypeError(
      "Cannot serve the console outside dev without a secret: set APIFN_CONSOLE_SECRET " +
        "(at least 8 characters) or consoleSecret",
    );
  }
  return createConsole({ dev, secret });
}

function readSecret(): string | undefined {
  try {
    const secret = Deno.env.get("APIFN_CONSOLE_SECRET");
    return secret && secret.length >= 8 ? secret : undefined;
  } catch {
    return undefined;
  }
}
