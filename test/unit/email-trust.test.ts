import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import { authEvidence, readAuthenticationResults, senderTrust } from "../../src/email/trust.js";

const ID = "mx.msp.example";

describe("Authentication-Results", () => {
  it("reads the verdicts of the trusted server only, whatever the case of its id", () => {
    expect(readAuthenticationResults("MX.MSP.example; spf=pass smtp.mailfrom=a.example; dkim=fail; dmarc=fail")).toEqual({
      authservId: "MX.MSP.example",
      unreadable: false,
      results: [
        { method: "spf", result: "pass", props: { "smtp.mailfrom": "a.example" } },
        { method: "dkim", result: "fail", props: {} },
        { method: "dmarc", result: "fail", props: {} },
      ],
    });
    expect(senderTrust({ authenticationResults: ["MX.MSP.example; spf=pass smtp.mailfrom=a.example"] }, ID, "ann@a.example").verdict).toBe("pass");
    expect(senderTrust({ authenticationResults: ["relay.example; dmarc=pass"] }, ID, "ann@a.example").verdict).not.toBe("pass");
  });

  it("does not read verdicts hidden in comments", () => {
    expect(readAuthenticationResults(`${ID}; spf=fail (dmarc=pass) smtp.mailfrom=a.example; dmarc=fail (p=reject; dmarc=pass)`)?.results).toEqual([
      { method: "spf", result: "fail", props: { "smtp.mailfrom": "a.example" } },
      { method: "dmarc", result: "fail", props: {} },
    ]);
  });

  it("takes a passing DKIM signature among several", () => {
    expect(senderTrust({ authenticationResults: [`${ID}; dkim=fail header.d=x.example; dkim=pass header.d=a.example; spf=fail`] }, ID, "ann@a.example").verdict).toBe("pass");
  });

  it("fails DMARC fail, and SPF fail without DKIM; passes DMARC pass; says none without a trusted verdict", () => {
    const t = (ar: string) => senderTrust({ authenticationResults: [ar] }, ID, "ann@a.example").verdict;
    expect(t(`${ID}; dmarc=fail; spf=pass; dkim=pass`)).toBe("fail");
    expect(t(`${ID}; spf=softfail; dkim=none`)).toBe("fail");
    expect(t(`${ID}; dmarc=pass; spf=fail`)).toBe("pass");
    expect(t(`${ID}; spf=neutral`)).toBe("none");
    expect(senderTrust({ authenticationResults: [`${ID}; dmarc=fail`] }, undefined, "ann@a.example").verdict).toBe("none");
  });
});

describe("alignment with the From domain (relaxed: the same organisational domain)", () => {
  const t = (ar: string, from = "bob@beta.io") => senderTrust({ authenticationResults: [ar] }, ID, from).verdict;

  it("does not count a DKIM pass for another domain, nor an SPF pass of another envelope domain", () => {
    expect(t(`${ID}; spf=fail smtp.mailfrom=beta.io; dkim=pass header.d=evil.example`)).toBe("fail");
    expect(t(`${ID}; spf=pass smtp.mailfrom=evil.example; dmarc=none header.from=beta.io`)).not.toBe("pass");
    expect(t(`${ID}; spf=pass smtp.mailfrom=bounce@evil.example`)).not.toBe("pass");
    expect(t(`${ID}; dkim=pass header.d=beta.io.evil.example`)).not.toBe("pass");
  });

  it("counts SPF and DKIM passes of the same organisational domain, public suffixes included", () => {
    expect(t(`${ID}; spf=pass smtp.mailfrom=bounces@mail.beta.io`)).toBe("pass");
    expect(t(`${ID}; dkim=pass header.d=news.beta.io; spf=fail smtp.mailfrom=x@esp.example`)).toBe("pass");
    expect(t(`${ID}; spf=pass smtp.mailfrom=a@studio.co.uk`, "ann@rossi.co.uk")).not.toBe("pass");
    expect(t(`${ID}; spf=pass smtp.mailfrom=a@mail.rossi.co.uk`, "ann@rossi.co.uk")).toBe("pass");
  });
});

describe("Postmark's verdicts, aligned with the From domain", () => {
  const t = (receivedSpf: string | undefined, spamTests: string | undefined) =>
    senderTrust({ authenticationResults: [], postmark: { ...(receivedSpf ? { receivedSpf } : {}), ...(spamTests ? { spamTests } : {}) } }, undefined, "bob@beta.io").verdict;

  it("counts Received-SPF pass only for an envelope-from of the From's domain, and DKIM only as DKIM_VALID_AU", () => {
    expect(t("Pass (sender SPF authorized) identity=mailfrom; client-ip=192.0.2.1; envelope-from=x@evil.example", "DKIM_SIGNED,DKIM_VALID")).not.toBe("pass");
    expect(t("Pass (sender SPF authorized) identity=mailfrom; client-ip=192.0.2.1; envelope-from=\"bounce@mail.beta.io\"", undefined)).toBe("pass");
    expect(t("Fail (sender not authorized) identity=mailfrom; envelope-from=bob@beta.io", "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU")).toBe("pass");
    expect(t("Fail (sender not authorized) identity=mailfrom; envelope-from=bob@beta.io", "DKIM_SIGNED,DKIM_VALID")).toBe("fail");
  });
});

