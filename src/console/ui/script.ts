/**
 * The console page's script, served at `/_apifn/console/app.js`: plain browser JavaScript kept
 * in strings, so it ships inside the published package and needs no build step or CDN.
 *
 * @module
 */
import { CORE_SCRIPT } from "./script_core.ts";
import { EDITOR_SCRIPT } from "./script_editor.ts";
import { KV_SCRIPT } from "./script_kv.ts";
import { REQUESTS_SCRIPT } from "./script_requests.ts";

/** The whole script. */
export const SCRIPT: string = [CORE_SCRIPT, KV_SCRIPT, EDITOR_SCRIPT, REQUESTS_SCRIPT].join("\n");
