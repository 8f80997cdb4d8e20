/**
 * A small JSON patch for versioned state sync. Paths are arrays of keys so that no escaping is
 * needed. `diff(a, b)` produces ops that turn `a` into `b`; `applyPatch(a, ops)` returns a new
 * document and never mutates its input.
 */
export type PatchPath = (string | number)[];
export type PatchOp =
  | { op: "replace"; path: PatchPath; value: unknown }
  | { op: "add"; path: PatchPath; value: unknown }
  | { op: "remove"; path: PatchPath };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

export function diff(a: unknown, b: unknown, path: PatchPath = [], out: PatchOp[] = []): PatchOp[] {
  if (!deepEqual(a, b)) diffUnequal(a, b, path, out);
  return out;
}

/** `diff` of two values known to differ: equal children are skipped before any path is built. */
function diffUnequal(a: unknown, b: unknown, path: PatchPath, out: PatchOp[]): void {
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) out.push({ op: "remove", path: [...path, k] });
    }
    for (const k of Object.keys(b)) {
      if (!Object.prototype.hasOwnProperty.call(a, k)) out.push({ op: "add", path: [...path, k], value: b[k] });
      else if (!deepEqual(a[k], b[k])) diffUnequal(a[k], b[k], [...path, k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    let prefixEqual = true;
    for (let i = 0; i < common && prefixEqual; i++) prefixEqual = deepEqual(a[i], b[i]);
    if (b.length > a.length && prefixEqual) {
      for (let i = a.length; i < b.length; i++) out.push({ op: "add", path: [...path, i], value: b[i] });
      return;
    }
    if (a.length === b.length) {
      for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) diffUnequal(a[i], b[i], [...path, i], out);
      return;
    }
  }
  out.push({ op: "replace", path, value: b });
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export class PatchError extends Error {}

export function applyPatch<T>(doc: T, ops: readonly PatchOp[]): T {
  let root = clone(doc) as unknown as Json;
  for (const op of ops) {
    if (op.path.length === 0) {
      if (op.op === "remove") throw new PatchError("cannot remove the root");
      root = clone(op.value) as Json;
      continue;
    }
    let parent: unknown = root;
    for (const key of op.path.slice(0, -1)) {
      const holder = parent as Record<string | number, unknown>;
      parent = Object.prototype.hasOwnProperty.call(holder, key) ? holder[key] : undefined;
      if (typeof parent !== "object" || parent === null) throw new PatchError(`no parent at ${op.path.join("/")}`);
    }
    const last = op.path[op.path.length - 1] as string | number;
    const container = parent as Record<string | number, unknown>;
    if (op.op === "remove") {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else if (op.op === "add" && Array.isArray(container)) {
      container.splice(Number(last), 0, clone(op.value));
    } else if (Array.isArray(container)) {
      container[Number(last)] = clone(op.value);
    } else {
      // defineProperty, so that a key such as "__proto__" is data, never the object's prototype.
      Object.defineProperty(container, last, { value: clone(op.value), enumerable: true, writable: true, configurable: true });
    }
  }
  return root as unknown as T;
}
