/**
 * GET /metrics: the app's metrics in Prometheus' text format (src/metrics/prometheus.ts).
 *
 * With METRICS_TOKEN set, only a request with `Authorization: Bearer <METRICS_TOKEN>` gets them
 * (401 otherwise; Prometheus sends it with `authorization: { credentials: … }` in its scrape
 * config). In HTTP mode the app's port is the one Slack reaches from the internet (/slack/events),
 * so without a token anyone who finds the host reads the version, the traffic and the Slack
 * methods used; behind a private network or in Socket Mode the token can stay empty.
 */
import { timingSafeEqual } from "node:crypto";
import type { HttpRoute } from "../slack/bolt-app.js";
import type { Registry } from "prom-client";

export function metricsRoute(registry: Registry, token: string | undefined): HttpRoute {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return {
    path: "/metrics",
    method: "GET",
    handler: async (req, res) => {
      if (expected) {
        const given = Buffer.from(req.headers.authorization ?? "");
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer realm="metrics"' });
          res.end(JSON.stringify({ error: "METRICS_TOKEN required" }));
          return;
        }
      }
      const body = await registry.metrics();
      res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
      res.end(body);
    },
  };
}
