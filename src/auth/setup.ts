/**
 * Puts the app's authentication, access rules and cookie signing together from its options,
 * the environment and the project config.
 *
 * @module
 */

import { stripJsonc } from "../config/jsonc.ts";
import type { ApiFunctionsUser } from "../types.ts";
import { type AccessPolicy, type AccessRules, compileAccessPolicy } from "./access.ts";
import { type JwtOptions, prepareJwtAuthenticator } from "./jwt.ts";
import { resolveJwtSettings } from "./jwt_settings.ts";
import {
  devCookieSecret,
  findSignedCookieUse,
  lazyCookieSigner,
  missingCookieSecret,
} from "./cookie_secret.ts";
import { cookieSecrets, type CookieSigner, createCookieSigner } from "./signed_cookies.ts";
import { type AuthenticateFunction, createUserResolver } from "./user.ts";

/** The authentication and access options of `createApp`. */
export interface AuthOptions {
  /** Decides the user of each request (`null`: anonymous). Wins over every JWT setting. */
  authenticate?: AuthenticateFunction | undefined;
  /** Built-in JWT authentication; overrides `APIFN_JWT_*` and `apifn.auth.jwt`, key by key. */
  jwt?: JwtOptions | undefined;
  /** Access rules, merged over `rbac.content` of the config (same key: this one wins). */
  access?: AccessRules | undefined;
  /** Cookie secret(s) for `setCookie(…, { signed: true })`; default `APIFN_COOKIE_SECRET`. */
  cookieSecret?: string | string[] | undefined;
  /** Cookies that must arrive signed: an unsigned value for them is left out of `context.cookies`. */
  signedCookies?: string[] | undefined;
}

/** What the pipeline needs. */
export interface AuthSetup {
  /** The user of a request (never throws). */
  user: (request: Request) => Promise<ApiFunctionsUser> | ApiFunctionsUser;
  /** The access rules, or `undefined` when every route is open. */
  access: AccessPolicy | undefined;
  /**
   * Signs and verifies cookies. Without a configured secret: in dev, one generated once into
   * `<root>/.apifn/cookie-secret`; otherwise one whose signing answers 500 naming the setting
   * (also in dev when no root is given).
   */
  cookieSigner: CookieSigner;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jwtSection(apifn: unknown): unknown {
  return isRecord(apifn) && isRecord(apifn.auth) ? apifn.auth.jwt : undefined;
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Reads the `apifn` section of the project's `deno.json` / `deno.jsonc`, found among the config
 * files the app read (`undefined` when there is none). The file was already parsed once by the
 * project config loader, which reports syntax errors.
 *
 * @param files Absolute paths of the config files read.
 * @returns The `apifn` section, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readDenoJsonApifn } from "./setup.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/deno.jsonc`, '{ "apifn": { "auth": {} }, // note\n }');
 * assert.deepEqual(await readDenoJsonApifn([`${dir}/deno.jsonc`]), { auth: {} });
 * assert.equal(await readDenoJsonApifn([]), undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readDenoJsonApifn(files: readonly string[]): Promise<unknown> {
  const path = files.find((file) => /(^|[\\/])deno\.jsonc?$/.test(file));
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // removed since it was read
    throw error;
  }
  const json = JSON.parse(stripJsonc(text.replace(/^\uFEFF/, "")));
  return isRecord(json) ? json.apifn : undefined;
}

/**
 * Builds the app's {@linkcode AuthSetup}. Rejects with a `TypeError`/`RangeError` for invalid
 * settings (both `authenticate` and `jwt`, a bad key, a short secret, a malformed rule), so
 * they stop startup instead of failing requests. Without a cookie secret outside dev, warns
 * about each function file that uses `signed: true`.
 *
 * @param options The app's options.
 * @param project The effective config, `deno.json`'s `apifn` section, dev mode, a logger, the
 * project root (for the dev cookie secret) and the function files (relative to it).
 * @returns The setup.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { setupAuth } from "./setup.ts";
 *
 * const auth = await setupAuth(
 *   { access: { "**": { authenticated: "read" } } },
 *   { config: {}, dev: false, warn() {}, env: () => undefined },
 * );
 * assert.equal((await auth.user(new Request("http://x/"))).isAuthenticated, false);
 * assert.equal(auth.access?.rules.length, 1);
 * assert.throws(() => auth.cookieSigner?.sign("sid", "x"), /APIFN_COOKIE_SECRET/);
 * ```
 */
export async function setupAuth(options: AuthOptions, project: {
  config: Record<string, unknown>;
  denoJson?: unknown;
  dev: boolean;
  warn: (message: string) => void;
  env?: (name: string) => string | undefined;
  root?: string;
  functionFiles?: readonly string[];
}): Promise<AuthSetup> {
  const env = project.env ?? readEnv;
  if (options.authenticate !== undefined && options.jwt !== undefined) {
    throw new TypeError("Cannot set up authentication: give either 'authenticate' or 'jwt'");
  }
  let authenticate = options.authenticate;
  if (authenticate === undefined) {
    const settings = resolveJwtSettings({
      option: options.jwt,
      env,
      denoJson: jwtSection(project.denoJson),
      redoclyYaml: jwtSection(project.config.apifn),
    });
    if (settings !== undefined) authenticate = await prepareJwtAuthenticator(settings);
  }
  const access = compileAccessPolicy({ access: options.access, config: project.config });
  for (const rule of access?.rules ?? []) {
    if (rule.pattern.key.startsWith("/@")) {
      project.warn(
        `Access rule '${rule.pattern.key}' is a URL rule (it starts with '/'); ` +
          `for the file, write '${rule.pattern.key.slice(1)}'`,
      );
    }
  }
  return {
    user: createUserResolver(authenticate, { dev: project.dev, warn: project.warn }),
    access,
    cookieSigner: await setupCookieSigner(options, project, env),
  };
}

async function setupCookieSigner(
  options: AuthOptions,
  project: {
    dev: boolean;
    warn: (message: string) => void;
    root?: string;
    functionFiles?: readonly string[];
  },
  env: (name: string) => string | undefined,
): Promise<CookieSigner> {
  const required = options.signedCookies ?? [];
  const secrets = cookieSecrets(options.cookieSecret, env);
  if (secrets !== undefined) return createCookieSigner(secrets, { required });
  const root = project.root;
  if (project.dev && root !== undefined) {
    return lazyCookieSigner(() => [devCookieSecret(root)], { required });
  }
  if (required.length > 0) {
    throw new TypeError(
      "Cannot require signed cookies: no cookie secret (set APIFN_COOKIE_SECRET or cookieSecret)",
    );
  }
  for (const file of await findSignedCookieUse(root ?? ".", project.functionFiles ?? [])) {
    project.warn(
      `'${file}' sets signed cookies, but there is no cookie secret: they answer 500 until ` +
        "APIFN_COOKIE_SECRET (at least 32 bytes) or the cookieSecret option is set",
    );
  }
  return missingCookieSecret();
}
