import { SmartLoketError } from './errors.js';
import type { PipelineRequest } from './extension-points.js';
import type { LocalizedText } from './i18n.js';
import type { RequestKind, RequestState } from './lifecycle.js';
import type { Plugin } from './plugin.js';
import type { ResolvedDeps, ServiceRef } from './services.js';

/**
 * The hand-off extension point: forward a request or report to an external system (a
 * case-management API, a ticketing system) when it reaches a lifecycle event. The runtime runs
 * each hand-off as its own job, enqueued in the transaction of the change, retried with backoff;
 * the outcome is recorded as a request event (`handoff` or `handoff_failed`).
 */

/** Lifecycle events a hand-off can follow (the webhook event types). */
export type HandoffTrigger =
  | 'request.submitted'
  | 'request.in_review'
  | 'request.waiting_requester'
  | 'request.approved'
  | 'request.delivered'
  | 'request.delivered_at_counter'
  | 'request.handled_outside'
  | 'request.in_progress'
  | 'request.resolved'
  | 'request.refused'
  | 'request.denied'
  | 'request.cancelled'
  | 'request.failed'
  | 'request.expired';

/** What a hand-off gets. */
export interface HandoffContext {
  /** The request as extension points see it (form values included: the external system needs them). */
  request: PipelineRequest & {
    /** Certificate or report. */
    kind: RequestKind;
    /** The state the request is in now (it may have moved on since the event). */
    state: RequestState;
  };
  /** The lifecycle event that started this hand-off. */
  event: {
    /** The event type (one of the hand-off's `on`). */
    type: HandoffTrigger;
    /** When the event happened. */
    occurredAt: Date;
  };
  /** 1 on the first try. */
  attempt: number;
  /** Aborted when the worker stops or the try times out: pass it to `fetch`. */
  signal: AbortSignal;
}

/** What the external system answered (recorded on the request's event). */
export interface HandoffResult {
  /** The case or ticket id in the external system. */
  externalId?: string | undefined;
}

/** A hand-off, made by {@link defineHandoff}. */
export interface HandoffDefinition<D extends Record<string, ServiceRef<unknown>> = any> {
  /** Namespaced id, e.g. `melding.case-system`. */
  id: string;
  /** A name for the modules screen and the request's history. */
  title?: LocalizedText | undefined;
  /** Request type ids or family wildcards (`bevolking.*`, `*`). */
  requestTypes: readonly string[];
  /** Events that start it. */
  on: readonly HandoffTrigger[];
  /** Services it needs (resolved by the kernel). */
  deps?: D | undefined;
  /** Tries before it is given up [8]. Backoff is the worker's exponential backoff. */
  maxAttempts?: number | undefined;
  /**
   * Forwards the request. Throwing retries later; throwing {@link HandoffRejected} stops at once
   * (the external system refused it for good). Must be idempotent per request and event: a
   * retry after a lost answer calls it again.
   */
  forward(ctx: HandoffContext, deps: ResolvedDeps<D>): Promise<HandoffResult | undefined>;
}

/**
 * Declares a hand-off; attach it to a plugin with {@link withHandoffs}.
 *
 * @example
 * ```ts
 * const toCaseSystem = defineHandoff({
 *   id: 'melding.case-system',
 *   requestTypes: ['melding.*'],
 *   on: ['request.submitted'],
 *   async forward(ctx) {
 *     const res = await fetch(CASES_URL, { method: 'POST', body: JSON.stringify(ctx.request.form), signal: ctx.signal });
 *     if (res.status === 422) throw new HandoffRejected('case system refused the report');
 *     return { externalId: (await res.json()).id };
 *   },
 * });
 * ```
 * @throws TypeError when the id is not namespaced.
 */
export function defineHandoff<D extends Record<string, ServiceRef<unknown>> = {}>(
  def: HandoffDefinition<D>,
): HandoffDefinition<D> {
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(def.id))
    throw new TypeError(`defineHandoff: id "${def.id}" must be namespaced, e.g. "myplugin.case-system"`);
  return Object.freeze({ ...def });
}

/** Thrown by a hand-off when the external system refused for good: no further tries. */
export class HandoffRejected extends SmartLoketError {
  constructor(message: string) {
    super('HANDOFF_REJECTED', message);
  }
}

/** A plugin that carries hand-offs (see {@link withHandoffs}). */
export type PluginWithHandoffs = Plugin<any> & {
  /** The plugin's hand-offs. */
  readonly handoffs: readonly HandoffDefinition[];
};

/** A copy of `plugin` that carries `handoffs`; the runtime runs them while the plugin is enabled. */
export function withHandoffs<P extends Plugin<any>>(
  plugin: P,
  handoffs: readonly HandoffDefinition[],
): P & {
  /** The hand-offs given. */
  readonly handoffs: readonly HandoffDefinition[];
} {
  return Object.freeze({ ...plugin, handoffs: [...handoffs] });
}

/** The hand-offs a plugin carries (none for a plain plugin). */
export function handoffsOf(plugin: Plugin<any>): readonly HandoffDefinition[] {
  const h = (plugin as Partial<PluginWithHandoffs>).handoffs;
  return Array.isArray(h) ? h : [];
}

/** True when `typeId` matches `pattern`: the id itself, its family (`bevolking.*`) or `*`. */
export function typeMatches(pattern: string, typeId: string): boolean {
  return (
    pattern === '*' ||
    pattern === typeId ||
    (pattern.endsWith('.*') && typeId.startsWith(pattern.slice(0, -1)))
  );
}
