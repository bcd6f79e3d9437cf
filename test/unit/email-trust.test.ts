import { describe, expect, it } from "vitest";
import { parseAuthenticationResults, senderTrust } from "../../src/email/trust.js";

const ID = "mx.msp.example";

describe("Authentication-Results", () => {
  it("reads the verdicts of the trusted server only, whatever the case of its id", () => {
    expect(parseAuthenticationResults("MX.MSP.example; spf=pass smtp.mailfrom=a.example; dkim=fail; dmarc=fail", ID)).toEqual({ spf: "pass", spfDomain: "a.example", dkim: "fail", dmarc: "fail" });
    expect(parseAuthenticationResults("relay.example; dmarc=pass", ID)).toBeUndefined();
  });

  it("does not read verdicts hidden in comments", () => {
    expect(parseAuthenticationResults(`${ID}; spf=fail (dmarc=pass) smtp.mailfrom=a.example; dmarc=fail (p=reject; dmarc=pass)`, ID)).toEqual({ spf: "fail", spfDomain: "a.example", dmarc: "fail" });
  });

  it("takes a passing DKIM signature among several", () => {
    const v = parseAuthenticationResults(`${ID}; dkim=fail header.d=x.example; dkim=pass header.d=a.example; spf=fail`, ID);
    expect(senderTrust({ authenticationResults: [`${ID}; dkim=fail header.d=x.example; dkim=pass header.d=a.example; spf=fail`] }, ID, "ann@a.example").verdict).toBe("pass");
    expect(v?.dkim).toBe("pass");
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
