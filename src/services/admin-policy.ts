/**
 * Who is a Customer Book admin: the workspace's admins and owners (looked up through the
 * injected `lookupRole`, which is Slack's users.info in the app), plus SLACK_ADMIN_USER_IDS.
 * Answers are cached briefly so a burst of clicks costs one lookup.
 */
export type WorkspaceRole = { isAdmin: boolean; isOwner: boolean };

export class AdminPolicy {
  private readonly cache = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly opts: {
      extraAdminIds: readonly string[];
      lookupRole: (userId: string) => Promise<WorkspaceRole>;
      ttlMs?: number;
      clock?: () => number;
    },
  ) {}

  async isAdmin(userId: string): Promise<boolean> {
    if (this.opts.extraAdminIds.includes(userId)) return true;
    const now = (this.opts.clock ?? Date.now)();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now) return hit.admin;
    const role = await this.opts.lookupRole(userId);
    const admin = role.isAdmin || role.isOwner;
    this.cache.set(userId, { admin, until: now + (this.opts.ttlMs ?? 60_000) });
    return admin;
  }
}
