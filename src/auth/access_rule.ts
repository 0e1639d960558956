/**
 * One access rule: a pattern and what each team may do, and whether it lets a user in.
 *
 * @module
 */

import { type AccessPattern, compileAccessPattern } from "./access_pattern.ts";

/** One compiled rule. */
export interface AccessRule {
  /** The pattern. */
  readonly pattern: AccessPattern;
  /** Team → allowed. */
  readonly teams: ReadonlyMap<string, boolean>;
  /** Where it came from. */
  readonly source: "option" | "config";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Compiles one rule: its pattern (see `compileAccessPattern`) and its team map. A role is a
 * boolean, or a string: `none` (any case) denies, any other non-empty string allows. Throws a
 * `TypeError` naming the rule and team for anything else.
 *
 * @param key The pattern.
 * @param value The team → role map.
 * @param options Where the rule comes from.
 * @returns The rule.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileAccessRule } from "./access_rule.ts";
 *
 * const rule = compileAccessRule("@api/admin/**", { admins: "write", guests: "none" }, {
 *   source: "config",
 * });
 * assert.deepEqual([...rule.teams], [["admins", true], ["guests", false]]);
 * assert.throws(() => compileAccessRule("**", { a: 1 }, { source: "option" }), TypeError);
 * ```
 */
export function compileAccessRule(
  key: string,
  value: unknown,
  options: { source: AccessRule["source"] },
): AccessRule {
  const source = options.source;
  const pattern = compileAccessPattern(key);
  if (!isRecord(value)) {
    throw new TypeError(`Cannot read access rule '${key}': expected a map of team to role`);
  }
  const teams = new Map<string, boolean>();
  for (const [team, role] of Object.entries(value)) {
    if (typeof role === "boolean") teams.set(team, role);
    else if (typeof role === "string" && role.trim() !== "") {
      teams.set(team, role.trim().toLowerCase() !== "none");
    } else {
      throw new TypeError(
        `Cannot read access rule '${key}': team '${team}' must have a role string or a boolean, got '${
          JSON.stringify(role) ?? String(role)
        }'`,
      );
    }
  }
  return Object.freeze({ pattern, teams, source });
}

/**
 * Whether a rule lets a user in: the user's teams listed in the rule decide (allowed when any of
 * them is allowed); when none is listed, `*` decides; without `*`, denied.
 *
 * @param rule The rule.
 * @param teams The user's teams (`anonymous`, or `authenticated` plus theirs).
 * @returns Whether the user is allowed.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileAccessRule, ruleAllows } from "./access_rule.ts";
 *
 * const rule = compileAccessRule("**", { admins: "write", "*": "none" }, { source: "option" });
 * assert.equal(ruleAllows(rule, ["admins", "authenticated"]), true);
 * assert.equal(ruleAllows(rule, ["authenticated"]), false);
 * ```
 */
export function ruleAllows(rule: AccessRule, teams: readonly string[]): boolean {
  let listed = false;
  for (const team of teams) {
    const allowed = rule.teams.get(team);
    if (allowed === undefined) continue;
    if (allowed) return true;
    listed = true;
  }
  return listed ? false : rule.teams.get("*") ?? false;
}
