/**
 * `apifn kv get|set|delete|list|export|import`: the project's store from the command line.
 *
 * @module
 */
import { type OptionSpec, parseCommandArgs, UsageError } from "./args.ts";
import { openProjectKv, parseKeyArg } from "./kv_args.ts";
import { exportCommand, importCommand } from "./kv_transfer.ts";

const HELP = `Usage: apifn kv <command> [arguments] [--root <dir>] [--kv <location>]

Commands:
  get <key>                  Print the value (JSON); exit 1 when the key is missing
  set <key> <value>          Store a JSON value [--ttl <seconds>]
  delete <key>               Delete the key (no error when missing)
  list [prefix]              One page of entries under prefix (default: all), then
                             the total and the next cursor
                             [--limit <1-1000>] [--cursor <c>] [--reverse] [--json]
  export [file]              Write every live entry as NDJSON (stdout without file)
                             {"key":[…],"value":…,"expiresAt":<epoch ms>} [--prefix <key>]
  import [file]              Read NDJSON (stdin without file); every line is checked
                             first and nothing is written when one is bad

Keys and values are JSON: '["notes","a1"]', '{"title":"Hi"}'.
Store: --kv, else APIFN_KV, else apifn.kv in deno.json, else <root>/.apifn/kv.sqlite3.
Exit codes: 0 success, 1 failure (missing key, bad import lines), 2 bad usage.`;

const COMMON: Record<string, OptionSpec> = {
  root: { type: "string" },
  kv: { type: "string" },
};

const SUBCOMMANDS: Record<string, Record<string, OptionSpec>> = {
  get: {},
  set: { ttl: { type: "string" } },
  delete: {},
  list: {
    limit: { type: "string" },
    cursor: { type: "string" },
    reverse: { type: "boolean" },
    json: { type: "boolean" },
  },
  export: { prefix: { type: "string" } },
  import: {},
};

function parseJsonArg(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Invalid ${what} '${text}': ${(error as Error).message}`);
  }
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || text.trim() === "") {
    throw new UsageError(`Invalid --${flag} '${text}': expected a positive number`);
  }
  return value;
}

/**
 * Runs a `kv` command.
 *
 * @param args The command's arguments.
 * @returns The exit code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { kvCommand } from "./kv.ts";
 *
 * const dir = await Deno.makeTempDir();
 * assert.equal(await kvCommand(["set", '["a"]', "1", "--kv", `${dir}/kv.db`]), 0);
 * assert.equal(await kvCommand(["get", '["a"]', "--kv", `${dir}/kv.db`]), 0);
 * assert.equal(await kvCommand(["get", '["b"]', "--kv", `${dir}/kv.db`]), 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function kvCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    console.log(HELP);
    return sub === undefined ? 2 : 0;
  }
  const spec = SUBCOMMANDS[sub];
  if (!spec) {
    throw new UsageError(`Unknown kv command '${sub}' (get, set, delete, list, export, import)`);
  }
  const { values, positionals } = parseCommandArgs(rest, { ...COMMON, ...spec });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const arity: Record<string, [number, number]> = {
    get: [1, 1],
    set: [2, 2],
    delete: [1, 1],
    list: [0, 1],
    export: [0, 1],
    import: [0, 1],
  };
  const [min, max] = arity[sub]!;
  if (positionals.length < min || positionals.length > max) {
    throw new UsageError(`kv ${sub} takes ${min === max ? min : `${min} to ${max}`} arguments`);
  }
  if (sub === "export") return await exportCommand(positionals[0], values);
  if (sub === "import") return await importCommand(positionals[0], values);
  const key = parseKeyArg(positionals[0] ?? "[]", { prefix: sub === "list" });
  const value = sub === "set" ? parseJsonArg(positionals[1]!, "value") : undefined;
  const ttl = values.ttl === undefined ? undefined : positiveNumber(values.ttl as string, "ttl");
  const limit = values.limit === undefined
    ? undefined
    : positiveNumber(values.limit as string, "limit");
  const kv = await openProjectKv(values);
  try {
    switch (sub) {
      case "get": {
        const found = await kv.getMany([key]);
        if (found[0] === null) {
          console.error(`apifn: Key '${JSON.stringify(key)}' not found`);
          return 1;
        }
        console.log(JSON.stringify(found[0]!.value));
        return 0;
      }
      case "set":
        await kv.set(key, value as never, ttl === undefined ? undefined : { ttlInSeconds: ttl });
        return 0;
      case "delete":
        await kv.delete(key);
        return 0;
      default: {
        const page = await kv.list({ prefix: key }, {
          ...(limit !== undefined ? { limit } : {}),
          ...(values.cursor ? { cursor: values.cursor as string } : {}),
          ...(values.reverse ? { reverse: true } : {}),
        });
        if (values.json) {
          console.log(JSON.stringify(page));
          return 0;
        }
        for (const item of page.items) {
          console.log(`${JSON.stringify(item.key)}\t${JSON.stringify(item.value)}`);
        }
        const next = page.cursor === null ? "none (last page)" : page.cursor;
        console.log(`total: ${page.total}  cursor: ${next}`);
        return 0;
      }
    }
  } finally {
    await kv.close();
  }
}
