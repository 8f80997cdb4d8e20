export type ConnectFailure =
  | { kind: "rejected"; message: string }
  | { kind: "rate_limited"; message: string }
  | { kind: "unreachable"; message: string };

export const TOKEN_REJECTED_MESSAGE = "That token was not accepted. Check it and try again.";

/** What a `connect_error` means to the person at the page. */
export function describeConnectError(err: { message: string; data?: unknown }): ConnectFailure {
  const code = codeOf(err.data) ?? err.message;
  if (code === "invalid_token") return { kind: "rejected", message: TOKEN_REJECTED_MESSAGE };
  if (code === "rate_limited") {
    return { kind: "rate_limited", message: "Too many failed sign-in attempts from this address; wait a minute and try again." };
  }
  return { kind: "unreachable", message: "The server cannot be reached; retrying." };
}

function codeOf(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const code = (data as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
