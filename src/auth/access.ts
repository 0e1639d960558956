/**
 * Access rules in the style of Redocly's `rbac.content`: patterns (function files or URLs)
 * mapping teams to roles, checked before a function is loaded.
 *
 * @module
 */

import type { ApiFunctionsUser } from "../types.ts";
import { compareSpecificity } from "./access_pattern.ts";
import { type AccessRule, compileAccessRule, ruleAllows } from "./access_rule.ts";

export type { AccessRule };

/**
 * Access rules: pattern → team → role. A role is `true`/`false`, or a Redocly role string:
 * `"none"` denies, any other (`"read"`, `"write"`, `"admin"`…) allows. Teams include
 * `authenticated`, `anonymous` and `*` (every team not listed in the rule).
 */
export type AccessRules = Record<string, Record<string, string | boolean>>;

/** The outcome of {@linkcode AccessPolicy.check}. */
export interface AccessDecision {
  /** The rule that decided. */
  rule: AccessRule;
  /** Whether the user may call the function. */
  allowed: boolean;
}

/** Compiled rules, most specific first. */
export interface AccessPolicy {
  /** Every rule, most specific first. */
  readonly rules: readonly AccessRule[];
  /** The most specific rule for a file and a URL (segments), or `undefined`: the route is open. */
  ruleFor(file: string, urlSegments: () => readonly string[] | undefined): AccessRule | undefined;
  /** The decision for a request; `undefined` when no rule matches (open). */
  check(file: string, pathname: string, user: ApiFunctionsUser): AccessDecision | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Splits a raw pathname into decoded segments as the router sees them (one trailing slash
 * ignored); `undefined` when a segment cannot be decoded.
 */
function pathSegments(pathname: string): string[] | undefined {
  const body = pathname.endsWith("/") ? pathname.slice(1, -1) : pathname.slice(1);
  if (body === "") return [];
  const segments = body.split("/");
  try {
    for (let i = 0; i < segments.length; i++) {
      if (segments[i]!.includes("%")) segments[i] = decodeURIComponent(segments[i]!);
    }
  } catch {
    return undefined;
  }
  return segments;
}

/**
 * Compiles access rules from the `access` option and Redocly's `rbac.content` (from the config).
 * An `access` rule replaces a `rbac.content` rule with the same key. Returns `undefined` when
 * there are no rules (every route is open). Throws a `TypeError` naming the bad rule.
 *
 * @param sources The `access` option and the project config.
 * @returns The policy, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileAccessPolicy } from "./access.ts";
 * import { anonymousUser } from "../http/context.ts";
 *
 * const policy = compileAccessPolicy({
 *   config: { rbac: { content: { "@api/admin/**": { admins: "read" } } } },
 *   access: { "/api/admin/health": { "*": true } },
 * })!;
 * const user = anonymousUser();
 * assert.equal(policy.check("@api/admin/users.get.ts", "/api/admin/users", user)?.allowed, false);
 * assert.equal(policy.check("@api/admin/[x].get.ts", "/api/admin/health", user)?.allowed, true);
 * assert.equal(policy.check("@api/hello.ts", "/api/hello", user), undefined); // open
 * ```
 */
export function compileAccessPolicy(
  sources: { access?: AccessRules | undefined; config?: Record<string, unknown> | undefined },
): AccessPolicy | undefined {
  const byKey = new Map<string, AccessRule>();
  const rbac = sources.config?.rbac;
  if (rbac !== undefined && rbac !== null) {
    if (!isRecord(rbac)) throw new TypeError("Cannot read config 'rbac': expected a mapping");
    const content = rbac.content;
    if (content !== undefined && content !== null) {
      if (!isRecord(content)) {
        throw new TypeError("Cannot read config 'rbac.content': expected a mapping");
      }
      for (const [key, value] of Object.entries(content)) {
        byKey.set(key, compileAccessRule(key, value, { source: "config" }));
      }
    }
  }
  if (sources.access !== undefined) {
    if (!isRecord(sources.access)) {
      throw new TypeError("Cannot read option 'access': expected a map of pattern to teams");
    }
    for (const [key, value] of Object.entries(sources.access)) {
      byKey.set(key, compileAccessRule(key, value, { source: "option" }));
    }
  }
  if (byKey.size === 0) return undefined;
  const rules = Object.freeze(
    [...byKey.values()].sort((a, b) =>
      compareSpecificity(a.pattern, b.pattern) || (a.pattern.key < b.pattern.key ? -1 : 1)
    ),
  );
  const hasUrlRules = rules.some((rule) => rule.pattern.kind === "url");
  const fileCache = new Map<string, number>();

  function firstFileRule(file: string): number {
    let index = fileCache.get(file);
    if (index === undefined) {
      const parts = file.replaceAll("\\", "/").split("/");
      index = rules.findIndex((rule) => rule.pattern.kind === "file" && rule.pattern.test(parts));
      if (index === -1) index = rules.length;
      if (fileCache.size < 10_000) fileCache.set(file, index);
    }
    return index;
  }

  function ruleFor(file: string, url: () => readonly string[] | undefined) {
    const fileIndex = firstFileRule(file);
    if (hasUrlRules) {
      let segments: readonly string[] | undefined | null = null;
      for (let i = 0; i < fileIndex; i++) {
        const rule = rules[i]!;
        if (rule.pattern.kind !== "url") continue;
        segments ??= url();
        if (segments === undefined) break;
        if (rule.pattern.test(segments)) return rule;
      }
    }
    return rules[fileIndex];
  }

  return {
    rules,
    ruleFor,
    check(file, pathname, user) {
      const rule = ruleFor(file, () => pathSegments(pathname));
      return rule === undefined ? undefined : { rule, allowed: ruleAllows(rule, user.teams) };
    },
  };
}
