import { describe, expect, it } from "vitest";
import { parseAuthenticationResults, senderTrust } from "../../src/email/trust.js";

const ID = "mx.msp.example";

describe("Authentication-Results", () => {
  it("reads the verdicts of the trusted server only, whatever the case of its id", () => {
    expect(parseAuthenticationResults("MX.MSP.example; spf=pass smtp.mailfrom=a.example; dkim=fail; dmarc=fail", ID)).toEqual({ spf: "pass", dkim: "fail", dmarc: "fail" });
    expect(parseAuthenticationResults("relay.example; dmarc=pass", ID)).toBeUndefined();
  });

  it("does not read verdicts hidden in comments", () => {
    expect(parseAuthenticationResults(`${ID}; spf=fail (dmarc=pass) smtp.mailfrom=a.example; dmarc=fail (p=reject; dmarc=pass)`, ID)).toEqual({ spf: "fail", dmarc: "fail" });
  });

  it("takes a passing DKIM signature among several", () => {
    const v = parseAuthenticationResults(`${ID}; dkim=fail header.d=x.example; dkim=pass header.d=a.example; spf=fail`, ID);
    expect(senderTrust({ authenticationResults: [`${ID}; dkim=fail header.d=x.example; dkim=pass header.d=a.example; spf=fail`] }, ID).verdict).toBe("pass");
    expect(v?.dkim).toBe("pass");
  });

  it("fails DMARC fail, and SPF fail without DKIM; passes DMARC pass; says none without a trusted verdict", () => {
    const t = (ar: string) => senderTrust({ authenticationResults: [ar] }, ID).verdict;
    expect(t(`${ID}; dmarc=fail; spf=pass; dkim=pass`)).toBe("fail");
    expect(t(`${ID}; spf=softfail; dkim=none`)).toBe("fail");
    expect(t(`${ID}; dmarc=pass; spf=fail`)).toBe("pass");
    expect(t(`${ID}; spf=neutral`)).toBe("none");
    expect(senderTrust({ authenticationResults: [`${ID}; dmarc=fail`] }, undefined).verdict).toBe("none");
  });
});
