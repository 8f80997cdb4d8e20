import type { ReactNode } from "react";
import { ConnectionIndicator } from "../features/auth/components/ConnectionIndicator";
import type { AdminSession } from "../lib/session-context";
import { routeHref, routesFor, type RouteId } from "./routes";

export interface LayoutProps {
  session: AdminSession;
  notice: string | null;
  route: RouteId;
  onLogout(): void;
  children: ReactNode;
}

export function Layout({ session, notice, route, onLogout, children }: LayoutProps) {
  const { hello, connection } = session;
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">Avalon realtime</span>
          <span className="muted">operations</span>
        </div>
        <div className="header-status">
          <ConnectionIndicator state={connection} notice={notice} />
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
          {notice}
        </div>
      )}
      <main className="content">{children}</main>
    </div>
  );
}
