/**
 * Posting to a response_url outside Bolt's `respond` (for example after a modal opened from a
 * message is submitted: the view_submission carries no response_url, so the editor keeps it in
 * its private_metadata, which Slack returns on a signed request).
 */
export async function postToResponseUrl(url: string, message: object): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}
