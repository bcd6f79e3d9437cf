/**
 * Does the run mode the environment chose agree with the Slack app the user created? The app
 * cannot ask Slack how its app is set up (that needs a configuration token), but a Slack app is
 * created from manifest.yml, which lives in the project folder: start-up reads it and warns when
 * HTTP mode meets a manifest with Socket Mode on (Slack would send nothing to PORT), when HTTP
 * mode meets the manifest's example.com request URLs, and when Socket Mode meets a manifest with
 * Socket Mode off. A user who edits the app's manifest on api.slack.com and not here is not seen.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { Config } from "../config.js";
import { setupWarnings as text } from "../i18n/startup.js";

const EXAMPLE_URL = /^https:\/\/example\.com\//;

type ManifestShape = {
  settings?: { socket_mode_enabled?: unknown; event_subscriptions?: { request_url?: unknown }; interactivity?: { request_url?: unknown } };
  features?: { slash_commands?: { url?: unknown }[] };
};

/** The warnings for a manifest's text (undefined: no manifest.yml, nothing to compare). */
export function manifestWarnings(config: Config, manifestYaml: string | undefined): string[] {
  if (manifestYaml === undefined) return [];
  let manifest: ManifestShape;
  try {
    manifest = (parse(manifestYaml) ?? {}) as ManifestShape;
  } catch (error) {
    return [text.manifestUnreadable(error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error))];
  }
  const socketMode = manifest.settings?.socket_mode_enabled === true;
  const warnings: string[] = [];
  if (config.slack.appToken) {
    if (manifest.settings?.socket_mode_enabled === false) warnings.push(text.socketModeButManifestHttp);
    return warnings;
  }
  if (socketMode) return [text.httpModeButManifestSocket(config.port)];
  const urls = [
    manifest.settings?.event_subscriptions?.request_url,
    manifest.settings?.interactivity?.request_url,
    ...(manifest.features?.slash_commands ?? []).map((c) => c?.url),
  ];
  const examples = urls.filter((u) => typeof u === "string" && EXAMPLE_URL.test(u)).length;
  if (examples > 0) warnings.push(text.httpModeExampleUrls(examples));
  return warnings;
}

/** Reads manifest.yml in the project folder and compares it with the configuration. */
export function checkSetup(config: Config, projectRoot: string): string[] {
  const file = path.join(projectRoot, "manifest.yml");
  let yaml: string | undefined;
  try {
    yaml = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return [];
    return [text.manifestUnreadable(error instanceof Error ? error.message : String(error))];
  }
  return manifestWarnings(config, yaml);
}
