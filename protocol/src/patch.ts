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
    // Equal ends are kept; what lies between them is added, removed (one element) or diffed in
    // place, so that one element inserted in the middle (a vote, in seat order) costs one op, not
    // the whole array. Anything else replaces the array.
    let head = 0;
    while (head < a.length && head < b.length && deepEqual(a[head], b[head])) head++;
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && deepEqual(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
    const removed = a.length - head - tail;
    const added = b.length - head - tail;
    if (removed === 0) {
      for (let i = head; i < head + added; i++) out.push({ op: "add", path: [...path, i], value: b[i] });
      return;
    }
    if (added === 0 && removed === 1) {
      out.push({ op: "remove", path: [...path, head] });
      return;
    }
    if (removed === added) {
      for (let i = head; i < head + added; i++) if (!deepEqual(a[i], b[i])) diffUnequal(a[i], b[i], [...path, i], out);
      return;
    }
  }
  out.push({ op: "replace", path, value: b });
}

export class PatchError extends Error {}

type Container = Record<string | number, unknown>;

const hasOwn = (o: object, k: string | number) => Object.prototype.hasOwnProperty.call(o, k);

/** Sets a key as data, so that a key such as "__proto__" never becomes the object's prototype. */
function setData(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Returns a new document and mutates neither `doc` nor the ops. Only the containers on an op's
 * path are copied (each once per call); everything else is shared with `doc` and with the ops'
 * values, so the result must be treated as immutable, like `doc`.
 */
export function applyPatch<T>(doc: T, ops: readonly PatchOp[]): T {
  const copies = new Set<object>();
  const writable = (v: object): Container => {
    if (copies.has(v)) return v as Container;
    // Spread defines own keys as data, "__proto__" included.
    const copy = Array.isArray(v) ? v.slice() : { ...(v as Container) };
    copies.add(copy);
    return copy as Container;
  };
  let root: unknown = doc;
  for (const op of ops) {
    if (op.path.length === 0) {
      if (op.op === "remove") throw new PatchError("cannot remove the root");
      root = op.value;
      continue;
    }
    if (typeof root !== "object" || root === null) throw new PatchError(`no parent at ${op.path.join("/")}`);
    let container = writable(root);
    root = container;
    for (let i = 0; i < op.path.length - 1; i++) {
      const key = op.path[i] as string | number;
      const child = hasOwn(container, key) ? container[key] : undefined;
      if (typeof child !== "object" || child === null) throw new PatchError(`no parent at ${op.path.join("/")}`);
      const copy = writable(child);
      if (copy !== child) setData(container, key, copy);
      container = copy;
    }
    const last = op.path[op.path.length - 1] as string | number;
    if (op.op === "remove") {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else if (op.op === "add" && Array.isArray(container)) {
      container.splice(Number(last), 0, op.value);
    } else {
      setData(container, last, op.value);
    }
  }
  return root as T;
}
