/**
 * HTML to plain text for an HTML-only email. mailparser already does this for raw MIME (with
 * html-to-text inside); a provider's JSON gives the HTML alone, so it is wrapped in a one-part
 * MIME message and handed to the same parser: one conversion for both formats, and no second
 * library to keep up to date.
 */
import { simpleParser } from "mailparser";

export async function htmlToText(html: string): Promise<string> {
  if (!html.trim()) return "";
  const b64 = Buffer.from(html, "utf8").toString("base64").replace(/.{76}/g, "$&\r\n");
  const mime = `Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`;
  const parsed = await simpleParser(mime, { skipTextToHtml: true, skipImageLinks: true });
  return parsed.text ?? "";
}
