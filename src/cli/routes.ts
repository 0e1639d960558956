/**
 * `apifn routes`: prints the route table in match order.
 *
 * @module
 */
import { createApp } from "../app.ts";
import { formatRouteAccess } from "../auth/guard.ts";
import { formatContractReport } from "../openapi/contract_report.ts";
import { parseCommandArgs } from "./args.ts";

const HELP = `Usage: apifn routes [--root <dir>] [--json] [--mock]

Prints every route (method, path, file, access rule, and the _middleware.ts files
that run around it, root first) in match order; --json adds "access": { rule,
teams } to routes an access rule covers and "middleware": [files] to routes with
middleware. Exits with 1 and the conflict report when routes conflict.

When redocly.yaml lists API descriptions under 'apis:', it also lists the operations
no function serves and the functions no operation describes; --json then prints
{ "routes": [...], "contract": { apis, withoutFunction, withoutOperation } }.
--mock lists the mock routes operations with no function get (as 'apifn dev --mock').`;

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
    mock: { type: "boolean" },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const app = await createApp({
    ...(values.root ? { root: values.root as string } : {}),
    preload: false,
    ...(values.mock ? { mock: true } : {}),
    logger: { warn: (m) => console.error(`warning: ${m}`), error: (m) => console.error(m) },
  });
  const contract = app.contract && {
    apis: app.contract.apis,
    withoutFunction: app.contract.withoutFunction,
    withoutOperation: app.contract.withoutOperation,
  };
  if (values.json) {
    const output = contract ? { routes: app.routes, contract } : app.routes;
    console.log(JSON.stringify(output, null, 2));
  } else {
    for (const route of app.routes) {
      const access = formatRouteAccess(route.access);
      const chain = route.middleware ? `  middleware: ${route.middleware.join(" → ")}` : "";
      console.log(
        `${route.method.padEnd(7)} ${route.path.padEnd(40)} ${route.file.padEnd(40)} ${access}` +
          chain,
      );
    }
    if (app.contract) { for (const line of formatContractReport(app.contract)) console.log(line); }
  }
  await app.close();
  return 0;
}
