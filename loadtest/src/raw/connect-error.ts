/** A refused or failed handshake: the server's code (`rate_limited`, `server_full`, ...) or a local one. */
export class RawConnectError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For `server_busy`: how long the server asked us to wait, ms. */
    readonly retryAfterMs: number | null = null,
    /** The HTTP status when the server answered the upgrade request with a refusal. */
    readonly status: number | null = null,
  ) {
    super(`${code}: ${message}`);
  }
}

const LOCAL_FAILURES: ReadonlySet<string> = new Set(["already_used", "connect_timeout", "transport_close", "transport_error"]);

/** True when the server refused (a namespace connect error, `server_busy`); false for transport failures and other HTTP answers. */
export function isRefusal(err: unknown): err is RawConnectError {
  return err instanceof RawConnectError && !LOCAL_FAILURES.has(err.code) && !err.code.startsWith("http_");
}
