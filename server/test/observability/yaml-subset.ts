/**
 * A strict reader for the YAML our deployment files use (docker-compose.yml, Prometheus and
 * Grafana provisioning): block mappings and sequences, plain and quoted scalars, one-line flow
 * sequences and mappings of scalars, and `|` / `>` block scalars. Anything else (anchors,
 * aliases, tags, several documents, tabs) is an error rather than a guess, so a file that reads
 * here means what the test thinks it means. No YAML library is a dependency of the project.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  no: number;
  indent: number;
  text: string;
}

export class YamlSubsetError extends Error {}

function fail(no: number, message: string): never {
  throw new YamlSubsetError(`line ${no}: ${message}`);
}

/** Removes a comment: `#` at the start or after a blank, outside quotes. */
function stripComment(s: string): string {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote && !(quote === '"' && s[i - 1] === "\\")) quote = null;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,:-]/.test(s[i - 1] as string)) quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(s[i - 1] as string))) {
      return s.slice(0, i).trimEnd();
    }
  }
  return s.trimEnd();
}

/** Index of the `: ` (or final `:`) that ends a mapping key, outside quotes and brackets; -1 when none. */
function keyEnd(s: string): number {
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote && !(quote === '"' && s[i - 1] === "\\")) quote = null;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,]/.test(s[i - 1] as string))) {
      quote = c;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === ":" && depth === 0 && (i === s.length - 1 || s[i + 1] === " ")) return i;
  }
  return -1;
}

function scalar(raw: string, no: number): YamlValue {
  const s = raw.trim();
  if (s === "") return null;
  if (/^[&*!]/.test(s)) fail(no, `anchors, aliases and tags are not supported: ${s}`);
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) fail(no, `unterminated string: ${s}`);
    try {
      return JSON.parse(s) as string;
    } catch {
      fail(no, `unsupported escape in ${s}`);
    }
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) fail(no, `unterminated string: ${s}`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s.startsWith("[") || s.startsWith("{")) return flow(s, no);
  if (s === "null" || s === "~") return null;
  if (s === "true") return true;
  if (s === "false") return false;
  if (/^[-+]?(\d+|\d*\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return s;
}

/** Splits on commas at depth 0, outside quotes. */
function splitFlow(inner: string, no: number): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === quote && !(quote === '"' && inner[i - 1] === "\\")) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") fail(no, "nested flow collections are not supported");
    else if (c === ",") {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) fail(no, "unterminated string in a flow collection");
  parts.push(inner.slice(start));
  return parts.map((p) => p.trim()).filter((p, i, all) => p !== "" || i < all.length - 1);
}

function flow(s: string, no: number): YamlValue {
  const open = s[0];
  const close = open === "[" ? "]" : "}";
  if (!s.endsWith(close)) fail(no, `flow collections must end on their line: ${s}`);
  const items = splitFlow(s.slice(1, -1), no);
  if (open === "[") return items.map((p) => scalar(p, no));
  const out: Record<string, YamlValue> = {};
  for (const p of items) {
    const k = keyEnd(p);
    if (k < 0) fail(no, `expected key: value in ${s}`);
    const key = String(scalar(p.slice(0, k), no));
    if (key in out) fail(no, `duplicate key ${key}`);
    out[key] = scalar(p.slice(k + 1), no);
  }
  return out;
}

