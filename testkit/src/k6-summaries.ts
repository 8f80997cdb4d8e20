/**
 * End-of-test summaries in the two JSON shapes k6 documents: the `data` object `handleSummary`
 * receives (written with JSON.stringify), and the file `k6 run --summary-export` writes, where a
 * threshold's boolean is true when it failed.
 */
export function handleSummaryJson(p95Ms: number, reqs: number): object {
  return {
    root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: [], checks: [] },
    options: { summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"], summaryTimeUnit: "", noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 60_250 },
    metrics: {
      http_req_duration: {
        type: "trend",
        contains: "time",
        values: { avg: p95Ms * 0.8, min: 2, med: p95Ms * 0.7, max: p95Ms * 1.5, "p(90)": p95Ms * 0.9, "p(95)": p95Ms },
        thresholds: { "p(95)<500": { ok: p95Ms < 500 } },
      },
      ws_connecting: { type: "trend", contains: "time", values: { avg: 3, min: 1, med: 3, max: 9, "p(90)": 5, "p(95)": 6 } },
      http_req_failed: { type: "rate", contains: "default", values: { rate: 0.002, passes: 1, fails: 499 }, thresholds: { "rate<0.01": { ok: true } } },
      http_reqs: { type: "counter", contains: "default", values: { count: reqs, rate: reqs / 60.25 } },
      vus: { type: "gauge", contains: "default", values: { value: 10, min: 1, max: 10 } },
    },
  };
}

export function summaryExportJson(p95Ms: number, reqs: number): object {
  return {
    root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: {}, checks: {} },
    metrics: {
      http_req_duration: { avg: p95Ms * 0.8, min: 2, med: p95Ms * 0.7, max: p95Ms * 1.5, "p(90)": p95Ms * 0.9, "p(95)": p95Ms, thresholds: { "p(95)<500": p95Ms >= 500 } },
      http_req_failed: { value: 0.02, passes: 10, fails: 490, thresholds: { "rate<0.01": true } },
      http_reqs: { count: reqs, rate: reqs / 60 },
      vus: { value: 10, min: 1, max: 10 },
    },
  };
}
