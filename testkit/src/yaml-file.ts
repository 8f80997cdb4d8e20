import { parse } from "yaml";

/** A YAML document as the deployment files hold it (docker-compose.yml, Prometheus and Grafana provisioning). */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlShapeError extends Error {}

/** Parses strictly: duplicate keys and anything YAML 1.2 calls an error throw rather than guess. */
export function parseYaml(text: string): YamlValue {
  return parse(text, { strict: true, uniqueKeys: true, prettyErrors: true }) as YamlValue;
}

/** Narrowing helpers for tests: fail loudly when the document has another shape. */
export function asMap(v: YamlValue | undefined, what: string): Record<string, YamlValue> {
  if (v === null || v === undefined || typeof v !== "object" || Array.isArray(v)) throw new YamlShapeError(`${what}: expected a mapping`);
  return v;
}

export function asList(v: YamlValue | undefined, what: string): YamlValue[] {
  if (!Array.isArray(v)) throw new YamlShapeError(`${what}: expected a sequence`);
  return v;
}
