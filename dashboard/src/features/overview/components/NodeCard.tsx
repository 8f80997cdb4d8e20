import type { NodeSnapshot } from "@avalon/protocol";
import { formatBytes, formatDuration, formatNumber } from "../../../lib/format";
import { Badge, type BadgeTone } from "../../../ui/Badge";
import { agoWords, type Freshness } from "../data/freshness";
import { HandshakeAdmission } from "./HandshakeAdmission";

const FRESH_TONE: Record<Freshness, BadgeTone> = { live: "ok", late: "warn", stale: "error" };
const REDIS_TONE = { ok: "ok", failing: "error", none: "neutral" } as const;

export interface NodeCardProps {
  node: NodeSnapshot;
  connectedTo: boolean;
  hot: boolean;
  ageMs: number;
  freshness: Freshness;
}

export function NodeCard({ node, connectedTo, hot, ageMs, freshness }: NodeCardProps) {
  return (
    <article className={`panel node-card fresh-${freshness}${hot ? " hot" : ""}`} data-testid={`node-card-${node.nodeId}`} data-freshness={freshness}>
      <header className="node-card-header">
        <h3 title={node.nodeId}>{node.nodeId}</h3>
        <span data-testid="node-draining">
          {node.draining ? <Badge tone="warn">draining</Badge> : <Badge tone="ok">serving</Badge>}
        </span>
      </header>
      <p className="muted small">
        {node.address} · v{node.appVersion}
        {connectedTo && " · this dashboard's node"}
      </p>
      <p className="node-status small">
        <Badge tone={FRESH_TONE[freshness]} testId="node-freshness">
          updated {agoWords(ageMs)}
        </Badge>{" "}
        <Badge tone={node.ready ? "ok" : "error"} testId="node-ready">
          {node.ready ? "ready" : "not ready"}
        </Badge>{" "}
        <Badge tone={REDIS_TONE[node.redis]} testId="node-redis">
          Redis {node.redis === "none" ? "not used" : node.redis}
        </Badge>
        {hot && (
          <>
            {" "}
            <Badge tone="warn" testId="node-hot">
              hot: busiest CPU
            </Badge>
          </>
        )}
        {node.nodeCap !== null && (
          <>
            {" "}
            <Badge tone="warn" testId="node-cap-override">
              cap override {formatNumber(node.nodeCap)}
            </Badge>
          </>
        )}
      </p>
      <dl className="stats">
        <div>
          <dt>Connections</dt>
          <dd data-testid="node-connections">{node.connections}</dd>
        </div>
        <div>
          <dt>Rooms</dt>
          <dd data-testid="node-rooms">{node.rooms}</dd>
        </div>
        <div>
          <dt>Players</dt>
          <dd>{formatNumber(node.players)}</dd>
        </div>
        <div>
          <dt>Ack p99</dt>
          <dd>{formatNumber(node.ackLatencyMs.p99)} ms</dd>
        </div>
        <div>
          <dt>CPU</dt>
          <dd>{formatNumber(node.cpuPercent)} %</dd>
        </div>
        <div>
          <dt>RSS</dt>
          <dd>{formatBytes(node.rssBytes)}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>{formatDuration((node.ts - node.startedAt) / 1000)}</dd>
        </div>
      </dl>
      <HandshakeAdmission stats={node.handshakes} />
    </article>
  );
}
