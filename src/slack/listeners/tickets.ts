// SKELETON (being written by the tickets-UI engineer): /ticket, ticket buttons, thread replies.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../context.js";

export function registerTickets(app: App, deps: SlackDeps): void {
  void app;
  void deps;
}
