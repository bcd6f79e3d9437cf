import type { HttpRoute } from "../slack/bolt-app.js";
import type { Db } from "../db/client.js";

/** GET /health: 200 when the database answers, 503 otherwise. */
export function healthRoute(db: Db, version: string): HttpRoute {
  return {
    path: "/health",
    method: "GET",
    handler: async (_req, res) => {
      let ok = false;
      try {
        await db.$queryRawUnsafe("SELECT 1");
        ok = true;
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ status: ok ? "ok" : "unavailable", database: ok ? "up" : "down", version }));
    },
  };
}
