/**
 * A real headless Chromium for the portal's browser tests, driven by playwright-core: Debian's
 * `chromium` package (.ci/run installs it), never a browser Playwright downloads. One browser per
 * test file (launching costs about a second); each test takes a fresh context (its own cookies).
 * CHROMIUM_PATH names another binary.
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => Boolean(p));

export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`No Chromium found (looked at ${CANDIDATES.join(", ")}): apt-get install -y chromium, or set CHROMIUM_PATH`);
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}
