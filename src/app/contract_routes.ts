/**
 * The project's API descriptions against its routes: which file serves which operation, and
 * (with mocking on) a route for every operation no file serves, answering from the
 * description's examples. Mock routes are real rows of the table: 404, 405 and OPTIONS treat
 * them like any other.
 *
 * @module
 */
import type { ContractMatch, ContractReport } from "../openapi/contract.ts";
import { matchContract } from "../openapi/contract.ts";
import type { ApiDescription } from "../openapi/description.ts";
import {
  type DescribedOperation,
  listDescribedOperations,
} from "../openapi/described_operations.ts";
import { mockResponse } from "../openapi/mock.ts";
import { compileOperation } from "../openapi/operation.ts";
import { withOperation } from "../openapi/validate.ts";
import type { RouteDefinition } from "../routing/route_types.ts";
import type { Segment } from "../routing/segment.ts";
import type { ApiFunction } from "../types.ts";
import type { RouteInfo } from "./route_info.ts";
import type { FunctionRoute } from "./handle_env.ts";
import type { LoadedFunction } from "./function_checks.ts";

/** What the descriptions add to a route build. */
export interface ContractRoutes {
  /** Which file serves which operation. */
  match: ContractMatch;
  /** The mock routes (none when mocking is off). */
  mocks: RouteDefinition<FunctionRoute>[];
  /** The coverage, as `app.contract` gives it. */
  report: ContractReport;
  /** Operations that cannot be mocked, and operations described twice. */
  warnings: string[];
}

/**
 * Matches the descriptions' operations to the routes and makes the mock routes.
 *
 * @param apis The descriptions, in the order `apis:` lists them (at least one).
 * @param routes The routes of the scan.
 * @param options `mock`: add mock routes; `warn`: where mock routes report bad requests' details.
 * @returns The match, the mock routes and the report.
 */
export function contractRoutes(
  apis: readonly ApiDescription[],
  routes: readonly RouteInfo[],
  options: { mock: boolean; warn: (message: string) => void },
): ContractRoutes {
  const operations = apis.flatMap(listDescribedOperations);
  const match = matchContract(operations, routes);
  const warnings = [...match.warnings];
  const mocks: RouteDefinition<FunctionRoute>[] = [];
  const mocked = new Set<DescribedOperation>();
  for (const described of options.mock ? match.missing : []) {
    try {
      mocks.push(mockRoute(described, apis, options.warn));
      mocked.add(described);
    } catch (error) {
      warnings.push(
        `Cannot mock ${described.method} ${described.path} ('${described.file}` +
          `${described.pointer}'): ${(error as Error).message}`,
      );
    }
  }
  const report: ContractReport = {
    apis: apis.map((api) => ({ name: api.name, file: api.relative })),
    document: apis[0]!.document,
    withoutFunction: match.missing.map((d) => ({
      api: d.api,
      method: d.method,
      path: d.path,
      pointer: `${d.file}${d.pointer}`,
      mocked: mocked.has(d),
    })),
    withoutOperation: match.unmatched,
  };
  return { match, mocks, report, warnings };
}

function mockRoute(
  described: DescribedOperation,
  apis: readonly ApiDescription[],
  warn: (message: string) => void,
): RouteDefinition<FunctionRoute> {
  const segments = described.path.split("/").slice(1).filter((part, i, all) =>
    part !== "" || i < all.length - 1
  ).map((part): Segment => {
    const param = /^\{([^{}]+)\}$/.exec(part);
    if (param && /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(param[1]!)) {
      return { type: "param", name: param[1]! };
    }
    if (/[{}]/.test(part)) throw new TypeError(`apifn cannot route the segment '${part}'`);
    return { type: "static", value: decodeURIComponent(part) };
  });
  const relative = `${described.file}${described.pointer}`;
  const answer: ApiFunction = (request) => mockResponse(described.operation, request);
  const compiled = compileOperation(described.operation, {
    path: described.params.map((name) => ({ name, rest: false })),
    responses: false,
  });
  const handler = withOperation(answer, compiled, { relative, warn });
  const loaded: LoadedFunction = { ok: true, handler, operation: described.operation };
  const file = apis.find((api) => api.name === described.api)!.file;
  return {
    method: described.method,
    segments,
    file: relative,
    data: { file, relative, loaded, load: () => Promise.resolve(loaded) },
  };
}
