/**
 * apifn turns a folder of API functions into a server with a built-in KV
 * store. Drop `@api/notes.get.ts` into a project and get `GET /api/notes`;
 * each file's default export is `(request, context) => Response`, and
 * `await context.getKv()` gives a schema-less JSON store on Deno KV. Projects
 * written for Redocly's API functions run unchanged.
 *
 * @example Test a function without a server
 * ```ts
 * import assert from "node:assert/strict";
 * import { createApp } from "./mod.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/@api/counter`, { recursive: true });
 * await Deno.writeTextFile(
 *   `${root}/@api/counter/[name].post.ts`,
 *   `export default async function (_request, context) {
 *     const kv = await context.getKv();
 *     const views = await kv.transaction(async (tx) => {
 *       const next = ((await tx.get(["views", context.params.name])) ?? 0) + 1;
 *       await tx.set(["views", context.params.name], next);
 *       return next;
 *     });
 *     return context.json({ views });
 *   }`,
 * );
 * const app = await createApp({ root, kv: ":memory:" });
 * const hit = () => app.fetch(new Request("http://localhost/api/counter/home", { method: "POST" }));
 * await hit();
 * assert.deepEqual(await (await hit()).json(), { views: 2 });
 * assert.equal((await app.fetch(new Request("http://localhost/api/counter/home"))).status, 405);
 * await app.close();
 * await Deno.remove(root, { recursive: true });
 * ```
 *
 * @module
 */
export {
  type App,
  type AppOptions,
  type BodySnapshot,
  createApp,
  type ResponseInfo,
  type RouteInfo,
} from "./src/app.ts";
export { serve, type ServeOptions, type Server } from "./src/server/serve.ts";
export { createServeEntry, type ServeEntry, type ServeEntryOptions } from "./src/server/entry.ts";
export { type DevOptions, type DevServer, serveDev } from "./src/server/dev.ts";
export { remoteAddress } from "./src/http/remote_addr.ts";
export type { AppManifest, ManifestFunction } from "./src/app/manifest.ts";
export type { ApifnSettings } from "./src/config/settings.ts";
export { openKv, type OpenKvOptions } from "./src/kv/engine/open.ts";
export {
  KvStore,
  type KvStoreEntry,
  type KvStoreOptions,
  type KvStoreStats,
} from "./src/kv/api/store.ts";
export {
  type ExportedEntry,
  exportKv,
  importKv,
  type ImportProblem,
  KvImportError,
} from "./src/kv/transfer/ndjson.ts";
export type { SweepResult } from "./src/kv/engine/expiry.ts";
export type { JobContext, JobHandler, JobRun } from "./src/jobs/job_types.ts";
export type { JobsOptions } from "./src/jobs/runtime.ts";
export type { Clock } from "./src/jobs/clock.ts";
export { HttpError, type HttpErrorOptions, type ProblemError } from "./src/http/errors.ts";
export type {
  JsonSchema,
  OpenApiDocument,
  OpenApiExample,
  OpenApiHeader,
  OpenApiInfo,
  OpenApiMediaType,
  OpenApiMethod,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiPathItem,
  OpenApiReference,
  OpenApiRequestBody,
  OpenApiResponse,
  OpenApiSchema,
  StandardSchema,
  StandardSchemaResult,
} from "./src/openapi/types.ts";
export { toJsonSchema } from "./src/openapi/json_schema.ts";
export type { ContractReport } from "./src/openapi/contract.ts";
export { readValidated, type ValidatedInput } from "./src/openapi/validate.ts";
export type { Middleware, MiddlewareNext } from "./src/middleware/types.ts";
export { cors, type CorsOptions, type CorsOrigin } from "./src/middleware/cors.ts";
export { rateLimit, type RateLimitOptions } from "./src/middleware/rate_limit.ts";
export {
  type Authenticator,
  type JwtAlgorithm,
  jwtAuthenticator,
  type JwtOptions,
} from "./src/auth/jwt.ts";
export type { AccessRules } from "./src/auth/access.ts";
export type { RouteAccess } from "./src/auth/guard.ts";
export type { FsAdapter, FsEntry } from "./src/routing/fs.ts";
export type { ModuleLoader } from "./src/app/modules.ts";
export type {
  ApiFunction,
  ApiFunctionsConfig,
  ApiFunctionsContext,
  ApiFunctionsContextMethods,
  ApiFunctionsUser,
  CookieOptions,
  EnqueueOptions,
  KvChange,
  KvKey,
  KvKeyPart,
  KvListEntry,
  KvListOptions,
  KvListResponse,
  KvListSelector,
  KvService,
  KvSetOptions,
  KvTransaction,
  KvValue,
  KvWatchOptions,
  KvWatchSelector,
} from "./src/types.ts";
