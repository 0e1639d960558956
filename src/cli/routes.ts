/**
 * `apifn routes`: prints the route table in match order.
 *
 * @module
 */
import { createApp } from "../app.ts";
import { formatRouteAccess } from "../auth/guard.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: apifn routes [--root <dir>] [--json]

Prints every route (method, path, file, access rule, and the _middleware.ts files
that run around it, root first) in match order; --json adds "access": { rule,
teams } to routes an access rule covers and "middleware": [files] to routes with
middleware. Exits with 1 and the conflict report when routes conflict.`;

/**
 * Prints the route table.
 *
 * @param args The command's arguments.
 * @returns The exit code.
 */
export async function routesCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    root: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const app = await createApp({
    ...(values.root ? { root: values.root as string } : {}),
    preload: false,
    logger: { warn: (m) => console.error(`warning: ${m}`), error: (m) => console.error(m) },
  });
  if (values.json) console.log(JSON.stringify(app.routes, null, 2));
  else {
    for (const route of app.routes) {
      const access = formatRouteAccess(route.access);
      const chain = route.middleware ? `  middleware: ${route.middleware.join(" → ")}` : "";
      console.log(
        `${route.method.padEnd(7)} ${route.path.padEnd(40)} ${route.file.padEnd(40)} ${access}` +
          chain,
      );
    }
  }
  await app.close();
  return 0;
}