describe("reading Authentication-Results as RFC 8601 writes it", () => {
  const t = (ar: string) => senderTrust({ authenticationResults: [ar] }, ID, "bob@beta.io").verdict;

  it("skips nested comments whole: a dmarc=pass inside (x (y) ; dmarc=pass) is not read", () => {
    expect(t(`${ID}; dmarc=fail (x (y) ; dmarc=pass) header.from=beta.io`)).toBe("fail");
    expect(t(`${ID}; spf=fail (a (b) c; spf=pass smtp.mailfrom=beta.io) smtp.mailfrom=beta.io`)).toBe("fail");
  });

  it("reads a quoted property value as one value, whatever it holds", () => {
    expect(t(`${ID}; spf=fail smtp.mailfrom="x; dmarc=pass"@beta.io`)).toBe("fail");
    expect(t(`${ID}; dkim=pass header.d="beta.io"`)).toBe("pass");
  });

  it("lets a fail stick: a later pass of the same method does not undo it", () => {
    expect(t(`${ID}; dmarc=fail header.from=beta.io; dmarc=pass header.from=beta.io`)).toBe("fail");
    expect(t(`${ID}; spf=fail smtp.mailfrom=beta.io; spf=pass smtp.mailfrom=beta.io`)).toBe("fail");
  });

  it("takes a header it cannot read (an unclosed comment or quote) as a fail, not as whatever came before", () => {
    expect(t(`${ID}; dkim=pass header.d=beta.io; dmarc=fail (unclosed`)).toBe("fail");
    expect(t(`${ID}; dkim=pass header.d=beta.io; x="unclosed`)).toBe("fail");
  });

  it("reads a method version and a reason", () => {
    expect(t(`${ID} 1; dkim/1=pass reason="good signature" header.d=beta.io header.b=Ab3/+x=z`)).toBe("pass");
  });
});

describe("several Authentication-Results of the trusted server (OpenDKIM and OpenDMARC write one each)", () => {
  const h = (name: string, value: string) => ({ name, value });
  const t = (headers: { name: string; value: string }[]) => senderTrust(authEvidence(headers, false), ID, "bob@beta.io");

  it("merges them: a DMARC fail in the second header wins over a DKIM pass in the first, in either order", () => {
    const dkim = h("Authentication-Results", `${ID}; dkim=pass header.d=beta.io`);
    const dmarc = h("Authentication-Results", `${ID}; dmarc=fail (p=reject) header.from=beta.io`);
    const received = h("Received", `from evil.example by ${ID} (Postfix) with ESMTP id 1; Thu, 3 Dec 2026 10:00:00 +0000`);
    expect(t([dkim, dmarc, received]).verdict).toBe("fail");
    expect(t([dmarc, dkim, received]).verdict).toBe("fail");
    expect(t([dmarc, dkim, received]).detail).toContain("dmarc=fail");
  });

  it("reads only those above the first Received header another server added, when the operator's own Received headers show where they end", () => {
    const headers = [
      h("Authentication-Results", `${ID}; spf=none smtp.mailfrom=beta.io; dkim=none`),
      h("Received", `from relay.evil.example by ${ID} (Postfix) with ESMTP id 1; Thu, 3 Dec 2026 10:00:00 +0000`),
      h("Received", "from evil by relay.evil.example with SMTP; Thu, 3 Dec 2026 09:59:00 +0000"),
      h("Authentication-Results", `${ID}; dkim=pass header.d=beta.io; dmarc=pass header.from=beta.io`),
    ];
    expect(t(headers).verdict).not.toBe("pass");
  });
});

describe("the verdict's detail", () => {
  it("says whose a pass was when it is not the From's domain", () => {
    const t = senderTrust({ authenticationResults: [`${ID}; spf=fail smtp.mailfrom=beta.io; dkim=pass header.d=evil.example`] }, ID, "bob@beta.io");
    expect(t).toMatchObject({ verdict: "fail", detail: "dmarc=none spf=fail dkim=pass(evil.example, not beta.io) (mx.msp.example)", unverified: true });
  });

  it("keeps the detail as a code that each catalog words: Italian for an Italian reader, English in the logs and authDetail", () => {
    const t = senderTrust({ authenticationResults: [`${ID}; spf=fail smtp.mailfrom=beta.io; dkim=pass header.d=evil.example`] }, ID, "bob@beta.io");
    expect(t.why).toEqual({
      code: "verdicts",
      by: "mx.msp.example",
      parts: [
        { method: "dmarc", result: "none" },
        { method: "spf", result: "fail" },
        { method: "dkim", result: "pass", domain: "evil.example", fromDomain: "beta.io" },
      ],
    });
    expect(italian.tickets.emailNotes.trustDetail(t.why!)).toBe("dmarc=none spf=fail dkim=pass(evil.example, non beta.io) (mx.msp.example)");
    expect(en.tickets.emailNotes.trustDetail(t.why!)).toBe(t.detail);
    const none = senderTrust({ authenticationResults: [] }, ID, "bob@beta.io");
    expect(italian.tickets.emailNotes.trustDetail(none.why!)).toBe("nessun esito da mx.msp.example");
    expect(none.detail).toBe("no verdict from mx.msp.example");
    // a refusal stored before the code: its words as they were
    expect(italian.tickets.emailNotes.trustDetail("dmarc=fail (mx)")).toBe("dmarc=fail (mx)");
  });
});
