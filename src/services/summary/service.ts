// SKELETON (being written by the summary engineer): SLA summaries computed in the database.
import type { FeatureContext } from "../../features.js";

export class SlaSummaryService {}

export function createSlaSummary(ctx: FeatureContext): SlaSummaryService {
  void ctx;
  return new SlaSummaryService();
}
