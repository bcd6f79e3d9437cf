/**
 * Open views: one modal stack per person (at most 3 views) and one App Home view per person.
 * API-level operations throw SlackApiError with Slack's error codes; client-level operations
 * (a person closing or submitting) are called by the driver.
 */
import { checkView, toSlackMessages } from "./block-kit-limits.js";
import { SlackApiError } from "./errors.js";
import { slackId, viewHash, withGeneratedIds, type FakeClock } from "./ids.js";
import { clone, isObject, objects, str, type JsonObject } from "./json.js";
import {
  buildStateValues,
  keepTypedValues,
  locateElements,
  toStateValue,
  typedStateValues,
  type PersonInput,
  type StateValues,
  type TypedValues,
} from "./view-state.js";

/** Slack: "After a modal is opened, the app is limited to pushing 2 additional views." */
export const MAX_STACK_SIZE = 3;

export interface StoredView {
  readonly id: string;
  readonly userId: string;
  readonly type: "modal" | "home";
  /** What the app sent, with Slack's generated block_ids/action_ids filled in. */
  definition: JsonObject;
  blocks: JsonObject[];
  hash: string;
  readonly rootViewId: string;
  readonly previousViewId: string | null;
  typed: TypedValues;
  open: boolean;
}

/** A view object in Slack's shape, as in API responses and interaction payloads. */
export interface SlackView extends JsonObject {
  id: string;
  team_id: string;
  type: string;
  blocks: JsonObject[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: StateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface ViewContext {
  teamId: string;
  appId: string;
  botId: string;
  clock: FakeClock;
}

export class ViewRegistry {
  private readonly views = new Map<string, StoredView>();
  private readonly stacks = new Map<string, string[]>();
  private readonly homes = new Map<string, string>();

  constructor(private readonly ctx: ViewContext) {}

  get(viewId: string): StoredView | undefined {
    return this.views.get(viewId);
  }

  /** For test helpers: the view, or an error that lists what is open. */
  require(viewId: string): StoredView {
    const view = this.views.get(viewId);
    if (view === undefined || !view.open) {
      const open = [...this.views.values()].filter((v) => v.open).map((v) => `${v.id} (${v.type}, ${v.userId})`);
      throw new Error(`No open view ${viewId}. Open views: ${open.join(", ") || "none"}`);
    }
    return view;
  }

  byExternalId(externalId: string): StoredView | undefined {
    return [...this.views.values()].find((v) => v.open && v.definition.external_id === externalId);
  }

  stack(userId: string): StoredView[] {
    return (this.stacks.get(userId) ?? []).map((id) => this.views.get(id)).filter((v) => v !== undefined);
  }

  current(userId: string): StoredView | undefined {
    return this.stack(userId).at(-1);
  }

  home(userId: string): StoredView | undefined {
    const id = this.homes.get(userId);
    return id === undefined ? undefined : this.views.get(id);
  }

  /** views.open: a new stack. An open stack for the same person is replaced. */
  open(userId: string, definition: unknown): StoredView {
    const checked = this.checked(definition, "modal");
    for (const old of this.stack(userId)) old.open = false;
    const id = slackId("V");
    const view = this.store({ id, userId, type: "modal", checked, rootViewId: id, previousViewId: null });
    this.stacks.set(userId, [id]);
    return view;
  }

  /** views.push and response_action "push". */
  push(userId: string, definition: unknown): StoredView {
    const stack = this.stacks.get(userId) ?? [];
    const top = stack.at(-1);
    if (top === undefined) {
      throw new SlackApiError("invalid_arguments", [`no modal is open for ${userId}; views.push needs an open modal`]);
    }
    const checked = this.checked(definition, "modal");
    if (stack.length >= MAX_STACK_SIZE) {
      throw new SlackApiError("push_limit_reached", [`the stack already holds ${stack.length} views; the limit is ${MAX_STACK_SIZE}`]);
    }
    const root = stack[0] ?? top;
    const view = this.store({ id: slackId("V"), userId, type: "modal", checked, rootViewId: root, previousViewId: top });
    stack.push(view.id);
    return view;
  }

  /** views.update and response_action "update": replace in place, new hash, keep matching typed values. */
  update(view: StoredView, definition: unknown, hash?: string): StoredView {
    if (!view.open) throw new SlackApiError("not_found", [`view ${view.id} is closed`]);
    if (hash !== undefined && hash !== view.hash) {
      throw new SlackApiError("hash_conflict", [`hash ${hash} is stale; the view's hash is ${view.hash}`]);
    }
    const checked = this.checked(definition, view.type, view.id);
    view.definition = checked;
    view.blocks = objects(checked, "blocks");
    view.typed = keepTypedValues(view.typed, view.blocks);
    view.hash = viewHash(this.ctx.clock.now());
    return view;
  }

  /** views.publish: create or replace the person's App Home view. */
  publish(userId: string, definition: unknown, hash?: string): StoredView {
    const existing = this.home(userId);
    if (existing !== undefined) return this.update(existing, definition, hash);
    const checked = this.checked(definition, "home");
    const id = slackId("V");
    const view = this.store({ id, userId, type: "home", checked, rootViewId: id, previousViewId: null });
    this.homes.set(userId, id);
    return view;
  }

  /** A person closes (or submits away) the top view; answers the views that closed. */
  closeTop(userId: string): StoredView[] {
    const stack = this.stacks.get(userId) ?? [];
    const topId = stack.pop();
    if (stack.length === 0) this.stacks.delete(userId);
    const top = topId === undefined ? undefined : this.views.get(topId);
    if (top === undefined) return [];
    top.open = false;
    return [top];
  }

  /** The whole stack closes (root closed, response_action "clear", or clear_on_close). */
  clear(userId: string): StoredView[] {
    const closed = this.stack(userId).reverse();
    for (const view of closed) view.open = false;
    this.stacks.delete(userId);
    return closed;
  }

  /** A person types or picks something; `actionId` may be omitted when the block has one element. */
  setTyped(viewId: string, blockId: string, actionId: string | undefined, input: PersonInput): void {
    const view = this.require(viewId);
    const candidates = locateElements(view.blocks).filter((l) => l.blockId === blockId);
    const located = actionId === undefined ? candidates : candidates.filter((l) => l.actionId === actionId);
    const target = located[0];
    if (target === undefined || located.length > 1) {
      const known = locateElements(view.blocks).map((l) => `${l.blockId}/${l.actionId} (${String(l.element.type)})`);
      const reason = located.length > 1 ? "is ambiguous; pass the action_id" : "matches no element";
      throw new Error(`${blockId}${actionId === undefined ? "" : `/${actionId}`} ${reason} in view ${viewId}. Elements: ${known.join(", ")}`);
    }
    const value = toStateValue(target.element, input);
    let byAction = view.typed.get(target.blockId);
    if (byAction === undefined) view.typed.set(target.blockId, (byAction = new Map()));
    byAction.set(target.actionId, value);
  }

  /**
   * The view in Slack's shape. `state: "full"` is what interaction payloads carry (typed over initial
   * values); `"typed"` is what Web API responses carry (only what a person entered, `{}` after open).
   */
  toSlack(view: StoredView, state: "full" | "typed"): SlackView {
    const d = view.definition;
    const values = state === "full" ? buildStateValues(view.blocks, view.typed) : typedStateValues(view.typed);
    const slack: SlackView = {
      id: view.id,
      team_id: this.ctx.teamId,
      type: view.type,
      blocks: clone(view.blocks),
      private_metadata: str(d, "private_metadata") ?? "",
      callback_id: str(d, "callback_id") ?? "",
      external_id: str(d, "external_id") ?? "",
      state: { values },
      hash: view.hash,
      clear_on_close: d.clear_on_close === true,
      notify_on_close: d.notify_on_close === true,
      root_view_id: view.rootViewId,
      previous_view_id: view.previousViewId,
      app_id: this.ctx.appId,
      app_installed_team_id: this.ctx.teamId,
      bot_id: this.ctx.botId,
    };
    for (const key of ["title", "close", "submit"] as const) {
      const value = d[key];
      if (isObject(value)) slack[key] = clone(value);
      else if (view.type === "modal") slack[key] = null;
    }
    if (view.type === "modal") slack.submit_disabled = d.submit_disabled === true;
    return slack;
  }

  reset(): void {
    this.views.clear();
    this.stacks.clear();
    this.homes.clear();
  }

  private checked(definition: unknown, type: "modal" | "home", selfId?: string): JsonObject {
    const problems = checkView(definition);
    if (problems.length > 0) throw new SlackApiError("invalid_arguments", toSlackMessages(problems, "/view"));
    if (!isObject(definition)) throw new SlackApiError("invalid_arguments", ["view must be an object"]);
    if (definition.type !== type) {
      throw new SlackApiError("invalid_arguments", [
        `[ERROR] this method needs a ${type} view, got ${String(definition.type)} [json-pointer:/view/type]`,
      ]);
    }
    const externalId = str(definition, "external_id");
    if (externalId !== undefined && externalId !== "") {
      const holder = this.byExternalId(externalId);
      if (holder !== undefined && holder.id !== selfId) {
        throw new SlackApiError("duplicate_external_id", [`external_id ${externalId} is used by view ${holder.id}`]);
      }
    }
    const copy = clone(definition);
    copy.blocks = withGeneratedIds(objects(definition, "blocks"));
    return copy;
  }

  private store(args: {
    id: string;
    userId: string;
    type: "modal" | "home";
    checked: JsonObject;
    rootViewId: string;
    previousViewId: string | null;
  }): StoredView {
    const view: StoredView = {
      id: args.id,
      userId: args.userId,
      type: args.type,
      definition: args.checked,
      blocks: objects(args.checked, "blocks"),
      hash: viewHash(this.ctx.clock.now()),
      rootViewId: args.rootViewId,
      previousViewId: args.previousViewId,
      typed: new Map(),
      open: true,
    };
    this.views.set(view.id, view);
    return view;
  }
}
