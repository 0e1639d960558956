/**
 * A description of the machine for the benchmark report: cores, CPU model, memory, disk,
 * Deno version.
 *
 * @module
 */

async function sh(command: string): Promise<string> {
  const output = await new Deno.Command("sh", { args: ["-c", command], stderr: "null" }).output();
  return new TextDecoder().decode(output.stdout).trim();
}

/**
 * Describes the machine as a Markdown list.
 *
 * @returns `- nproc: …` lines.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeMachine } from "./machine.ts";
 *
 * assert.match(await describeMachine(), /nproc/);
 * ```
 */
export async function describeMachine(): Promise<string> {
  const nproc = await sh("nproc");
  const model = await sh("lscpu | sed -n 's/^Model name: *//p'");
  const hypervisor = await sh("lscpu | sed -n 's/^Hypervisor vendor: *//p'");
  const memory = await sh("free -m | awk '/^Mem:/ {print $2\" MiB\"}'");
  const disk = await sh(
    'df -hT "${TMPDIR:-/tmp}" | awk \'NR==2 {print $1" ("$2", "$3" total)"}\'',
  );
  const kernel = await sh("uname -r");
  return [
    `- nproc: ${nproc}`,
    `- CPU: ${model}${hypervisor ? ` (VM, ${hypervisor})` : ""}`,
    `- memory: ${memory}`,
    `- disk (temp dir, where the stores live): ${disk}`,
    `- kernel: ${kernel}`,
    `- Deno: ${Deno.version.deno} (V8 ${Deno.version.v8})`,
    `- wrk: ${await sh("wrk -v 2>&1 | head -1")}`,
  ].join("\n");
}
