import type { NodeSnapshot } from "@avalon/protocol";
import { formatBytes, formatDuration, formatNumber } from "../../../lib/format";
import { Badge } from "../../../ui/Badge";
import { LIMIT_FIELDS } from "../../../lib/limit-fields";
import { HandshakeAdmission } from "./HandshakeAdmission";

export function NodeCard({ node, connectedTo }: { node: NodeSnapshot; connectedTo: boolean }) {
  return (
    <article className="panel node-card" data-testid={`node-card-${node.nodeId}`}>
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
          <dt>Uptime</dt>
          <dd>{formatDuration((node.ts - node.startedAt) / 1000)}</dd>
        </div>
        <div>
          <dt>Players</dt>
          <dd>{formatNumber(node.players)}</dd>
        </div>
        <div>
          <dt>CPU</dt>
          <dd>{formatNumber(node.cpuPercent)} %</dd>
        </div>
        <div>
          <dt>RSS</dt>
          <dd>{formatBytes(node.rssBytes)}</dd>
        </div>
      </dl>
      <HandshakeAdmission stats={node.handshakes} />
      <details className="limits-in-force" open>
        <summary>Limits in force</summary>
        <dl>
          {LIMIT_FIELDS.map((f) => (
            <div key={f.name}>
              <dt>{f.label}</dt>
              <dd>
                {formatNumber(node.limits[f.name])} {f.unit}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </article>
  );
}
