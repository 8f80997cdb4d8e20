/**
 * One line of figures per category of the battery, printed when a test file ends, so that the
 * table in docs/RELIABILITY.md is filled from a real run:
 *   [reliability] cheating: tried=31 passed=31 failed=0 lost=0 crashes=0 leaks=0
 */
export class Tally {
  tried = 0;
  passed = 0;
  readonly failed: string[] = [];
  /** Acknowledged actions missing from the action log. */
  lost = 0;
  /** Node processes (or in-process nodes) that died or stopped answering. */
  crashes = 0;
  /** Frames that told a recipient more than it may know. */
  leaks = 0;
  readonly extra = new Map<string, number>();

  constructor(readonly category: string) {}

  /** Runs one case: counted as tried, then passed unless it throws (the error is rethrown). */
  async case<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    this.tried++;
    try {
      const out = await fn();
      this.passed++;
      return out;
    } catch (err) {
      this.failed.push(name);
      throw err;
    }
  }

  private deferred: unknown[] = [];

  /** Like `case`, but a failure is only recorded; `rethrow()` raises it once the other cases ran. */
  async soft(name: string, fn: () => unknown): Promise<void> {
    await this.case(name, fn).catch((err: unknown) => this.deferred.push(err));
  }

  rethrow(): void {
    const first = this.deferred[0];
    this.deferred = [];
    if (first !== undefined) throw first;
  }

  /** Counts `n` cases at once, `ok` of which passed (for fuzz runs and frame sweeps). */
  bulk(n: number, ok: number, name = "bulk"): void {
    this.tried += n;
    this.passed += ok;
    if (ok < n) this.failed.push(`${name}: ${n - ok} of ${n}`);
  }

  count(name: string, by = 1): void {
    this.extra.set(name, (this.extra.get(name) ?? 0) + by);
  }

  line(): string {
    const extra = [...this.extra].map(([k, v]) => ` ${k}=${v}`).join("");
    const failed = this.failed.length ? ` failing=[${this.failed.join("; ")}]` : "";
    return `[reliability] ${this.category}: tried=${this.tried} passed=${this.passed} failed=${this.tried - this.passed} lost=${this.lost} crashes=${this.crashes} leaks=${this.leaks}${extra}${failed}`;
  }

  print(): void {
    console.log(this.line());
  }
}
