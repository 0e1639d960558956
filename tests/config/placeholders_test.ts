import assert from "node:assert/strict";
import { substituteEnv } from "../../src/config/placeholders.ts";

const ENV: Record<string, string> = { API_URL: "https://api.example.com", EMPTY: "", N: "42" };
const env = (name: string) => ENV[name];

Deno.test("substituteEnv - Redocly's placeholder forms in strings", async (t) => {
  const cases: [string, string, string][] = [
    ["plain", "{{ process.env.API_URL }}", "https://api.example.com"],
    ["no spaces", "{{process.env.API_URL}}", "https://api.example.com"],
    ["inside text, twice", "{{ process.env.N }}/{{ process.env.N }}", "42/42"],
    ["unset without default is empty", "[{{ process.env.MISSING }}]", "[]"],
    ['|| "default"', '{{ process.env.MISSING || "fallback" }}', "fallback"],
    ["|| 'default'", "{{ process.env.MISSING || 'fallback' }}", "fallback"],
    ["| 'default'", "{{ process.env.MISSING | 'fallback' }}", "fallback"],
    ['| "default"', '{{ process.env.MISSING | "fallback" }}', "fallback"],
    ["empty value takes the default", "{{ process.env.EMPTY || 'fallback' }}", "fallback"],
    ["set value ignores the default", "{{ process.env.N | '0' }}", "42"],
    ["an empty default", "{{ process.env.MISSING || '' }}", ""],
    [
      "other template text is kept",
      "{{ page.title }} {{ process.env.N | upper }}",
      "{{ page.title }} {{ process.env.N | upper }}",
    ],
    ["no placeholder", "plain text", "plain text"],
  ];
  for (const [name, input, expected] of cases) {
    await t.step(name, () => assert.equal(substituteEnv(input, env), expected));
  }
});

Deno.test("substituteEnv - walks mappings and lists, keeps keys and other values", () => {
  const input = {
    "{{ process.env.N }}": ["{{ process.env.N }}", 1, true, null, { deep: "{{ process.env.N }}" }],
  };
  assert.deepEqual(substituteEnv(input, env), {
    "{{ process.env.N }}": ["42", 1, true, null, { deep: "42" }],
  });
});
