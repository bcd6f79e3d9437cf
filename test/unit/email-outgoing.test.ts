import { describe, expect, it } from "vitest";
import { mrkdwnToEmail, referencesOf, ticketSubject } from "../../src/email/outgoing.js";

const names = (id: string) => ({ U1: "Ada Lovelace" })[id];
const email = (s: string) => mrkdwnToEmail(s, names, "someone");

describe("Slack mrkdwn to email", () => {
  it("names mentioned people, and says someone for a person Slack could not name", () => {
    expect(email("Thanks <@U1> and <@U9>, <!here>").text).toBe("Thanks @Ada Lovelace and @someone, @here");
  });

  it("turns links, mail links and channels into words, and entities into characters", () => {
    const r = email("See <https://kb.example/a?b=1&amp;c=2|the guide>, <https://x.example>, <mailto:a@b.example|a@b.example> in <#C1|support> &lt;3");
    expect(r.text).toBe("See the guide (https://kb.example/a?b=1&c=2), https://x.example, a@b.example in #support <3");
    expect(r.html).toContain('<a href="https://kb.example/a?b=1&amp;c=2">the guide</a>');
    expect(r.html).toContain("&lt;3");
  });

  it("keeps bold and italic readable in the text part and makes them tags in the HTML part", () => {
    const r = email("*Important:* _please_ reboot ~now~ `ipconfig`");
    expect(r.text).toBe("*Important:* _please_ reboot ~now~ `ipconfig`");
    expect(r.html).toContain("<strong>Important:</strong> <em>please</em> reboot <s>now</s> <code>ipconfig</code>");
  });

  it("makes lists, quotes and code blocks HTML, and never lets text become markup", () => {
    const r = email("Steps:\n• one\n• two <b>x</b>\n&gt; quoted\n```\nrm -rf <dir>\n```");
    expect(r.html).toContain("<ul><li>one</li><li>two &lt;b&gt;x&lt;/b&gt;</li></ul>");
    expect(r.html).toContain("<blockquote>quoted</blockquote>");
    expect(r.html).toContain("<pre>rm -rf &lt;dir&gt;</pre>");
    expect(r.text).toContain("rm -rf <dir>");
  });

  it("drops a javascript: link to its text", () => {
    const r = email("<javascript:alert(1)|click>");
    expect(r.html).not.toContain("href");
  });
});

describe("subjects and references", () => {
  it("puts [#n] in the subject once, whatever Re:/AW: prefixes came before", () => {
    expect(ticketSubject(42, "Printer down", "Re:")).toBe("Re: [#42] Printer down");
    expect(ticketSubject(42, "RE: AW: [#42] Printer down", "Re:")).toBe("Re: [#42] Printer down");
    expect(ticketSubject(42, "Ticket #42 printer", "")).toBe("Ticket #42 printer");
  });

  it("keeps References in order without repeats, at most 20", () => {
    expect(referencesOf(["a", "b", "a", "c"])).toEqual(["a", "b", "c"]);
    expect(referencesOf(Array.from({ length: 30 }, (_, i) => `m${i}`))).toHaveLength(20);
  });
});
