import { useEffect, useState } from "react";
import { describeAckError } from "../../../lib/ack-words";
import type { AdminSession, ConnectionState } from "../../../lib/session-context";
import { createAdminSocket, request, teardownAdminSocket, type AdminHello, type AdminSocket } from "../../../lib/socket";
import { describeConnectError } from "../data/connect-error";
import { manualRetryDelayMs, needsManualReconnect, stateAfterConnectError, stateAfterDisconnect } from "../data/connection-state";

export interface AdminConnection {
  /** Null until the socket exists (the first render). */
  session: AdminSession | null;
  /** Set when the server refused the token; the page returns to the login. */
  rejection: string | null;
  /** Why the connection is not live, in words; null while live. */
  notice: string | null;
}

/**
 * Owns the socket for one token: connects, subscribes after every (re)connect, follows the
 * connection state, and tears everything down on logout or token change.
 */
export function useAdminConnection(token: string): AdminConnection {
  const [socket, setSocket] = useState<AdminSocket | null>(null);
  const [connection, setConnection] = useState<ConnectionState>("disconnected");
  const [hello, setHello] = useState<AdminHello | null>(null);
  const [epoch, setEpoch] = useState(0);
  const [rejection, setRejection] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>("Connecting…");

  useEffect(() => {
    const s = createAdminSocket(token);
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let manualAttempts = 0;

    const retryLater = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        if (s.disconnected) s.connect();
      }, manualRetryDelayMs(manualAttempts++));
    };

    s.on("connect", () => {
      setNotice("Subscribing…");
      void request(s, "admin:subscribe", {}).then((ack) => {
        if (!s.connected) return;
        if (ack.ok) {
          manualAttempts = 0;
          setNotice(null);
          setConnection("live");
          setEpoch((n) => n + 1);
        } else {
          setNotice(`Could not subscribe to live data. ${describeAckError(ack)}`);
          s.disconnect();
          setConnection("reconnecting");
          retryLater();
        }
      });
    });
    s.on("admin:hello", setHello);
    s.on("disconnect", (reason) => {
      setConnection(stateAfterDisconnect(reason));
      setNotice(reason === "io client disconnect" ? "Disconnected." : "Connection lost; reconnecting…");
      if (needsManualReconnect(reason)) retryLater();
    });
    s.on("connect_error", (err) => {
      const failure = describeConnectError(err);
      if (failure.kind === "rejected") {
        setConnection("disconnected");
        setRejection(failure.message);
        return;
      }
      // Refusals by the server's middleware are not retried by socket.io itself.
      if (!s.active) retryLater();
      setConnection(stateAfterConnectError(true));
      setNotice(failure.message);
    });

    s.connect();
    setSocket(s);
    return () => {
      clearTimeout(retryTimer);
      teardownAdminSocket(s);
      setSocket(null);
      setHello(null);
      setConnection("disconnected");
      setRejection(null);
    };
  }, [token]);

  return {
    session: socket ? { socket, connection, hello, epoch } : null,
    rejection,
    notice: connection === "live" ? null : notice,
  };
}
