import { describe, expect, it } from "vitest";
import { parseYaml } from "./yaml-subset.js";

describe("the YAML subset reader of the deployment tests", () => {
  it("reads nested mappings and sequences, including mappings inside sequence items", () => {
    const doc = `
services:
  web:
    image: nginx:1.27.0   # pinned
    ports:
      - "8080:80"
    depends_on:
      db:
        condition: service_healthy
list:
- a
- name: b
  value: 2
`;
    expect(parseYaml(doc)).toEqual({
      services: { web: { image: "nginx:1.27.0", ports: ["8080:80"], depends_on: { db: { condition: "service_healthy" } } } },
      list: ["a", { name: "b", value: 2 }],
    });
  });

  it("reads quoted and plain scalars with their YAML types", () => {
    expect(parseYaml(`a: "x # not a comment"\nb: 'it''s'\nc: true\nd: 1.5\ne: ~\nf: \${VAR:-x}\ng: redis://r:6379`)).toEqual({
      a: "x # not a comment",
      b: "it's",
      c: true,
      d: 1.5,
      e: null,
      f: "${VAR:-x}",
      g: "redis://r:6379",
    });
  });

  it("reads one-line flow sequences and mappings, and literal and folded block scalars", () => {
    expect(parseYaml(`t: ["CMD", "redis-cli", ping]\nl: { severity: warning, n: 2 }\ne: |\n  line one\n  line two\nf: >-\n  folded\n  text\nafter: 1`)).toEqual({
      t: ["CMD", "redis-cli", "ping"],
      l: { severity: "warning", n: 2 },
      e: "line one\nline two\n",
      f: "folded text",
      after: 1,
    });
  });

  it("refuses what it does not understand instead of guessing", () => {
    expect(() => parseYaml("a: &anchor 1\nb: *anchor")).toThrow(/anchors/);
    expect(() => parseYaml("a: 1\na: 2")).toThrow(/duplicate key a/);
    expect(() => parseYaml("a:\n\t- 1")).toThrow(/tabs/);
    expect(() => parseYaml("a: 1\n---\nb: 2")).toThrow(/document markers/);
    expect(() => parseYaml("a: [1, [2]]")).toThrow(/nested flow/);
    expect(() => parseYaml("a: 1\n   b: 2")).toThrow(/unexpected indentation/);
  });
});
