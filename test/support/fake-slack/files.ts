/**
 * Files people uploaded (registered by tests), files the app uploads through
 * files.getUploadURLExternal -> upload URL -> files.completeUploadExternal, and private downloads.
 * Slack's limits on uploads (docs/slack-limits.md): alt text at most 1,000 characters
 * (alt_txt_too_large), a length above 0 (missing_argument), each upload completed once. Stricter than
 * Slack documents: the bytes posted to an upload URL must be exactly the declared length.
 */
import { slackId } from "./ids.js";
import type { JsonObject } from "./json.js";

export interface AddFileInput {
  id?: string;
  name: string;
  title?: string;
  content: Buffer | string;
  /** Defaults from the extension, else text/csv. */
  mimetype?: string;
  filetype?: string;
  /** The person who uploaded it. */
  user: string;
  /** Channels it was shared into; each share also posts a message from `user`. */
  channels?: string[];
  threadTs?: string;
  /** Serve an HTML page even to a correct bot token (to test that the app checks the content type). */
  servesHtml?: boolean;
}

export interface FileShare {
  channel: string;
  ts: string;
  threadTs?: string;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  content: Buffer;
  mimetype: string;
  filetype: string;
  prettyType: string;
  user: string;
  created: number;
  shares: FileShare[];
  servesHtml: boolean;
  /** How many times the file's content was served (with the bot token). */
  downloads: number;
}

export interface UploadRecord {
  id: string;
  filename: string;
  title: string;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
  content: Buffer;
  /** The `length` the app declared to files.getUploadURLExternal. */
  declaredLength: number;
  /** The alt text given to files.getUploadURLExternal (`alt_txt`; @slack/web-api 8 sends `alt_text`). */
  altText?: string;
  /** The message the completion posted in `channel` (its ts). */
  messageTs?: string;
}

/** Slack's limit on a file's alt text (files.getUploadURLExternal answers alt_txt_too_large). */
export const ALT_TEXT_MAX = 1000;

interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  altText?: string;
  content?: Buffer;
}

const TYPES: Record<string, { filetype: string; mimetype: string; pretty: string }> = {
  csv: { filetype: "csv", mimetype: "text/csv", pretty: "CSV" },
  tsv: { filetype: "tsv", mimetype: "text/tab-separated-values", pretty: "TSV" },
  txt: { filetype: "text", mimetype: "text/plain", pretty: "Plain Text" },
  json: { filetype: "json", mimetype: "application/json", pretty: "JSON" },
  html: { filetype: "html", mimetype: "text/html", pretty: "HTML" },
  pdf: { filetype: "pdf", mimetype: "application/pdf", pretty: "PDF" },
  png: { filetype: "png", mimetype: "image/png", pretty: "PNG" },
  xlsx: {
    filetype: "xlsx",
    mimetype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    pretty: "Excel Spreadsheet",
  },
};

