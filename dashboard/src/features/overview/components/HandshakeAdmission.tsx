import type { HandshakeStats } from "@avalon/protocol";
import { formatNumber } from "../../../lib/format";
import { Badge } from "../../../ui/Badge";

/** A node's handshake admission: new connections let in, held for their turn, refused as busy. */
export function HandshakeAdmission({ stats }: { stats: HandshakeStats }) {
  return (
    <section className="handshake-admission" data-testid="node-handshakes" aria-label="Handshake admission">
      <h4 className="small">
        New connections{" "}
        {stats.refusedPerSec > 0 ? <Badge tone="warn">refusing: busy</Badge> : stats.waiting > 0 ? <Badge tone="warn">pacing</Badge> : null}
      </h4>
      <dl className="stats">
        <div>
          <dt>Admitted</dt>
          <dd data-testid="node-handshakes-admitted">{formatNumber(stats.admittedPerSec)} /s</dd>
        </div>
        <div>
          <dt>Deferred</dt>
          <dd>{formatNumber(stats.deferredPerSec)} /s</dd>
        </div>
        <div>
          <dt>Refused</dt>
          <dd data-testid="node-handshakes-refused">{formatNumber(stats.refusedPerSec)} /s</dd>
        </div>
        <div>
          <dt>Rate in force</dt>
          <dd>{formatNumber(stats.ratePerSec)} /s</dd>
        </div>
      </dl>
    </section>
  );
}