export function parseYaml(text: string): YamlValue {
  const raw = text.split(/\r?\n/);
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const full = raw[i] as string;
    if (/^\s*\t/.test(full)) fail(i + 1, "tabs in indentation");
    if (/^(---|\.\.\.)\s*$/.test(full)) fail(i + 1, "document markers are not supported");
    lines.push({ no: i + 1, indent: full.length - full.trimStart().length, text: full });
  }
  let pos = 0;

  const content = (l: Line) => stripComment(l.text).trim();
  const skipBlank = () => {
    while (pos < lines.length && content(lines[pos] as Line) === "") pos++;
  };
  const peek = (): Line | null => {
    skipBlank();
    return pos < lines.length ? (lines[pos] as Line) : null;
  };
  const isItem = (l: Line) => {
    const c = content(l);
    return c === "-" || c.startsWith("- ");
  };

  function block(indent: number): YamlValue {
    const first = peek();
    if (!first || first.indent < indent) return null;
    return isItem(first) ? sequence(first.indent) : mapping(first.indent);
  }

  /** The value after `key:` or `- `, whose own block (if any) is deeper than `indent`. */
  function value(rest: string, indent: number, no: number, seqAllowedAtIndent: boolean): YamlValue {
    if (rest === "") {
      const next = peek();
      if (!next) return null;
      if (next.indent > indent) return block(indent + 1);
      if (seqAllowedAtIndent && next.indent === indent && isItem(next)) return sequence(indent);
      return null;
    }
    const m = /^([|>])([-+]?)$/.exec(rest);
    if (m) return blockScalar(m[1] as "|" | ">", m[2] as string, indent);
    return scalar(rest, no);
  }

  function blockScalar(style: "|" | ">", chomp: string, indent: number): string {
    const body: string[] = [];
    let inner = -1;
    while (pos < lines.length) {
      const l = lines[pos] as Line;
      if (l.text.trim() === "") {
        body.push("");
        pos++;
        continue;
      }
      if (l.indent <= indent) break;
      if (inner < 0) inner = l.indent;
      if (l.indent < inner) fail(l.no, "block scalar line less indented than its first line");
      body.push(l.text.slice(inner));
      pos++;
    }
    while (body.length && body[body.length - 1] === "") body.pop();
    const joined = style === "|" ? body.join("\n") : body.join("\n").replace(/([^\n])\n(?!\n)/g, "$1 ");
    return chomp === "-" ? joined : `${joined}\n`;
  }

  function mapping(indent: number): Record<string, YamlValue> {
    const out: Record<string, YamlValue> = {};
    for (;;) {
      const l = peek();
      if (!l || l.indent < indent) return out;
      if (l.indent > indent) fail(l.no, "unexpected indentation");
      const c = content(l);
      if (isItem(l)) fail(l.no, "a sequence item where a mapping key was expected");
      const k = keyEnd(c);
      if (k < 0) fail(l.no, `expected "key: value", got: ${c}`);
      const key = scalar(c.slice(0, k), l.no);
      if (key === null || typeof key === "object") fail(l.no, "complex keys are not supported");
      const name = String(key);
      if (name === "<<") fail(l.no, "merge keys are not supported");
      if (Object.hasOwn(out, name)) fail(l.no, `duplicate key ${name}`);
      pos++;
      out[name] = value(c.slice(k + 1).trim(), indent, l.no, true);
    }
  }

  function sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = [];
    for (;;) {
      const l = peek();
      if (!l || l.indent < indent) return out;
      if (l.indent > indent) fail(l.no, "unexpected indentation");
      if (!isItem(l)) return out;
      const rest = content(l).slice(1).trim();
      if (rest !== "" && keyEnd(rest) >= 0 && !/^["'[{]/.test(rest)) {
        // "- key: value" opens a mapping whose keys line up with "key".
        const afterDash = l.text.slice(l.indent + 1);
        const offset = l.indent + 1 + (afterDash.length - afterDash.trimStart().length);
        lines[pos] = { no: l.no, indent: offset, text: " ".repeat(offset) + l.text.slice(offset) };
        out.push(mapping(offset));
      } else {
        pos++;
        out.push(value(rest, indent, l.no, false));
      }
    }
  }

  const doc = block(0);
  const left = peek();
  if (left) fail(left.no, "unexpected content");
  return doc;
}

/** Narrowing helpers for tests: fail loudly when the document has another shape. */
export function asMap(v: YamlValue | undefined, what: string): Record<string, YamlValue> {
  if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v)) throw new YamlSubsetError(`${what}: expected a mapping`);
  return v;
}

export function asList(v: YamlValue | undefined, what: string): YamlValue[] {
  if (!Array.isArray(v)) throw new YamlSubsetError(`${what}: expected a sequence`);
  return v;
}
