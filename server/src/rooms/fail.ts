import type { AckError, ErrorCode } from "@avalon/protocol";

export type Result<T extends object> = ({ ok: true } & T) | AckError;

export function fail(code: ErrorCode, message: string = code.replace(/_/g, " ")): AckError {
  return { ok: false, code, message };
}
