/**
 * Where and why Python's `json.loads` stops on a text that is not JSON, so that the legacy mode's
 * `json_invalid` answer names the position and sentence FastAPI gave. Called only after
 * `JSON.parse` has failed; V8's own messages carry no position for most mistakes.
 */
export interface JsonSyntaxError {
  /** In characters (code points), as Python counts them. */
  pos: number;
  error: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const LITERALS = ['null', 'true', 'false', 'NaN', 'Infinity', '-Infinity'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** A recursive-descent reading of `text` that follows CPython's `json.decoder`, step for step. */
class Scanner {
  constructor(private readonly text: string) {}

  skip(at: number): number {
    let index = at;
    while (WHITESPACE.has(this.text[index] ?? '')) index += 1;
    return index;
  }

  value(at: number): number {
    const char = this.text[at];
    if (char === '"') return this.string(at);
    if (char === '{') return this.object(at + 1);
    if (char === '[') return this.array(at + 1);
    const literal = LITERALS.find((word) => this.text.startsWith(word, at));
    if (literal) return at + literal.length;
    NUMBER.lastIndex = at;
    if (NUMBER.test(this.text)) return NUMBER.lastIndex;
    throw new Stop(at, 'Expecting value');
  }

  string(quote: number): number {
    let index = quote + 1;
    for (;;) {
      const char = this.text[index];
      if (char === undefined) throw new Stop(quote, 'Unterminated string starting at');
      if (char === '"') return index + 1;
      if (char < ' ') throw new Stop(index, 'Invalid control character at');
      if (char === '\\') {
        const escape = this.text[index + 1];
        if (escape === undefined) throw new Stop(quote, 'Unterminated string starting at');
        if (escape === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(index + 2, index + 6))) {
            throw new Stop(index + 1, 'Invalid \\uXXXX escape');
          }
          index += 6;
          continue;
        }
        if (!ESCAPES.has(escape)) throw new Stop(index, 'Invalid \\escape');
        index += 2;
        continue;
      }
      index += 1;
    }
  }

  object(open: number): number {
    let index = this.skip(open);
    if (this.text[index] === '}') return index + 1;
    for (;;) {
      if (this.text[index] !== '"') throw new Stop(index, 'Expecting property name enclosed in double quotes');
      index = this.skip(this.string(index));
      if (this.text[index] !== ':') throw new Stop(index, "Expecting ':' delimiter");
      index = this.skip(this.value(this.skip(index + 1)));
      if (this.text[index] === '}') return index + 1;
      if (this.text[index] !== ',') throw new Stop(index, "Expecting ',' delimiter");
      index = this.skip(index + 1);
    }
  }

  array(open: number): number {
    let index = this.skip(open);
    if (this.text[index] === ']') return index + 1;
    for (;;) {
      index = this.skip(this.value(index));
      if (this.text[index] === ']') return index + 1;
      if (this.text[index] !== ',') throw new Stop(index, "Expecting ',' delimiter");
      index = this.skip(index + 1);
    }
  }
}

export function locateJsonSyntaxError(text: string): JsonSyntaxError {
  const scanner = new Scanner(text);
  let at: number;
  let error: string;
  try {
    const end = scanner.skip(scanner.value(scanner.skip(0)));
    // Python reads what V8 refuses in one case (NaN, Infinity): name the start.
    [at, error] = end < text.length ? [end, 'Extra data'] : [0, 'Expecting value'];
  } catch (stop) {
    if (!(stop instanceof Stop)) throw stop;
    [at, error] = [stop.at, stop.reason];
  }
  return { pos: Array.from(text.slice(0, at)).length, error };
}
