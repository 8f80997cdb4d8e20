import type { AdminRole } from "@avalon/protocol";

export const ROUTE_IDS = ["overview", "rooms", "controls", "audit", "loadtests", "grafana"] as const;
export type RouteId = (typeof ROUTE_IDS)[number];

export interface RouteDef {
  id: RouteId;
  label: string;
  operatorOnly: boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { id: "overview", label: "Overview", operatorOnly: false },
  { id: "rooms", label: "Rooms", operatorOnly: false },
  { id: "controls", label: "Controls", operatorOnly: true },
  { id: "audit", label: "Audit", operatorOnly: false },
  { id: "loadtests", label: "Load tests", operatorOnly: false },
  { id: "grafana", label: "Grafana", operatorOnly: false },
];

export function routeHref(id: RouteId): string {
  return `#/${id}`;
}

/** "#/rooms" → "rooms"; anything unknown is the overview. */
export function parseRoute(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return (ROUTE_IDS as readonly string[]).includes(id) ? (id as RouteId) : "overview";
}

/** Tabs this role sees; before the hello arrives the role is unknown and gets none of the operator's. */
export function routesFor(role: AdminRole | null): RouteDef[] {
  return ROUTES.filter((r) => !r.operatorOnly || role === "operator");
}

/** Where a route lands for this role: a viewer following a link to Controls sees the overview. */
export function resolveRoute(id: RouteId, role: AdminRole | null): RouteId {
  return routesFor(role).some((r) => r.id === id) ? id : "overview";
}
