import type { AckError, ErrorCode } from "@avalon/protocol";

const CODE_WORDS: Partial<Record<ErrorCode, string>> = {
  bad_request: "Rejected as invalid",
  forbidden: "Not allowed",
  not_found: "Not found",
  unavailable: "Unavailable",
  outcome_unknown: "Outcome unknown",
  rate_limited: "Too many requests",
  room_not_found: "Room not found",
  invalid_token: "Token not accepted",
  internal: "Server error",
  draining: "Node is draining",
  conflict: "Conflicting change",
  last_serving_node: "Refused: last serving node",
};

/** The one wording of a refused request: a plain-language heading, then the server's own message. */
export function describeAckError(error: Pick<AckError, "code" | "message">): string {
  const heading = CODE_WORDS[error.code] ?? "Failed";
  const message = error.message.trim();
  return message ? `${heading}: ${message}` : heading;
}
