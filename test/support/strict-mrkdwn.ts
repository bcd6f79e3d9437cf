/** Test setup (vitest setupFiles): markup used as a plain string throws, see Mrkdwn.strict. */
import { Mrkdwn } from "../../src/i18n/mrkdwn.js";

Mrkdwn.strict = true;
