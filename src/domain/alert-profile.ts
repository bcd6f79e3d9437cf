/** Alert threshold profiles: when monitoring raises an alert, and how severe it is. */
export const ALERT_METRICS = ["cpu_percent", "memory_percent", "disk_free_percent", "agent_offline_minutes"] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
export const SEVERITIES = ["information", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertThresholdInput = { metric: AlertMetric; value: number; severity: Severity };
export type AlertProfileInput = { name: string; thresholds: AlertThresholdInput[] };

export function defaultAlertProfile(): AlertProfileInput {
  return {
    name: "Standard",
    thresholds: [
      { metric: "cpu_percent", value: 85, severity: "warning" },
      { metric: "cpu_percent", value: 95, severity: "critical" },
      { metric: "memory_percent", value: 85, severity: "warning" },
      { metric: "memory_percent", value: 95, severity: "critical" },
      { metric: "disk_free_percent", value: 15, severity: "warning" },
      { metric: "disk_free_percent", value: 5, severity: "critical" },
      { metric: "agent_offline_minutes", value: 15, severity: "warning" },
      { metric: "agent_offline_minutes", value: 60, severity: "critical" },
    ],
  };
}

/** Which way a metric gets worse: usage and offline time rise, free disk space falls. */
export function higherIsWorse(metric: AlertMetric): boolean {
  return metric !== "disk_free_percent";
}

/** The whole-number range a threshold of this metric may take. */
export function metricRange(metric: AlertMetric): { min: number; max: number } {
  return metric === "agent_offline_minutes" ? { min: 1, max: 7 * 24 * 60 } : { min: 0, max: 100 };
}