function typeOf(name: string): { filetype: string; mimetype: string; pretty: string } | undefined {
  const extension = name.includes(".") ? name.split(".").pop()?.toLowerCase() : undefined;
  return extension === undefined ? undefined : TYPES[extension];
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly pending = new Map<string, PendingUpload>();
  private readonly uploadList: UploadRecord[] = [];

  add(input: AddFileInput, createdSeconds: number): StoredFile {
    const known = typeOf(input.name);
    const mimetype = input.mimetype ?? known?.mimetype ?? "text/csv";
    const file: StoredFile = {
      id: input.id ?? slackId("F"),
      name: input.name,
      title: input.title ?? input.name,
      content: Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, "utf8"),
      mimetype,
      filetype: input.filetype ?? known?.filetype ?? (mimetype === "text/csv" ? "csv" : "binary"),
      prettyType: known?.pretty ?? "Binary",
      user: input.user,
      created: createdSeconds,
      shares: [],
      servesHtml: input.servesHtml ?? false,
      downloads: 0,
    };
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** files.getUploadURLExternal: reserve a file id and a one-off upload key. */
  startUpload(filename: string, length: number, altText?: string): { fileId: string; uploadKey: string } {
    const fileId = slackId("F");
    const uploadKey = slackId("UP");
    this.pending.set(uploadKey, { fileId, filename, length, ...(altText === undefined ? {} : { altText }) });
    return { fileId, uploadKey };
  }

  /** The bytes arrived at the upload URL: unknown URL, or not the declared length. */
  receive(uploadKey: string, content: Buffer): "ok" | "unknown" | "length_mismatch" {
    const pending = this.pending.get(uploadKey);
    if (pending === undefined) return "unknown";
    if (content.length !== pending.length) return "length_mismatch";
    pending.content = content;
    return "ok";
  }

  /** True once the bytes of a reserved file id have arrived at its upload URL. */
  isUploaded(fileId: string): boolean {
    return [...this.pending.values()].some((p) => p.fileId === fileId && p.content !== undefined);
  }

  /** files.completeUploadExternal for one file: answers the stored file, or undefined if never uploaded. */
  complete(
    fileId: string,
    args: { title?: string; user: string; channel?: string; threadTs?: string; initialComment?: string },
    createdSeconds: number,
  ): StoredFile | undefined {
    const entry = [...this.pending.entries()].find(([, p]) => p.fileId === fileId);
    if (entry === undefined || entry[1].content === undefined) return undefined;
    const [key, pending] = entry;
    this.pending.delete(key);
    const content = pending.content ?? Buffer.alloc(0);
    const file = this.add(
      { id: fileId, name: pending.filename, title: args.title ?? pending.filename, content, user: args.user },
      createdSeconds,
    );
    const record: UploadRecord = {
      id: fileId,
      filename: pending.filename,
      title: file.title,
      content,
      declaredLength: pending.length,
    };
    if (args.channel !== undefined) record.channel = args.channel;
    if (args.threadTs !== undefined) record.threadTs = args.threadTs;
    if (args.initialComment !== undefined) record.initialComment = args.initialComment;
    if (pending.altText !== undefined) record.altText = pending.altText;
    this.uploadList.push(record);
    return file;
  }

  /** The completion's message in its channel, once posted. */
  sharedIn(fileId: string, ts: string): void {
    for (const record of this.uploadList) if (record.id === fileId) record.messageTs = ts;
  }

  uploads(): UploadRecord[] {
    return [...this.uploadList];
  }

  /** Path of the private URLs, relative to the fake's base URL. */
  privatePath(file: StoredFile, teamId: string, download: boolean): string {
    return `files-pri/${teamId}-${file.id}/${download ? "download/" : ""}${encodeURIComponent(file.name)}`;
  }

  /** The file a `/files-pri/...` path points at. */
  resolvePrivatePath(pathname: string, teamId: string): StoredFile | undefined {
    const match = /^\/files-pri\/([^/]+)-([^/-]+)\/(?:download\/)?([^/]+)$/.exec(pathname);
    if (match === null || match[1] !== teamId) return undefined;
    const file = this.files.get(match[2] ?? "");
    return file !== undefined && encodeURIComponent(file.name) === match[3] ? file : undefined;
  }

  /** Slack's `file` object as files.info returns it. */
  toSlack(file: StoredFile, baseUrl: string, teamId: string, teamDomain: string): JsonObject {
    const shares: Record<"public" | "private", JsonObject> = { public: {}, private: {} };
    for (const share of file.shares) {
      const bucket = share.channel.startsWith("C") ? shares.public : shares.private;
      const entry: JsonObject = { ts: share.ts, reply_users: [], reply_count: 0, team_id: teamId, share_user_id: file.user };
      if (share.threadTs !== undefined) entry.thread_ts = share.threadTs;
      const list = bucket[share.channel];
      bucket[share.channel] = Array.isArray(list) ? [...list, entry] : [entry];
    }
    const channels = [...new Set(file.shares.map((s) => s.channel))];
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.name,
      title: file.title,
      mimetype: file.mimetype,
      filetype: file.filetype,
      pretty_type: file.prettyType,
      user: file.user,
      user_team: teamId,
      editable: false,
      size: file.content.length,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: channels.some((c) => c.startsWith("C")),
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      url_private: `${baseUrl}${this.privatePath(file, teamId, false)}`,
      url_private_download: `${baseUrl}${this.privatePath(file, teamId, true)}`,
      permalink: `https://${teamDomain}.slack.com/files/${file.user}/${file.id}/${encodeURIComponent(file.name)}`,
      channels: channels.filter((c) => c.startsWith("C")),
      groups: channels.filter((c) => c.startsWith("G")),
      ims: channels.filter((c) => c.startsWith("D")),
      shares: { ...(Object.keys(shares.public).length > 0 ? { public: shares.public } : {}), ...(Object.keys(shares.private).length > 0 ? { private: shares.private } : {}) },
      comments_count: 0,
    };
  }

  reset(): void {
    this.files.clear();
    this.pending.clear();
    this.uploadList.length = 0;
  }
}
