import { describe, expect, it } from "vitest";
import { parseTicketNumber, ticketNumberInSubject } from "../../src/domain/ticket.js";

describe("the ticket number an email subject names", () => {
  it.each([
    ["Re: [#42] Printer down", 42],
    ["RE: Ticket #42", 42],
    ["AW: [Ticket #7] Drucker", 7],
    ["Fwd: ticket#9 follow-up", 9],
    ["[ #12 ] spaced", 12],
  ])("finds it in %j", (subject, number) => {
    expect(ticketNumberInSubject(subject)).toBe(number);
  });

  it.each(["Order #123 not delivered", "Invoice #2026", "Printer on floor 2", "#42", "[#0] zero", "Re: tickets 42"])(
    "finds none in %j (a bare #N is an order or invoice number more often than a ticket)",
    (subject) => {
      expect(ticketNumberInSubject(subject)).toBeUndefined();
    },
  );
});

describe("the ticket number a person types", () => {
  it.each([
    ["42", 42],
    ["#42", 42],
    ["ticket 42", 42],
    [" Ticket #42 ", 42],
  ])("reads %j", (raw, number) => expect(parseTicketNumber(raw)).toBe(number));

  it("reads nothing from words", () => expect(parseTicketNumber("forty-two")).toBeUndefined());
});
