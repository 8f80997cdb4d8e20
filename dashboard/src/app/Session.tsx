import { useEffect } from "react";
import { useAdminConnection } from "../features/auth/hooks/use-admin-connection";
import { useLiveCluster } from "../features/overview/hooks/use-live-cluster";
import { SessionContext } from "../lib/session-context";
import { Layout } from "./Layout";
import { RouteView } from "./RouteView";
import { resolveRoute } from "./routes";
import { useHashRoute } from "./use-hash-route";

export interface SessionProps {
  token: string;
  onRejected(message: string): void;
  onLogout(): void;
}

/** Everything behind the login: one socket, the live cluster feed, and the routed pages. */
export function Session({ token, onRejected, onLogout }: SessionProps) {
  const { session, rejection, notice } = useAdminConnection(token);
  const cluster = useLiveCluster(session?.socket ?? null, session?.epoch ?? 0);
  const hashRoute = useHashRoute();

  useEffect(() => {
    if (rejection) onRejected(rejection);
  }, [rejection, onRejected]);

  if (!session) return null;
  const route = resolveRoute(hashRoute, session.hello?.role ?? null);
  return (
    <SessionContext.Provider value={session}>
      <Layout session={session} notice={notice} route={route} received={cluster.received} onLogout={onLogout}>
        <RouteView route={route} cluster={cluster} />
      </Layout>
    </SessionContext.Provider>
  );
}
