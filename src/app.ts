/**
 * The composition root: builds config-driven pieces (database, repositories, services, Bolt app),
 * registers the Slack listeners and HTTP routes, and returns start/stop. Nothing imports index.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { App, Logger } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { Config } from "./config.js";
import { configureDatabase, createDb, kindOf, type Db } from "./db/client.js";
import { appVersion, migrate, migrationsDir } from "./db/migrations.js";
import { canonicaliseStoredDomains } from "./db/idn.js";
import { duringStartup } from "./db/sqlite-errors.js";
import { checkDatabase } from "./db/startup.js";
import { ensureDefaults } from "./db/defaults.js";
import { CustomerRepository } from "./repositories/customers.js";
import type { CustomerSearch } from "./repositories/customer-search.js";
import { DraftRepository } from "./repositories/drafts.js";
import { SlaRepository } from "./repositories/slas.js";
import { AlertProfileRepository } from "./repositories/alert-profiles.js";
import { DashboardRepository } from "./repositories/dashboard.js";
import { SlaService } from "./services/slas/service.js";
import { AlertProfileService } from "./services/slas/alert-profiles.js";
import { HomeService } from "./services/home.js";
import { AdminPolicy } from "./services/admin-policy.js";
import { OnboardingService } from "./services/onboarding/service.js";
import { CustomerManagementService } from "./services/customers/management.js";
import { managementRepos, transactor } from "./repositories/unit-of-work.js";
import { createBoltApp } from "./slack/bolt-app.js";
import { initSlack } from "./slack/slack-check.js";
import { SlackInstallation } from "./services/installation.js";
import { SlackRevocationRepository } from "./repositories/slack-revocations.js";
import { registerListeners } from "./slack/listeners/index.js";
import { registerImportDeliveries, reportInterruptedImports } from "./slack/listeners/imports.js";
import { ImportService } from "./services/import/service.js";
import { ImportJobRepository } from "./repositories/import-jobs.js";
import { createCustomerSearch, createImportStore } from "./repositories/backend.js";
import { healthRoute } from "./http/health.js";
import { metricsRoute } from "./http/metrics.js";
import { InFlight } from "./http/in-flight.js";
import { prometheusMetrics } from "./metrics/prometheus.js";
import type { Metrics, RequestKind } from "./metrics/metrics.js";
import type { SlackDeps } from "./slack/context.js";
import type { HttpRoute } from "./slack/bolt-app.js";
import { TicketRepository } from "./repositories/tickets.js";
import { TicketService } from "./services/tickets/service.js";
import { createTicketNotifier } from "./slack/ticket-messages.js";
import { createEmailIntake } from "./services/tickets/email-intake.js";
import { emailInboundRoute } from "./http/email-inbound.js";
import { createSlaSummary } from "./services/summary/service.js";
import { scheduleSlaSummary, type SummarySchedule } from "./jobs/sla-summary-job.js";
import { scheduleImportRecovery, scheduleImportSweep } from "./jobs/import-sweep.js";
import { RequestClaimRepository } from "./repositories/request-claims.js";
import { RequestClaimService } from "./services/request-claims.js";
import { SlackDeliveryRepository } from "./repositories/slack-deliveries.js";
import { SlackDeliveryQueue, type DeliveryQueueOptions } from "./slack/delivery-queue.js";
import type { FeatureContext } from "./features.js";
import { EmailOutbox } from "./services/email-out/outbox.js";
import { OutboxSender, type SenderOptions } from "./services/email-out/sender.js";
import { OutboundEmailRepository } from "./repositories/outbound-emails.js";
import { smtpTransport } from "./email/smtp.js";
import { EmailNotes } from "./slack/email-notes.js";
import { AutomaticMail } from "./services/email-out/automatic.js";
import { People, slackPersonLookup } from "./slack/people.js";
import { SharedRatePacer, type RatePacerOptions } from "./slack/rate-pacer.js";
import { SlackRateSlotRepository } from "./repositories/slack-rate-slots.js";
import { setupWarnings, stopText } from "./i18n/startup.js";
import { CATALOGS } from "./i18n/catalog.js";
import { inTransaction } from "./db/transaction.js";
import { PortalRepository } from "./repositories/portal.js";
import { PortalService } from "./services/portal/service.js";
import { portalRoutes } from "./http/portal/routes.js";

/** The folder with package.json and prisma/: found by walking up, so it holds for src/ (tsx) and dist/src/ (built). */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "prisma"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the project folder (package.json and prisma/) above ${start}`);
  }
}
/** The app's version, from package.json (GET /health and the refusal to run on a newer schema name it). */
export const VERSION: string = appVersion(PROJECT_ROOT);
/** How long the drain waits, at the signal, for an import's batch in progress to commit before it gives the job up. */
const IMPORT_DRAIN_MS = 4_000;

export type Application = {
  app: App;
  db: Db;
  /** Starts listening on `port` (0 for a free one; default PORT), connects in Socket Mode, and returns the bound port. */
  start(port?: number): Promise<number>;
  /**
   * Adds a step to the drain, after the steps added before it: "after_in_flight" (the default)
   * once the requests in flight are done, with the job loops; "at_signal" at once, before that
   * wait (to make work running inside a request give up, so that the request ends).
   */
  onStop(name: string, stop: () => void | Promise<void>, when?: "at_signal" | "after_in_flight"): void;
  /** Drains and stops (see below); `inFlightMs`: how long the requests in flight may take. */
  stop(o?: { inFlightMs?: number }): Promise<void>;
};

/**
 * `deliveries`, `outbox`: the Slack delivery queue's and the email sender's timing (tests shorten their backoff and poll).
 * `customerSearch`: another search implementation on the same database (the benchmark's baseline).
 */
export type AppOverrides = {
  clock?: () => Date;
  logger?: Logger;
  db?: Db;
  deliveries?: DeliveryQueueOptions;
  outbox?: SenderOptions;
  customerSearch?: (db: Db) => CustomerSearch;
  /** how long a person's users.info answer is kept (PERSON_TTL_MS; tests: shorter) */
  peopleTtlMs?: number;
  /** the shared Slack pacer's rates (tests: faster slots) */
  ratePacer?: RatePacerOptions;
  /** what fires the scheduled SLA summary (node-cron; tests fire its runs themselves) */
  summarySchedule?: SummarySchedule;
};

export async function buildApplication(config: Config, overrides: AppOverrides = {}): Promise<Application> {
  const db = overrides.db ?? createDb(config.databaseUrl);
  const clock = overrides.clock ?? (() => new Date());
  const installation = new SlackInstallation({ revocations: new SlackRevocationRepository(db), botToken: config.slack.botToken, clock });
  // The email webhook needs services that need the app's Web API client: bound once they exist.
  const email = lateRoute("/email/inbound", "POST");
  // The customer portal (PORTAL_URL set): every path under /portal, GET and POST.
  const portalGet = lateRoute("/portal", "GET", true);
  const portalPost = lateRoute("/portal", "POST", true);
  const portalOn = config.portal.url !== undefined;
  // From SIGTERM on (stop()), GET /health answers 503 "draining" so a load balancer sends no more.
  let draining = false;
  const health = healthRoute({ db, version: VERSION, migrationsDir: migrationsDir(db, PROJECT_ROOT), draining: () => draining });
  // One registry per app instance (src/metrics/prometheus.ts); the parts see the Metrics interface.
  const prometheus = prometheusMetrics({ version: VERSION, databaseKind: kindOf(db) });
  const metrics: Metrics = prometheus;
  const inFlight = new InFlight();
  const routes = [
    health,
    metricsRoute(prometheus.registry, config.metricsToken),
    countedRoute(email.route, "email_inbound", metrics, inFlight),
    ...(portalOn ? [countedRoute(portalGet.route, "portal", metrics, inFlight), countedRoute(portalPost.route, "portal", metrics, inFlight)] : []),
  ];
  const slackApp = createBoltApp(config, routes, overrides.logger, installation, { metrics, inFlight, draining: () => draining });
  const app = slackApp.app;
  // PostgreSQL: a server that cannot be reached, a refused user, a missing database, in one line.
  await checkDatabase(db, config.databaseUrl);
  await duringStartup(config.databaseUrl, async () => {
    const applied = await migrate(db, { projectRoot: PROJECT_ROOT, databaseUrl: config.databaseUrl });
    if (applied.length) app.logger.info(`Applied ${applied.length} database migration(s): ${applied.join(", ")}`);
    await configureDatabase(db);
    await ensureDefaults(db, config.defaultTimeZone);
    const idn = await canonicaliseStoredDomains(db);
    if (idn.domains + idn.contacts > 0) app.logger.info(`Stored ${idn.domains} domain(s) and ${idn.contacts} contact address(es) in their Unicode form`);
    if (idn.conflicts.length) app.logger.warn(`Left as stored, because their Unicode form belongs to another row: ${idn.conflicts.join(", ")}`);
  });
  if (config.inboundEmail.secret && !config.email.trustedAuthservId) app.logger.info(setupWarnings.senderTrustOff);
  // A token Slack revoked (the app was uninstalled) is refused before it is used.
  await installation.assertNotRevoked();
  await initSlack(app, config);

  const customers = new CustomerRepository(db);
  const customerSearch = overrides.customerSearch?.(db) ?? createCustomerSearch(db);
  const slas = new SlaRepository(db);
  const alertProfiles = new AlertProfileRepository(db);
  const importStore = createImportStore(config.databaseUrl);
  const importJobs = new ImportJobRepository(db);
  // Outbound email: written by the outbox in the ticket change's transaction, sent by the sender.
  const outboundEmails = new OutboundEmailRepository(db);
  const emailFrom = config.email.from;
  const sender = config.email.smtpUrl && emailFrom
    ? new OutboxSender({ repo: outboundEmails, transport: smtpTransport(config.email.smtpUrl), from: emailFrom, logger: app.logger }, overrides.outbox)
    : undefined;
  // Acknowledgements and resolved notices, written in the transaction of the change that causes them.
  const automaticMail = sender
    ? new AutomaticMail({ from: emailFrom, acknowledge: config.email.acknowledge, notifyResolved: config.email.notifyResolved, outboxNow: () => sender.now(), defaultLocale: config.defaultLocale })
    : undefined;
  const tickets = new TicketService({
    tickets: new TicketRepository(db),
    transaction: async (work) => {
      const result = await TicketRepository.transaction(db, work);
      sender?.kick(); // a resolved notice may have been written: the sender looks after the commit
      return result;
    },
    clock,
    metrics,
    ...(automaticMail ? { effects: automaticMail } : {}),
  });
  // chat.update for all instances together: slots shared through the database (src/slack/rate-pacer.ts).
  const ratePacer = new SharedRatePacer(new SlackRateSlotRepository(db), overrides.ratePacer);
  // The delivery queue calls Slack with a client of its own: no retries inside a call and HTTP 429
  // given back at once, since the queue itself retries (with Retry-After) and must not hold a lease meanwhile.
  const deliveries = new SlackDeliveryQueue(
    {
      repo: new SlackDeliveryRepository(db),
      client: new WebClient(config.slack.botToken, {
        ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: 30_000,
        logger: app.logger,
        // the app's gate: once Slack revoked the token, no call leaves (src/slack/bolt-app.ts)
        ...(slackApp.clientOptions.fetch ? { fetch: slackApp.clientOptions.fetch } : {}),
      }),
      logger: app.logger,
      pacer: ratePacer,
    },
    overrides.deliveries,
  );
  // Each person's role and language: one users.info (include_locale) per person per few minutes.
  const people = new People({
    lookup: slackPersonLookup(app.client),
    defaultLocale: config.defaultLocale,
    currency: config.currency,
    logger: app.logger,
    ...(overrides.peopleTtlMs !== undefined ? { ttlMs: overrides.peopleTtlMs } : {}),
  });
  slackApp.readers.bind(people);
  const base = { config, db, client: app.client, tickets, clock, logger: app.logger, deliveries, people, ratePacer, metrics };
  const features: FeatureContext = { ...base, notifier: createTicketNotifier(base), automaticMail, emailWritten: () => sender?.kick() };
  const outbox = new EmailOutbox({
    reads: new TicketRepository(db),
    transaction: (work) => TicketRepository.transaction(db, work),
    enabled: sender !== undefined,
    from: emailFrom,
    clock,
    outboxNow: () => sender?.now() ?? new Date(),
    defaultLocale: config.defaultLocale,
    written: () => sender?.kick(),
  });
  const emailNotes = new EmailNotes({ deliveries, tickets, notifier: features.notifier, emails: outboundEmails, texts: people.defaultReader.t.tickets.emailOut, clock, logger: app.logger });
  sender?.onSettled((email) => emailNotes.settled(email));
  // A portal sign-in link does not stay in the database once the mail server answered.
  sender?.onSettled((email) => (email.kind === "sign_in" ? outboundEmails.forgetSignInLink(email.id) : Promise.resolve()));
  const emailIntake = createEmailIntake(features);
  email.bind(emailInboundRoute(features, emailIntake));
  const slaSummary = createSlaSummary(features);
  const deps: SlackDeps = {
    tickets,
    ticketNotifier: features.notifier,
    ticketsChannelId: config.tickets.channelId,
    outbox,
    emailNotes,
    emailIntake,
    slaSummary,
    imports: new ImportService({ jobs: importJobs, store: importStore, maxBytes: config.importMaxBytes, clock, leaseMs: config.importJobLeaseMs }),
    slas: new SlaService({ slas, clock }),
    alertProfiles: new AlertProfileService({ profiles: alertProfiles, clock }),
    home: new HomeService({ dashboard: new DashboardRepository(db), search: customerSearch, imports: importJobs }),
    templateNames: async () => ({
      slaName: (await slas.list()).find((s) => s.isDefault)?.name,
      alertProfileName: (await alertProfiles.list()).find((p) => p.isDefault)?.name,
    }),
    botToken: config.slack.botToken,
    onboarding: new OnboardingService({
      drafts: new DraftRepository(db),
      customers,
      slas,
      alertProfiles,
    }),
    management: new CustomerManagementService({
      search: customerSearch,
      repos: managementRepos(db),
      transaction: transactor(db),
      slas,
      alertProfiles,
      isAdmin: (userId) => deps.admins.isAdmin(userId),
      clock,
    }),
    admins: new AdminPolicy({
      extraAdminIds: config.slack.adminUserIds,
      lookupRole: (userId) => people.person(userId),
      // People keeps users.info's answer (PERSON_TTL_MS): one cache, one stated lifetime for a role
      // changed in Slack to show on every instance (a second cache here would add its own).
      ttlMs: 0,
    }),
    deliveries,
    claims: new RequestClaimService({ claims: new RequestClaimRepository(db), clock }),
    ratePacer,
    installation,
    people,
    clock,
    defaultTimeZone: config.defaultTimeZone,
    portalUrl: config.portal.url,
    logger: app.logger,
    metrics,
  };
  let portalSweep: NodeJS.Timeout | undefined;
  if (config.portal.url) {
    const portalRepo = new PortalRepository(db);
    const portal = new PortalService({
      reads: portalRepo,
      transaction: (work) => inTransaction(db, (tx) => work({ portal: new PortalRepository(tx), outbox: new OutboundEmailRepository(tx) })),
      tickets,
      notifier: features.notifier,
      texts: (locale) => CATALOGS[locale].portal,
      channelTexts: people.defaultReader.t.portal.slack,
      portalUrl: config.portal.url,
      from: sender ? emailFrom : undefined,
      defaultTimeZone: config.defaultTimeZone,
      clock,
      outboxNow: () => sender?.now() ?? new Date(),
      written: () => sender?.kick(),
    });
    const [get, post] = portalRoutes({
      portal,
      secret: config.slack.signingSecret,
      css: fs.readFileSync(path.join(PROJECT_ROOT, "assets", "portal.css"), "utf8"),
      defaultLocale: config.defaultLocale,
      trustProxy: config.portal.trustProxy,
      logger: app.logger,
    });
    portalGet.bind(get!);
    portalPost.bind(post!);
    // Sessions past their 7 days and old sign-in requests: gone within the hour.
    const sweep = () => portalRepo.sweep(clock()).catch((error: unknown) => app.logger.warn("Sweeping old portal sessions failed", error));
    portalSweep = setInterval(sweep, 3600_000);
    portalSweep.unref();
  }
  registerListeners(app, deps);
  registerImportDeliveries(deliveries, deps);
  deliveries.start(); // what a previous run left in the queue goes out now
  sender?.start(); // and what it left in the email outbox
  if (sender) void emailNotes.catchUp().catch((error: unknown) => app.logger.warn("The email notes' start-up sweep failed", error)); // notes a stop left at "Sending…"
  await reportInterruptedImports(deps);
  const summaryJob = scheduleSlaSummary(features, slaSummary, overrides.summarySchedule);
  const importSweep = scheduleImportSweep({ imports: deps.imports, deliveries, logger: app.logger, people });
  const importRecovery = scheduleImportRecovery(() => reportInterruptedImports(deps, false), deps.imports.recoveryEveryMs, app.logger);
  // Uninstalled: nothing may keep calling Slack with the dead token (the client refuses already).
  installation.onRevoked(() => summaryJob.stop());
  installation.onRevoked(() => slackApp.disconnectSlack());
  // Queued deliveries stay queued: a start with the new installation's token sends them.
  installation.onRevoked(() => deliveries.stop());

  // The drain's steps after the requests in flight, in order. Each component that holds work of
  // its own stops here; a component that must hand its work over at a drain (the running import
  // giving up its job so that another instance resumes it) adds its stop with onStop().
  const stopSteps: { name: string; stop: () => void | Promise<void> }[] = [
    { name: "SLA summary schedule", stop: () => summaryJob.stop() },
    { name: "import sweep", stop: () => importSweep.stop() },
    { name: "import recovery", stop: () => importRecovery.stop() },
    { name: "Slack delivery queue", stop: () => deliveries.stop() },
    { name: "email sender", stop: () => sender?.stop() },
    { name: "portal sweep", stop: () => (portalSweep ? clearInterval(portalSweep) : undefined) },
  ];
  const runSteps = async (steps: typeof stopSteps) => {
    for (const step of steps) {
      try {
        await step.stop();
      } catch (error) {
        app.logger.error(stopText.stepFailed(step.name), error);
      }
    }
  };
  // Steps run at the signal itself, before the wait for requests in flight: a long piece of work
  // that runs inside a request (an import started by a click) is told to give up here, and its
  // request then ends after its current batch.
  // The import under way is the first: its batch commits and its job is given up, so another
  // instance (or this one restarted) can Import again at once.
  const signalSteps: typeof stopSteps = [{ name: "import hand-over", stop: () => deps.imports.drain(IMPORT_DRAIN_MS) }];
  let stopped: Promise<void> | undefined;

  return {
    app,
    db,
    start: (port = config.port) => slackApp.start(port),
    onStop(name, stop, when = "after_in_flight") {
      (when === "at_signal" ? signalSteps : stopSteps).push({ name, stop });
    },
    /**
     * The drain (SIGTERM): no new request is taken (HTTP: 503, /health "draining"; Socket Mode:
     * left unacknowledged), the requests in flight finish (at most `inFlightMs`, their work after
     * Slack's acknowledgement included), then the job loops stop in order, then the HTTP server and
     * the Slack connection close and the database is closed. Called twice, it is one stop.
     */
    stop(o = {}) {
      stopped ??= (async () => {
        draining = true;
        await runSteps(signalSteps);
        if (!(await inFlight.idle(o.inFlightMs ?? DEFAULT_IN_FLIGHT_MS))) {
          app.logger.warn(stopText.inFlightLeft(inFlight.size, (o.inFlightMs ?? DEFAULT_IN_FLIGHT_MS) / 1000));
        }
        await runSteps(stopSteps);
        await slackApp.stop();
        await importStore.close();
        if (!overrides.db) await db.$disconnect();
      })();
      return stopped;
    },
  };
}

/** How long stop() waits for the requests in flight unless told (tests; src/index.ts passes DRAIN_TIMEOUT's share). */
const DEFAULT_IN_FLIGHT_MS = 10_000;

/** A route whose requests are counted (kind, outcome by status: 2xx/3xx ok, 4xx refused, 5xx error) and kept in flight for the drain. */
function countedRoute(route: HttpRoute, kind: RequestKind, metrics: Metrics, inFlight: InFlight): HttpRoute {
  return {
    ...route,
    handler: (req, res) =>
      inFlight.track(async () => {
        const started = performance.now();
        try {
          await route.handler(req, res);
        } finally {
          const outcome = res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "refused" : "ok";
          metrics.requestHandled(kind, outcome, (performance.now() - started) / 1000);
        }
      }),
  };
}

/** A route whose handler is supplied after the Bolt app exists. Until then it answers 503. */
function lateRoute(path: string, method: HttpRoute["method"], prefix = false): { route: HttpRoute; bind(route: HttpRoute): void } {
  let bound: HttpRoute | undefined;
  return {
    route: {
      path,
      method,
      prefix,
      handler: async (req, res) => {
        if (bound) return bound.handler(req, res);
        res.writeHead(503, { "content-type": "application/json", "retry-after": "5" });
        res.end(JSON.stringify({ error: "starting up" }));
      },
    },
    bind(route) {
      bound = route;
    },
  };
}
