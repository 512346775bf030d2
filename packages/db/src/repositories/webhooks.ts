import { randomBytes } from 'node:crypto';
import type { Actor } from '@smartloket/core';
import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';
import { typeAllowed } from './api-clients.js';

/** A receiver of request lifecycle events. */
export interface WebhookSubscriptionRecord {
  id: string;
  name: string;
  url: string;
  /** The HMAC secret the receiver checks signatures with. */
  secret: string;
  /** Event types, or null for every event. */
  events: string[] | null;
  /** Request type ids or family wildcards, or null for every type. */
  requestTypes: string[] | null;
  createdBy: Actor;
  createdAt: Date;
  disabledAt: Date | null;
}

/** One attempt to deliver an event to a subscriber. */
export interface WebhookDeliveryRecord {
  id: string;
  subscriptionId: string;
  outboxId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
  at: Date;
}

export interface NewWebhookSubscription {
  name: string;
  url: string;
  events?: readonly string[] | null | undefined;
  requestTypes?: readonly string[] | null | undefined;
}

/** Webhook subscriptions and the log of their deliveries. */
export class WebhookRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Adds a subscription with a fresh random secret (`whsec_` + 256 bits). */
  async subscribe(input: NewWebhookSubscription, actor: Actor): Promise<WebhookSubscriptionRecord> {
    const id = crypto.randomUUID();
    await this.#ctx.knex('webhook_subscriptions').insert({
      id,
      name: input.name,
      url: input.url,
      secret: `whsec_${randomBytes(32).toString('base64url')}`,
      events: toJson(input.events?.length ? [...input.events] : null),
      request_types: toJson(input.requestTypes?.length ? [...input.requestTypes] : null),
      created_by: toJson({ type: actor.type, id: actor.id, name: actor.name }),
      created_at: ms(this.#ctx.clock.now()),
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<WebhookSubscriptionRecord | undefined> {
    const row = await this.#ctx.knex('webhook_subscriptions').where({ id }).first();
    return row ? this.#map(row) : undefined;
  }

  /** Every subscription, newest first. */
  async list(): Promise<WebhookSubscriptionRecord[]> {
    const rows = await this.#ctx.knex('webhook_subscriptions').orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    return rows.map((r) => this.#map(r));
  }

  /** Active subscriptions that want `eventType` about a request of `typeId`. */
  async matching(eventType: string, typeId: string): Promise<WebhookSubscriptionRecord[]> {
    const rows = await this.#ctx.knex('webhook_subscriptions').whereNull('disabled_at');
    return rows
      .map((r) => this.#map(r))
      .filter(
        (s) => (s.events === null || s.events.includes(eventType)) && typeAllowed(s.requestTypes, typeId),
      );
  }

  /** Stops deliveries to a subscription. False when unknown or already disabled. */
  async disable(id: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('webhook_subscriptions')
      .where({ id })
      .whereNull('disabled_at')
      .update({ disabled_at: ms(this.#ctx.clock.now()) });
    return num(n) > 0;
  }

  /** Records one delivery attempt. */
  async recordDelivery(d: Omit<WebhookDeliveryRecord, 'id' | 'at'>): Promise<WebhookDeliveryRecord> {
    const row = {
      id: crypto.randomUUID(),
      subscription_id: d.subscriptionId,
      outbox_id: d.outboxId,
      event_id: d.eventId,
      event_type: d.eventType,
      attempt: d.attempt,
      ok: d.ok,
      status_code: d.statusCode,
      error: d.error?.slice(0, 1000) ?? null,
      duration_ms: d.durationMs,
      at: ms(this.#ctx.clock.now()),
    };
    await this.#ctx.knex('webhook_deliveries').insert(row);
    return this.#mapDelivery(row);
  }

  /** Delivery attempts of a subscription, newest first (at most `limit`, default 100). */
  async deliveries(subscriptionId: string, limit = 100): Promise<WebhookDeliveryRecord[]> {
    const rows = await this.#ctx
      .knex('webhook_deliveries')
      .where({ subscription_id: subscriptionId })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'attempt', order: 'desc' },
      ])
      .limit(Math.max(1, Math.min(limit, 1000)));
    return rows.map((r) => this.#mapDelivery(r));
  }

  #map(r: any): WebhookSubscriptionRecord {
    return {
      id: r.id,
      name: r.name,
      url: r.url,
      secret: r.secret,
      events: fromJson<string[]>(this.#ctx.dialect, r.events),
      requestTypes: fromJson<string[]>(this.#ctx.dialect, r.request_types),
      createdBy: fromJson<Actor>(this.#ctx.dialect, r.created_by) ?? { type: 'system' },
      createdAt: toDateNN(r.created_at),
      disabledAt: toDate(r.disabled_at),
    };
  }

  #mapDelivery(r: any): WebhookDeliveryRecord {
    return {
      id: r.id,
      subscriptionId: r.subscription_id,
      outboxId: r.outbox_id,
      eventId: r.event_id,
      eventType: r.event_type,
      attempt: num(r.attempt),
      ok: Boolean(r.ok),
      statusCode: r.status_code === null || r.status_code === undefined ? null : num(r.status_code),
      error: r.error ?? null,
      durationMs: r.duration_ms === null || r.duration_ms === undefined ? null : num(r.duration_ms),
      at: toDateNN(r.at),
    };
  }
}
