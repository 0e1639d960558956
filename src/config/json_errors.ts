/**
 * Locating the first syntax error in JSON text, since `JSON.parse` does not
 * always say where it failed.
 *
 * @module
 */

/** Where and why JSON text fails to parse. */
export type JsonErrorLocation = {
  /** Offset of the offending character (the text length at end of input). */
  position: number;
  /** What went wrong, e.g. `expected ',' or '}' after a property value`. */
  reason: string;
};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const ESCAPABLE = '"\\/bfnrt';
const WHITESPACE = " \t\n\r";

class Located {
  constructor(readonly position: number, readonly reason: string) {}
}

/**
 * Scans `text` as strict JSON and returns the first error, or `undefined` when
 * the text is valid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { locateJsonError } from "./json_errors.ts";
 *
 * assert.deepEqual(locateJsonError('{"a": 1 "b": 2}'), {
 *   position: 8,
 *   reason: "expected ',' or '}' after a property value",
 * });
 * assert.equal(locateJsonError('{"a": [1, true, null]}'), undefined);
 * ```
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error) {
    if (error instanceof Located) return { position: error.position, reason: error.reason };
    throw error;
  }
}

class Scanner {
  #text: string;
  #i = 0;

  constructor(text: string) {
    this.#text = text;
  }

  document(): void {
    this.#skipWhitespace();
    this.#value();
    this.#skipWhitespace();
    if (this.#i < this.#text.length) this.#fail("unexpected text after the JSON value");
  }

  #fail(reason: string): never {
    if (this.#i >= this.#text.length) {
      throw new Located(this.#text.length, "unexpected end of input");
    }
    throw new Located(this.#i, reason);
  }

  #skipWhitespace(): void {
    while (this.#i < this.#text.length && WHITESPACE.includes(this.#text[this.#i]!)) this.#i++;
  }

  #value(): void {
    const char = this.#text[this.#i];
    if (char === "{") return this.#object();
    if (char === "[") return this.#array();
    if (char === '"') return this.#string();
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return this.#number();
    for (const literal of ["true", "false", "null"]) {
      if (this.#text.startsWith(literal, this.#i)) {
        this.#i += literal.length;
        return;
      }
    }
    this.#fail(`unexpected character '${char}'`);
  }

  #object(): void {
    this.#i++;
    this.#skipWhitespace();
    if (this.#text[this.#i] === "}") {
      this.#i++;
      return;
    }
    while (true) {
      this.#skipWhitespace();
      if (this.#text[this.#i] !== '"') this.#fail("expected a double-quoted property name");
      this.#string();
      this.#skipWhitespace();
      if (this.#text[this.#i] !== ":") this.#fail("expected ':' after a property name");
      this.#i++;
      this.#skipWhitespace();
      this.#value();
      this.#skipWhitespace();
      const next = this.#text[this.#i];
      if (next !== "," && next !== "}") this.#fail("expected ',' or '}' after a property value");
      this.#i++;
      if (next === "}") return;
    }
  }

  #array(): void {
    this.#i++;
    this.#skipWhitespace();
    if (this.#text[this.#i] === "]") {
      this.#i++;
      return;
    }
    while (true) {
      this.#skipWhitespace();
      this.#value();
      this.#skipWhitespace();
      const next = this.#text[this.#i];
      if (next !== "," && next !== "]") this.#fail("expected ',' or ']' after an array element");
      this.#i++;
      if (next === "]") return;
    }
  }

  #string(): void {
    const text = this.#text;
    this.#i++;
    while (this.#i < text.length) {
      const char = text[this.#i]!;
      if (char === '"') {
        this.#i++;
        return;
      }
      if (char === "\\") {
        const next = text[this.#i + 1];
        HEX4.lastIndex = this.#i + 2;
        if (next !== undefined && ESCAPABLE.includes(next)) this.#i += 2;
        else if (next === "u" && HEX4.test(text)) this.#i += 6;
        else this.#fail("invalid escape in string");
      } else if (char < " ") {
        this.#fail("control character in string");
      } else {
        this.#i++;
      }
    }
    this.#fail("unterminated string");
  }

  #number(): void {
    NUMBER.lastIndex = this.#i;
    if (!NUMBER.test(this.#text)) this.#fail("invalid number");
    this.#i = NUMBER.lastIndex;
  }
}
