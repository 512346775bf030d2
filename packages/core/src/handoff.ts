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
  request: PipelineRequest & { kind: RequestKind; state: RequestState };
  event: { type: HandoffTrigger; occurredAt: Date };
  /** 1 on the first try. */
  attempt: number;
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

/** Declares a hand-off. */
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
export type PluginWithHandoffs = Plugin<any> & { readonly handoffs: readonly HandoffDefinition[] };

/** A copy of `plugin` that carries `handoffs`; the runtime runs them while the plugin is enabled. */
export function withHandoffs<P extends Plugin<any>>(
  plugin: P,
  handoffs: readonly HandoffDefinition[],
): P & { readonly handoffs: readonly HandoffDefinition[] } {
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
