/**
 * One operation of the document: what a function file's `openapi` export declares, completed
 * with what apifn knows (path parameters from the file name, a summary, a tag, error responses,
 * security for routes behind an access rule) and with JSON Schema in place of validators.
 *
 * @module
 */
import type { RouteAccess } from "../auth/guard.ts";
import { deriveTag } from "./operation_ids.ts";
import type { PathTemplate, TemplateParam } from "./path_template.ts";
import { documentSchema } from "./document_schema.ts";
import type {
  OpenApiMediaType,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiReference,
} from "./types.ts";

/** The security scheme named by operations behind an access rule. */
export const SECURITY_SCHEME = "apifnUser";
/** The shared error response every operation refers to for `4XX` and `5XX`. */
export const ERROR_RESPONSE = "#/components/responses/Error";

/** What {@linkcode describeOperation} needs to know about the route. */
export interface OperationSource {
  /** The method, upper case. */
  method: string;
  /** The path this operation is listed under. */
  path: PathTemplate;
  /** The route's own parameters, in order (names and kinds may differ from the path's). */
  params: TemplateParam[];
  /** The function file, relative to the root. */
  file: string;
  /** The module's `openapi` export (anything: checked here). */
  declared: unknown;
  /** The access rule of the route, if any. */
  access?: RouteAccess | undefined;
  /** Receives problems, already naming the file. */
  warn(message: string): void;
}

/**
 * Describes one operation (without its `operationId`, which the document settles).
 *
 * @param source The route, its file and its `openapi` export.
 * @returns The operation and the id the file asked for, if any.
 */
export function describeOperation(
  source: OperationSource,
): { operation: OpenApiOperation; operationId?: string } {
  const warn = (message: string) => source.warn(`${source.file}: ${message}`);
  const declared = readDeclared(source.declared, warn);
  const { operationId, ...rest } = declared;
  const operation: OpenApiOperation = {
    summary: `${source.method} ${source.path.template}`,
    description: `Served by \`${source.file}\`.`,
    tags: [deriveTag(source.path.template)],
    ...rest,
  };
  const parameters = pathParameters(source, declared.parameters ?? [], warn);
  if (parameters.length > 0) operation.parameters = parameters;
  else delete operation.parameters;
  if (declared.requestBody && !("$ref" in declared.requestBody)) {
    const body = declared.requestBody;
    operation.requestBody = { ...body, content: convertContent(body.content, warn) };
  }
  const responses: Record<string, unknown> = {};
  for (const [code, response] of Object.entries(declared.responses ?? {})) {
    responses[code] = "$ref" in response || !response.content
      ? response
      : { ...response, content: convertContent(response.content, warn) };
  }
  if (Object.keys(responses).length === 0) {
    responses.default = { description: "The function's response (its file declares none)" };
  }
  for (const range of ["4XX", "5XX"]) responses[range] ??= { $ref: ERROR_RESPONSE };
  operation.responses = responses as OpenApiOperation["responses"];
  if (source.access && !anonymousAllowed(source.access) && operation.security === undefined) {
    operation.security = [{ [SECURITY_SCHEME]: [] }];
  }
  return typeof operationId === "string" ? { operation, operationId } : { operation };
}

/** Whether an anonymous caller passes the rule (`anonymous`, else `*`, as the rule decides). */
function anonymousAllowed(access: RouteAccess): boolean {
  const { teams } = access;
  return "anonymous" in teams ? teams.anonymous === true : teams["*"] === true;
}

function readDeclared(declared: unknown, warn: (message: string) => void): OpenApiOperation {
  if (declared === undefined) return {};
  if (typeof declared !== "object" || declared === null || Array.isArray(declared)) {
    warn("its `openapi` export is not an Operation Object: ignored");
    return {};
  }
  return declared as OpenApiOperation;
}

/** The declared parameters, path ones renamed to the path's names, plus every missing one. */
function pathParameters(
  source: OperationSource,
  declared: Array<OpenApiParameter | OpenApiReference>,
  warn: (message: string) => void,
): Array<OpenApiParameter | OpenApiReference> {
  const rename = new Map(
    source.params.map((param, i) => [param.name, source.path.params[i]?.name]),
  );
  const out: Array<OpenApiParameter | OpenApiReference> = [];
  const given = new Map<string, OpenApiParameter>();
  for (const parameter of declared) {
    if ("$ref" in parameter) {
      out.push(parameter);
      continue;
    }
    const converted = parameter.schema === undefined
      ? { ...parameter }
      : { ...parameter, schema: documentSchema(parameter.schema, warn) };
    if (parameter.in !== "path") {
      out.push(converted);
      continue;
    }
    const name = rename.get(parameter.name);
    if (name === undefined) {
      warn(`path parameter '${parameter.name}' is not in the file name: left out`);
      continue;
    }
    given.set(name, { ...converted, name, required: true });
  }
  const fromPath = source.path.params.map(({ name }, i) => {
    const base = given.get(name) ?? { name, in: "path" as const, required: true };
    const schema = base.schema ?? { type: "string" };
    if (source.params[i]?.kind !== "rest") return { ...base, schema };
    return {
      description: "The rest of the path: one or more segments, e.g. `a/b/c` (the function " +
        "gets them as an array). Send the `/` between segments as it is: an encoded `%2F` " +
        "stays inside one segment.",
      ...base,
      schema,
      "x-apifn-catch-all": true,
    };
  });
  return [...fromPath, ...out];
}

function convertContent(
  content: Record<string, OpenApiMediaType>,
  warn: (message: string) => void,
): Record<string, OpenApiMediaType> {
  const out: Record<string, OpenApiMediaType> = {};
  for (const [type, media] of Object.entries(content ?? {})) {
    out[type] = media?.schema === undefined
      ? media
      : { ...media, schema: documentSchema(media.schema, warn) };
  }
  return out;
}
