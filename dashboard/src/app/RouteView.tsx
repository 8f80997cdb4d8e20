import { AuditPage } from "../features/audit/components/AuditPage";
import { ControlsPage } from "../features/controls/components/ControlsPage";
import { GrafanaPage } from "../features/grafana/components/GrafanaPage";
import { LoadTestsPage } from "../features/loadtests/components/LoadTestsPage";
import { OverviewPage } from "../features/overview/components/OverviewPage";
import type { LiveCluster } from "../features/overview/hooks/use-live-cluster";
import { RoomsPage } from "../features/rooms/components/RoomsPage";
import type { RouteId } from "./routes";

/** Route → page, nothing else: each page fetches what it shows. */
export function RouteView({ route, cluster }: { route: RouteId; cluster: LiveCluster }) {
  switch (route) {
    case "overview":
      return <OverviewPage cluster={cluster} />;
    case "rooms":
      return <RoomsPage />;
    case "controls":
      return <ControlsPage latest={cluster.latest} />;
    case "audit":
      return <AuditPage />;
    case "loadtests":
      return <LoadTestsPage />;
    case "grafana":
      return <GrafanaPage />;
  }
}
