import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { asList, asMap, parseYaml, REPO, type YamlValue } from "@avalon/testkit";
import { NODE_FLAGS } from "../../src/runtime-flags.js";

const COMPOSE_FILE = path.join(REPO, "docker-compose.yml");
const compose = asMap(parseYaml(readFileSync(COMPOSE_FILE, "utf8")), "docker-compose.yml");
const services = asMap(compose.services, "services");
const NODES = ["node1", "node2", "node3"];
const service = (name: string) => asMap(services[name], name);
const env = (name: string) => asMap(service(name).environment, `${name}.environment`);
const strings = (v: YamlValue | undefined, what: string) => asList(v ?? [], what).map((x) => String(x));

/** The compose CLI validates a file without an engine: the plugin (`docker compose`) or Debian's `docker-compose`. */
function composeCommand(): string[] {
  for (const cmd of [["docker", "compose"], ["docker-compose"]]) {
    try {
      execFileSync(cmd[0]!, [...cmd.slice(1), "version"], { stdio: "ignore", timeout: 10_000 });
      return cmd;
    } catch {
      // try the next one
    }
  }
  throw new Error("no compose CLI: run `apt-get install -y docker-compose`");
}

describe("docker-compose.yml", () => {
  it("is valid for docker compose", () => {
    const [bin, ...args] = composeCommand();
    execFileSync(bin!, [...args, "-f", COMPOSE_FILE, "config", "-q"], { cwd: REPO, timeout: 30_000 });
  });

  it("runs Redis, three nodes, HAProxy, Prometheus, Grafana and a load generator under the loadtest profile", () => {
    expect(Object.keys(services).sort()).toEqual(["grafana", "haproxy", "loadgen", "node1", "node2", "node3", "prometheus", "redis"]);
    expect(strings(service("loadgen").profiles, "loadgen.profiles")).toEqual(["loadtest"]);
    for (const name of Object.keys(services).filter((s) => s !== "loadgen")) expect(service(name).profiles, name).toBeUndefined();
  });

  it("pins every pulled image to a version", () => {
    for (const [name, raw] of Object.entries(services)) {
      const s = asMap(raw, name);
      if (s.build !== undefined) continue;
      const image = String(s.image);
      expect(image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image, name).not.toMatch(/:latest$|:(\d+|main|edge|stable)$/);
    }
    expect(service("redis").image).toMatch(/^redis:7\.\d+\.\d+/);
    expect(service("haproxy").image).toMatch(/^haproxy:2\.6\.\d+/);
  });

  it("builds the nodes and the load generator from this repository's Dockerfile, as one image", () => {
    for (const name of [...NODES, "loadgen"]) {
      expect(service(name).build, name).toBe(".");
      expect(service(name).image, name).toBe(service("node1").image);
    }
    expect(existsSync(path.join(REPO, "Dockerfile"))).toBe(true);
  });

  it("configures the nodes alike except for their NODE_ID, with secrets from the environment", () => {
    const { NODE_ID: _a, PUBLIC_ADDRESS: _b, ...first } = env("node1");
    for (const [i, name] of NODES.entries()) {
      const { NODE_ID, PUBLIC_ADDRESS, ...rest } = env(name);
      expect(NODE_ID).toBe(`node${i + 1}`);
      expect(PUBLIC_ADDRESS).toBe(`node${i + 1}:3000`);
      expect(rest, name).toEqual(first);
      expect(rest).toMatchObject({ REDIS_URL: "redis://redis:6379", TRUST_PROXY: "true", GRAFANA_URL: "http://localhost:3001" });
      for (const secret of ["SECRET", "ADMIN_TOKEN", "VIEWER_TOKEN"]) {
        const m = /^\$\{(\w+):-(.+)\}$/.exec(String(rest[secret]));
        expect(m?.[1], `${name} ${secret}`).toBe(secret);
        // The server refuses shorter values in production (the image sets NODE_ENV=production).
        expect(m?.[2]?.length, `${name} ${secret} default`).toBeGreaterThanOrEqual(16);
      }
      expect(service(name).ports, `${name} is reached through HAProxy only`).toBeUndefined();
      expect(asMap(asMap(service(name).depends_on, "depends_on").redis, "redis")).toEqual({ condition: "service_healthy" });
    }
  });

  it("gives every node and Redis a healthcheck", () => {
    for (const name of NODES) {
      const test = strings(asMap(service(name).healthcheck, `${name}.healthcheck`).test, "test").join(" ");
      expect(test, name).toContain("http://127.0.0.1:3000/healthz");
    }
    expect(strings(asMap(service("redis").healthcheck, "redis.healthcheck").test, "test")).toEqual(["CMD", "redis-cli", "ping"]);
  });

  it("publishes the documented ports: HAProxy 8080 (and stats 8404), Prometheus 9090, Grafana 3001", () => {
    const published = Object.fromEntries(Object.entries(services).map(([n, s]) => [n, strings(asMap(s, n).ports, `${n}.ports`)]));
    expect(published).toEqual({
      redis: [],
      node1: [],
      node2: [],
      node3: [],
      haproxy: ["8080:8080", "8404:8404"],
      prometheus: ["9090:9090"],
      grafana: ["3001:3000"],
      loadgen: [],
    });
  });

  it("mounts files that exist in the repository", () => {
    for (const [name, raw] of Object.entries(services)) {
      for (const v of strings(asMap(raw, name).volumes, `${name}.volumes`)) {
        const [source] = v.split(":");
        if (!source?.startsWith(".")) {
          expect(Object.keys(asMap(compose.volumes, "volumes")), `${name}: named volume ${source}`).toContain(source);
          continue;
        }
        expect(existsSync(path.join(REPO, source)), `${name}: ${source}`).toBe(true);
      }
    }
  });

  it("feeds HAProxy every variable deploy/haproxy.cfg reads, pointing at the nodes", () => {
    const cfg = readFileSync(path.join(REPO, "deploy/haproxy.cfg"), "utf8");
    const wanted = [...new Set([...cfg.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as string))].sort();
    expect(Object.keys(env("haproxy")).sort()).toEqual(wanted);
    expect(env("haproxy")).toMatchObject({ AVALON_BIND: ":8080", AVALON_STATS_BIND: ":8404", AVALON_NODE1: "node1:3000", AVALON_NODE2: "node2:3000", AVALON_NODE3: "node3:3000" });
    expect(strings(service("haproxy").volumes, "haproxy.volumes")).toContain("./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
  });

  it("runs Prometheus on grafana/prometheus with the remote-write receiver, scraping every node service", () => {
    const command = strings(service("prometheus").command, "prometheus.command");
    expect(command).toContain("--config.file=/etc/prometheus/prometheus.yml");
    expect(command).toContain("--web.enable-remote-write-receiver");
    expect(strings(service("prometheus").volumes, "prometheus.volumes")).toContain("./grafana/prometheus:/etc/prometheus:ro");
    const prom = asMap(parseYaml(readFileSync(path.join(REPO, "grafana/prometheus/prometheus.yml"), "utf8")), "prometheus.yml");
    const jobs = asList(prom.scrape_configs, "scrape_configs").map((j) => asMap(j, "job"));
    const targets = (job: string) =>
      asList(jobs.find((j) => j.job_name === job)?.static_configs, `${job} static_configs`).flatMap((s) => strings(asMap(s, "static config").targets, "targets"));
    expect(targets("avalon")).toEqual(NODES.map((n) => `${n}:3000`));
    expect(jobs.map((j) => j.job_name)).toEqual(["avalon"]);
    expect(asMap(prom.global, "global").scrape_interval).toBe("5s");
  });

  it("runs Grafana with the provisioning and dashboards of grafana/, embeddable and open to anonymous viewers", () => {
    expect(strings(service("grafana").volumes, "grafana.volumes")).toEqual(
      expect.arrayContaining(["./grafana/provisioning:/etc/grafana/provisioning:ro", "./grafana/dashboards:/var/lib/grafana/dashboards:ro"]),
    );
    expect(env("grafana")).toMatchObject({ GF_SECURITY_ALLOW_EMBEDDING: "true", GF_AUTH_ANONYMOUS_ENABLED: "true", GF_AUTH_ANONYMOUS_ORG_ROLE: "Viewer" });
    expect(String(env("grafana").GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH)).toMatch(/^\/var\/lib\/grafana\/dashboards\/(.+\.json)$/);
    const home = String(env("grafana").GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).replace("/var/lib/grafana/dashboards/", "");
    expect(existsSync(path.join(REPO, "grafana/dashboards", home))).toBe(true);
  });

  it("points the load generator at HAProxy and pushes its metrics to the Prometheus service", () => {
    const command = strings(service("loadgen").command, "loadgen.command").join(" ");
    expect(command).toMatch(/^node loadtest\/dist\/loadtest-cli\.js --url http:\/\/haproxy:8080 /);
    expect(command).toContain("--remote-write http://prometheus:9090/api/v1/write");
    expect(existsSync(path.join(REPO, "loadtest/src/loadtest-cli.ts"))).toBe(true);
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(path.join(REPO, "Dockerfile"), "utf8");
  const instructions = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages = instructions.filter((l) => l.startsWith("FROM "));
  const runtime = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1] as string));

  it("builds in stages from node:24-bookworm-slim", () => {
    expect(instructions).toContain("ARG NODE_IMAGE=node:24-bookworm-slim");
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s).toMatch(/^FROM \$\{NODE_IMAGE\} AS \w[\w-]*$/);
    expect(instructions).toContain("RUN npm ci --no-audit --no-fund");
    expect(instructions).toContain("RUN npm run build");
    expect(instructions).toContain("RUN npm ci --omit=dev --no-audit --no-fund");
  });

  it("ships the built server, protocol, dashboard and bots with production dependencies, as user node", () => {
    for (const dir of ["protocol/dist", "server/dist", "dashboard/dist", "loadtest/dist"]) expect(runtime).toContain(`COPY --from=build /app/${dir} ${dir}`);
    expect(runtime).toContain("COPY --from=prod-deps /app/node_modules node_modules");
    expect(runtime).toContain("USER node");
    expect(runtime).toContain("EXPOSE 3000");
    expect(runtime.find((l) => l.startsWith("HEALTHCHECK"))).toContain("/healthz");
    expect(runtime[runtime.length - 1]).toBe(`CMD [${["node", ...NODE_FLAGS, "server/dist/main.js"].map((a) => JSON.stringify(a)).join(", ")}]`);
  });

  it("copies every workspace's package.json before each npm ci, so the lock file installs", () => {
    const workspaces = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { workspaces: string[] }).workspaces;
    const installs = instructions.flatMap((l, i) => (l.startsWith("RUN npm ci") ? [i] : []));
    expect(installs.length).toBe(2);
    for (const at of installs) {
      const stage = instructions.slice(0, at).findLastIndex((l) => l.startsWith("FROM "));
      for (const w of workspaces) expect(instructions.slice(stage, at), `${instructions[stage]}`).toContain(`COPY ${w}/package.json ${w}/`);
    }
  });

  it("copies only paths that exist, and never the host's node_modules or build output", () => {
    for (const l of instructions.filter((x) => x.startsWith("COPY ") && !x.includes("--from="))) {
      const parts = l.split(/\s+/).slice(1);
      for (const source of parts.slice(0, -1)) expect(existsSync(path.join(REPO, source)), l).toBe(true);
    }
    const ignored = readFileSync(path.join(REPO, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(["**/node_modules", "**/dist", ".git"]));
  });
});
