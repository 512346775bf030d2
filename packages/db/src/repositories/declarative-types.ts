import { createHash } from 'node:crypto';
import type { Actor } from '@smartloket/core';
import { canonicalJson } from '../audit-chain.js';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, num, toDateNN, toJson } from '../dialect.js';
import { appendAudit } from './audit.js';

/** Where a declarative type's version came from. */
export type DeclarativeOrigin = 'file' | 'designer';

/** One stored version of a declarative request type (never changed once written). */
export interface RequestTypeVersionRecord {
  typeId: string;
  version: number;
  origin: DeclarativeOrigin;
  /** The validated definition, as JSON. */
  definition: Record<string, unknown>;
  hash: string;
  createdAt: Date;
  /** The staff member (subject) who published it; null for a file. */
  createdBy: string | null;
}

/** The designer's working copy of a type it made. */
export interface RequestTypeDesignRecord {
  typeId: string;
  /** The working copy, possibly not valid yet. */
  draft: Record<string, unknown>;
  /** The version new requests are filed under; null while unpublished. */
  publishedVersion: number | null;
  updatedAt: Date;
  updatedBy: string | null;
}

/** SHA-256 of a definition's canonical JSON. */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/**
 * Declarative request types (issue 23): the versions of every type (from files and the
 * designer) and the designer's working copies. Every designer change is audited
 * (`request_type_draft_saved`, `request_type_published`, `request_type_unpublished`) in the
 * same transaction.
 */
export class DeclarativeTypeRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Every stored version (of one type, or of all), oldest first. */
  async versions(typeId?: string): Promise<RequestTypeVersionRecord[]> {
    const q = this.#ctx.knex('request_type_versions').orderBy([
      { column: 'type_id', order: 'asc' },
      { column: 'version', order: 'asc' },
    ]);
    if (typeId) q.where({ type_id: typeId });
    return (await q).map((r) => this.#mapVersion(r));
  }

  /** One version, or undefined. */
  async version(typeId: string, version: number): Promise<RequestTypeVersionRecord | undefined> {
    const r = await this.#ctx.knex('request_type_versions').where({ type_id: typeId, version }).first();
    return r ? this.#mapVersion(r) : undefined;
  }

  /**
   * Stores a definition as the type's next version, unless the newest version has the same
   * content (then that one is returned with `created: false`). A designer publication (with an
   * actor) is audited as `request_type_published` and becomes the design's published version.
   */
  async recordVersion(input: {
    typeId: string;
    origin: DeclarativeOrigin;
    definition: Record<string, unknown>;
    actor?: Actor | undefined;
  }): Promise<{ record: RequestTypeVersionRecord; created: boolean }> {
    const hash = definitionHash(input.definition);
    return inTx(this.#ctx, async (k) => {
      const latest = await k('request_type_versions')
        .where({ type_id: input.typeId })
        .orderBy('version', 'desc')
        .first();
      let record: RequestTypeVersionRecord;
      let created = false;
      if (latest && latest.hash === hash) {
        record = this.#mapVersion(latest);
      } else {
        const row = {
          type_id: input.typeId,
          version: latest ? num(latest.version) + 1 : 1,
          origin: input.origin,
          definition: toJson(input.definition),
          hash,
          created_at: ms(this.#ctx.clock.now()),
          created_by: input.actor?.id ?? null,
        };
        await k('request_type_versions').insert(row);
        record = {
          typeId: row.type_id,
          version: row.version,
          origin: input.origin,
          definition: input.definition,
          hash,
          createdAt: this.#ctx.clock.now(),
          createdBy: row.created_by,
        };
        created = true;
      }
      if (input.origin === 'designer') {
        await k('request_type_designs')
          .where({ type_id: input.typeId })
          .update({
            published_version: record.version,
            updated_at: ms(this.#ctx.clock.now()),
            updated_by: input.actor?.id ?? null,
          });
        if (input.actor) {
          await appendAudit(this.#ctx, k, {
            category: 'request_type_published',
            actor: input.actor,
            data: { typeId: input.typeId, version: record.version, newVersion: created },
          });
        }
      }
      return { record, created };
    });
  }

  /** Every design, by type id. */
  async designs(): Promise<RequestTypeDesignRecord[]> {
    const rows = await this.#ctx.knex('request_type_designs').orderBy('type_id').limit(1000);
    return rows.map((r) => this.#mapDesign(r));
  }

  /** One design, or undefined. */
  async design(typeId: string): Promise<RequestTypeDesignRecord | undefined> {
    const r = await this.#ctx.knex('request_type_designs').where({ type_id: typeId }).first();
    return r ? this.#mapDesign(r) : undefined;
  }

  /**
   * Saves the designer's working copy (creating the design), audited as
   * `request_type_draft_saved` with what changed (`change`, e.g. `field_added`).
   */
  async saveDraft(
    typeId: string,
    draft: Record<string, unknown>,
    actor: Actor,
    change: string,
  ): Promise<void> {
    await inTx(this.#ctx, async (k) => {
      const now = ms(this.#ctx.clock.now());
      const existing = await k('request_type_designs').where({ type_id: typeId }).first();
      if (existing) {
        await k('request_type_designs')
          .where({ type_id: typeId })
          .update({ draft: toJson(draft), updated_at: now, updated_by: actor.id ?? null });
      } else {
        await k('request_type_designs').insert({
          type_id: typeId,
          draft: toJson(draft),
          published_version: null,
          updated_at: now,
          updated_by: actor.id ?? null,
        });
      }
      await appendAudit(this.#ctx, k, {
        category: 'request_type_draft_saved',
        actor,
        data: { typeId, change: change.slice(0, 60) },
      });
    });
  }

  /** Unpublishes a design (no new requests; filed ones go on), audited as `request_type_unpublished`. */
  async unpublish(typeId: string, actor: Actor): Promise<void> {
    await inTx(this.#ctx, async (k) => {
      await k('request_type_designs')
        .where({ type_id: typeId })
        .update({
          published_version: null,
          updated_at: ms(this.#ctx.clock.now()),
          updated_by: actor.id ?? null,
        });
      await appendAudit(this.#ctx, k, { category: 'request_type_unpublished', actor, data: { typeId } });
    });
  }

  #mapVersion(r: any): RequestTypeVersionRecord {
    return {
      typeId: r.type_id,
      version: num(r.version),
      origin: r.origin,
      definition: fromJson<Record<string, unknown>>(this.#ctx.dialect, r.definition) ?? {},
      hash: r.hash,
      createdAt: toDateNN(r.created_at),
      createdBy: r.created_by ?? null,
    };
  }

  #mapDesign(r: any): RequestTypeDesignRecord {
    return {
      typeId: r.type_id,
      draft: fromJson<Record<string, unknown>>(this.#ctx.dialect, r.draft) ?? {},
      publishedVersion:
        r.published_version === null || r.published_version === undefined ? null : num(r.published_version),
      updatedAt: toDateNN(r.updated_at),
      updatedBy: r.updated_by ?? null,
    };
  }
}
