import { createContext, useContext } from "react";
import type { AdminHello, AdminSocket } from "./socket";

export type ConnectionState = "live" | "reconnecting" | "disconnected";

export interface AdminSession {
  socket: AdminSocket;
  connection: ConnectionState;
  /** The latest `admin:hello`; null until the first connection. */
  hello: AdminHello | null;
  /** Bumped after every (re)subscription, so queries refetch what they missed while away. */
  epoch: number;
}

export const SessionContext = createContext<AdminSession | null>(null);

export function useSession(): AdminSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession called outside SessionContext");
  return session;
}

export function useIsOperator(): boolean {
  return useSession().hello?.role === "operator";
}
