import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { isScalar, isSeq, parse, parseDocument } from "yaml";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const manifestPath = path.join(repoRoot, "manifest.yml");
// Slack's public manifest schema, carried by the repository (source and licence: test/fixtures/slack/README.md).
const schemaPath = path.join(repoRoot, "test/fixtures/slack/manifest.schema.1.0.0.json");

const PLACEHOLDER_URL = "https://example.com/slack/events";

interface SlashCommand {
  command: string;
  url?: string;
  description?: string;
  usage_hint?: string;
  should_escape?: boolean;
}

interface Manifest {
  display_information: {
    name: string;
    description?: string;
    long_description?: string;
    background_color?: string;
  };
  features: {
    app_home: {
      home_tab_enabled?: boolean;
      messages_tab_enabled?: boolean;
      messages_tab_read_only_enabled?: boolean;
    };
    bot_user: { display_name: string; always_online?: boolean };
    slash_commands: SlashCommand[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

const manifestText = readFileSync(manifestPath, "utf8");
const manifest = parse(manifestText) as Manifest;

function compileSchema(): ValidateFunction {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as object;
  // strict: false because the schema uses a non-standard `regex` keyword;
  // validateFormats: false because ajv-formats is not installed (only `$schema` has a format).
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
    .join("\n");
}

describe("manifest.yml", () => {
  const validate = compileSchema();

  it("is valid against the official Slack manifest JSON Schema", () => {
    const valid = validate(manifest);
    expect(formatErrors(validate.errors), "schema errors").toBe("");
    expect(valid).toBe(true);
  });

  it("is rejected by the schema validator when display_information is removed", () => {
    const broken = structuredClone(manifest) as Partial<Manifest>;
    delete broken.display_information;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === "required")).toBe(true);
  });

  it("is rejected by the schema validator when a slash command has no leading slash", () => {
    const broken = structuredClone(manifest);
    broken.features.slash_commands[0]!.command = "customer";
    expect(validate(broken)).toBe(false);
  });

  it("has a long_description of at least 175 characters and a hex background_color", () => {
    // The schema states the colour rule with a `regex` keyword that ajv does not enforce.
    expect(manifest.display_information.long_description?.length ?? 0).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it("defines exactly the /customer, /sla and /ticket slash commands", () => {
    const commands = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(commands).toEqual(["/customer", "/sla", "/ticket"]);
  });

  it("gives every slash command a description, a usage hint, no escaping and the placeholder URL", () => {
    for (const command of manifest.features.slash_commands) {
      expect(command.description?.trim(), `${command.command} description`).toBeTruthy();
      expect(command.usage_hint?.trim(), `${command.command} usage_hint`).toBeTruthy();
      expect(command.should_escape, `${command.command} should_escape`).toBe(false);
      expect(command.url, `${command.command} url`).toBe(PLACEHOLDER_URL);
    }
  });

  it("subscribes to the file_shared and app_home_opened bot events", () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    expect(events).toContain("file_shared");
    expect(events).toContain("app_home_opened");
  });

  it("requests files:read and files:write bot scopes", () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect(scopes).toContain("files:read");
    expect(scopes).toContain("files:write");
  });

  it("requests the scope each subscribed bot event needs", () => {
    const needs: Record<string, string> = {
      "message.channels": "channels:history",
      "message.groups": "groups:history",
      "message.im": "im:history",
      "message.mpim": "mpim:history",
      file_shared: "files:read",
      app_mention: "app_mentions:read",
    };
    const scopes = manifest.oauth_config.scopes.bot;
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      const scope = needs[event];
      if (scope) expect(scopes, `${event} needs ${scope}`).toContain(scope);
    }
    // And the reverse: no app_mentions:read without an app_mention subscription.
    if (scopes.includes("app_mentions:read")) {
      expect(manifest.settings.event_subscriptions.bot_events).toContain("app_mention");
    }
  });

  it("justifies every bot scope with a YAML comment", () => {
    const doc = parseDocument(manifestText);
    const bot = doc.getIn(["oauth_config", "scopes", "bot"], true);
    expect(isSeq(bot)).toBe(true);
    if (!isSeq(bot)) return;
    for (const item of bot.items) {
      expect(isScalar(item)).toBe(true);
      if (!isScalar(item)) continue;
      expect(item.comment?.trim(), `comment for scope ${String(item.value)}`).toBeTruthy();
    }
  });

  it("lets people DM the app through an enabled, writable messages tab next to the home tab", () => {
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it("has an always-online bot user named customerbook", () => {
    expect(manifest.features.bot_user).toEqual({ display_name: "customerbook", always_online: true });
  });

  it("enables Socket Mode and interactivity, and points every request URL at the placeholder", () => {
    const { settings } = manifest;
    expect(settings.socket_mode_enabled).toBe(true);
    expect(settings.org_deploy_enabled).toBe(false);
    expect(settings.token_rotation_enabled).toBe(false);
    // message_menu_options_url: where Slack asks for an external_select's options (block_suggestion) in HTTP mode.
    expect(settings.interactivity).toEqual({ is_enabled: true, request_url: PLACEHOLDER_URL, message_menu_options_url: PLACEHOLDER_URL });
    expect(settings.event_subscriptions.request_url).toBe(PLACEHOLDER_URL);
  });
});
