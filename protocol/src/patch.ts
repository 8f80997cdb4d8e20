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
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export function diff(a: unknown, b: unknown, path: PatchPath = [], out: PatchOp[] = []): PatchOp[] {
  if (deepEqual(a, b)) return out;
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      if (!Object.prototype.hasOwnProperty.call(b, k)) out.push({ op: "remove", path: [...path, k] });
    }
    for (const k of Object.keys(b)) {
      if (!Object.prototype.hasOwnProperty.call(a, k)) out.push({ op: "add", path: [...path, k], value: b[k] });
      else diff(a[k], b[k], [...path, k], out);
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    const prefixEqual = a.slice(0, common).every((x, i) => deepEqual(x, b[i]));
    if (b.length > a.length && prefixEqual) {
      for (let i = a.length; i < b.length; i++) out.push({ op: "add", path: [...path, i], value: b[i] });
      return out;
    }
    if (a.length === b.length) {
      for (let i = 0; i < a.length; i++) diff(a[i], b[i], [...path, i], out);
      return out;
    }
  }
  out.push({ op: "replace", path, value: b });
  return out;
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
