// SKELETON (being written by the email engineer): the email rules of issue 5.
import type { FeatureContext } from "../../features.js";

export type EmailRefusal = { id: string; at: Date; fromEmail: string; fromName: string | null; subject: string; customerName: string | null; reason: string };

export class EmailIntakeService {
  /** The most recent refused emails, newest first (shown to admins with /ticket refused). */
  async recentRefusals(limit: number): Promise<EmailRefusal[]> {
    void limit;
    return [];
  }
}

export function createEmailIntake(ctx: FeatureContext): EmailIntakeService {
  void ctx;
  return new EmailIntakeService();
}
