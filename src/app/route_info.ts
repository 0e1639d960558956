/**
 * A row of the route table, apart from the table's code so `openapi/` can read rows without
 * importing how they are built.
 *
 * @module
 */
import type { RouteAccess } from "../auth/guard.ts";

/** A row of the route table, as `app.routes` and the `routes` command show it. */
export interface RouteInfo {
  /** The method served, or `*` for every method. */
  method: string;
  /** The URL pattern, e.g. `/api/notes/[id]`. */
  path: string;
  /** The function file, relative to the project root. */
  file: string;
  /** The access rule that applies to the route, when one does (absent: open). */
  access?: RouteAccess;
  /** The `_middleware.ts` files that run around the function, root first (absent: none). */
  middleware?: string[];
  /** The `summary` of the file's `openapi` operation, once the file is imported. */
  summary?: string;
}
