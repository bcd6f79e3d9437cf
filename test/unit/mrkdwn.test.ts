/** The mrkdwn rules: plain strings are text, markup is made only by md, esc and the link helpers. */
import { describe, expect, it } from "vitest";
import { clipMarkup, esc, joinMd, link, mailto, md, mention, Mrkdwn, render, slackDate } from "../../src/i18n/mrkdwn.js";

describe("mrkdwn", () => {
  it("renders a plain string as text: &, < and > escaped, formatting marks kept", () => {
    expect(render("<!channel> & <https://evil.example|Reset> *bold*")).toBe("&lt;!channel&gt; &amp; &lt;https://evil.example|Reset&gt; *bold*");
    expect(render(esc("a < b"))).toBe("a &lt; b");
  });

  it("md keeps its literal parts and markup, escapes the strings put in, never twice", () => {
    const name = "<!here> & Co";
    const m = md`*${name}* by ${mention("U0ADMIN001")} on ${slackDate(new Date("2026-03-03T10:00:00Z"))}, ${3} times, ${esc("x<y")}`;
    expect(render(m)).toBe("*&lt;!here&gt; &amp; Co* by <@U0ADMIN001> on <!date^1772532000^{date_short_pretty} {time}|2026-03-03 10:00 UTC>, 3 times, x&lt;y");
    expect(render(joinMd([m, "<b>"], "\n"))).toBe(`${render(m)}\n&lt;b&gt;`);
  });

  it("a mention of something that is no user id is text", () => {
    expect(render(mention("email"))).toBe("email");
    expect(render(mention("U1>|<!channel"))).toBe("U1&gt;|&lt;!channel");
  });

  it("a mailto link points at the address it shows, whatever the address holds", () => {
    expect(render(mailto("jane@acme.com"))).toBe("<mailto:jane@acme.com|jane@acme.com>");
    expect(render(mailto("a|b@acme.com"))).toBe("<mailto:a%7Cb@acme.com|a|b@acme.com>");
    expect(render(mailto("a&b@acme.com"))).toBe("<mailto:a%26b@acme.com|a&amp;b@acme.com>");
    expect(render(mailto("hans@bücher.de"))).toBe("<mailto:hans@bücher.de|hans@bücher.de>");
  });

  it("a link's address cannot end early or carry a second label; only http(s) links", () => {
    expect(render(link("https://x.example/a?b=1&c=2", "the <label>"))).toBe("<https://x.example/a?b=1&amp;c=2|the &lt;label&gt;>");
    expect(render(link("https://x.example/|evil>", "ok"))).toBe("<https://x.example/%7Cevil%3E|ok>");
    expect(render(link("javascript:alert(1)", "click"))).toBe("click");
  });

  it("clipping markup does not cut an escape or a link in two", () => {
    expect(clipMarkup("abc &amp; def", 7)).toBe("abc …");
    expect(clipMarkup("see <https://x.example|here> now", 12)).toBe("see …");
    expect(clipMarkup("short", 10)).toBe("short");
  });

  it("markup used as a plain string throws in the tests (Mrkdwn.strict), so the mistake cannot hide", () => {
    expect(Mrkdwn.strict).toBe(true);
    expect(() => `${md`*x*`}`).toThrow(/used as a plain string/);
  });
});
