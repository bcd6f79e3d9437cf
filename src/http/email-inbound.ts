// SKELETON (being written by the email engineer): POST /email/inbound.
import type { HttpRoute } from "../slack/bolt-app.js";
import type { FeatureContext } from "../features.js";
import type { EmailIntakeService } from "../services/tickets/email-intake.js";

export function emailInboundRoute(ctx: FeatureContext, intake: EmailIntakeService): HttpRoute {
  void intake;
  return {
    path: "/email/inbound",
    method: "POST",
    handler: async (_req, res) => {
      void ctx;
      res.writeHead(404).end();
    },
  };
}
