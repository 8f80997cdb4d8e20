type Fn = (...args: never[]) => void;

/** Listeners per event name, typed by an event map (the shape socket.io's typed events use). */
export class Listeners<M extends { [K in keyof M]: Fn }> {
  private readonly byName = new Map<keyof M, Set<Fn>>();

  on<K extends keyof M>(name: K, fn: M[K]): () => void {
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  emit<K extends keyof M>(name: K, ...args: Parameters<M[K]>): void {
    for (const fn of [...(this.byName.get(name) ?? [])]) (fn as (...a: Parameters<M[K]>) => void)(...args);
  }

  /** For names checked at run time (events read off the wire). */
  emitUnchecked(name: keyof M, arg: unknown): void {
    for (const fn of [...(this.byName.get(name) ?? [])]) (fn as (a: unknown) => void)(arg);
  }
}
