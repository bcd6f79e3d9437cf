/**
 * The app's metrics in Prometheus' text format (prom-client), served at GET /metrics. One
 * Registry per app instance, never prom-client's global one: the tests start several apps in one
 * process, and each must count only its own. Process metrics (CPU, memory, file descriptors, the
 * event loop's lag as nodejs_eventloop_lag_seconds and its percentiles) come from prom-client's
 * default collectors on that registry.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Metrics } from "./metrics.js";

export type PrometheusMetrics = Metrics & { registry: Registry };

export function prometheusMetrics(o: { version: string; databaseKind: string }): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "customerbook_" });
  const info = new Gauge({ name: "customerbook_build_info", help: "The app's version and database kind (always 1; the labels carry them)", labelNames: ["version", "database"], registers: [registry] });
  info.labels(o.version, o.databaseKind).set(1);
  const requests = new Counter({ name: "customerbook_requests_total", help: "Requests handled, by kind (command, action, view, event, shortcut, options, email_inbound, portal) and outcome (ok, refused, error)", labelNames: ["kind", "outcome"], registers: [registry] });
  const duration = new Histogram({ name: "customerbook_request_duration_seconds", help: "Time to handle a request, including the work after Slack's acknowledgement", labelNames: ["kind"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
  const slackCalls = new Counter({ name: "customerbook_slack_api_calls_total", help: "Slack Web API calls, by method and outcome (ok, error, rate_limited, http_error, network_error)", labelNames: ["method", "outcome"], registers: [registry] });
  const slackErrors = new Counter({ name: "customerbook_slack_api_errors_total", help: "Slack Web API calls Slack answered ok:false, by method and Slack's error code", labelNames: ["method", "error"], registers: [registry] });
  const importRows = new Counter({ name: "customerbook_import_rows_total", help: "CSV import rows, by outcome (created, updated, unchanged, failed)", labelNames: ["outcome"], registers: [registry] });
  const tickets = new Counter({ name: "customerbook_tickets_opened_total", help: "Tickets opened, by source (slack, email)", labelNames: ["source"], registers: [registry] });
  const summaries = new Counter({ name: "customerbook_sla_summaries_total", help: "Scheduled SLA summaries, by recipient (dm, channel) and outcome (sent, failed)", labelNames: ["recipient", "outcome"], registers: [registry] });
  return {
    registry,
    requestHandled(kind, outcome, seconds) {
      requests.labels(kind, outcome).inc();
      duration.labels(kind).observe(seconds);
    },
    slackCall(method, outcome, error) {
      slackCalls.labels(method, outcome).inc();
      if (outcome === "error") slackErrors.labels(method, error ?? "unknown").inc();
    },
    importRows(rows) {
      for (const [outcome, n] of Object.entries(rows)) if (n) importRows.labels(outcome).inc(n);
    },
    ticketOpened(source) {
      tickets.labels(source).inc();
    },
    summarySent(recipient, outcome) {
      summaries.labels(recipient, outcome).inc();
    },
  };
}
