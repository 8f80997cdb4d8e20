import type { ReactNode } from "react";
import { ConnectionIndicator } from "../features/auth/components/ConnectionIndicator";
import type { AdminSession } from "../lib/session-context";
import { useNow } from "../lib/use-now";
import { CLUSTER_LATE_PERIODS, CLUSTER_STALE_PERIODS, agoWords, clusterAgeMs, freshness, type Received } from "../features/overview/data/freshness";
import { routeHref, routesFor, type RouteId } from "./routes";

export interface LayoutProps {
  session: AdminSession;
  notice: string | null;
  route: RouteId;
  received: Received | null;
  onLogout(): void;
  children: ReactNode;
}

export function Layout({ session, notice, route, received, onLogout, children }: LayoutProps) {
  const { hello, connection } = session;
  // A quarter second: the badge must turn within moments of a missed snapshot.
  const now = useNow(250);
  const age = received ? clusterAgeMs(received, now) : null;
  const level = received && age !== null ? freshness(age, received.snapshot.periodMs, CLUSTER_LATE_PERIODS, CLUSTER_STALE_PERIODS) : null;
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Avalon realtime</span>
          <span className="muted">operations</span>
        </div>
        <div className="header-status">
          <ConnectionIndicator state={connection} notice={notice} freshness={level} ageMs={age} />
          <span className="header-item" title="The node this dashboard is connected to">
            node <strong className="mono" data-testid="connected-node">{hello?.nodeId ?? "–"}</strong>
          </span>
          <span className="header-item" title={hello ? `Token: ${hello.tokenName}` : undefined}>
            role <strong data-testid="role">{hello?.role ?? "–"}</strong>
          </span>
          <button type="button" onClick={onLogout} data-testid="logout">
            Log out
          </button>
        </div>
      </header>
      <nav className="tabs" aria-label="Sections">
        {routesFor(hello?.role ?? null).map((r) => (
          <a key={r.id} href={routeHref(r.id)} aria-current={r.id === route ? "page" : undefined} data-testid={`tab-${r.id}`}>
            {r.label}
          </a>
        ))}
      </nav>
      {notice && connection !== "live" && (
        <div className={`banner banner-${connection}`} role="status">
          {notice} The figures below are from {age !== null ? agoWords(age) : "before the connection was lost"}.
        </div>
      )}
      {connection === "live" && level === "stale" && age !== null && (
        <div className="banner banner-reconnecting" role="status" data-testid="stale-banner">
          No fresh cluster figures for {Math.round(age / 1000)} s: the node serving this page cannot read the cluster store. What you see is
          from {agoWords(age)}.
        </div>
      )}
      <main className="content">{children}</main>
    </div>
  );
}
