import { type Actor, type ReportCategoryData, TERMINAL_STATES } from '@smartloket/core';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, num, toBuffer, toDate, toDateNN, toJson } from '../dialect.js';
import { appendAudit } from './audit.js';

/** A standard answer of a report category. */
export interface StandardAnswerRecord {
  id: string;
  title: string;
  text: { nl: string; fr: string; en: string };
}

/** A report category (main or sub) as stored (core's {@link ReportCategoryData}, decision 1501). */
export interface ReportCategoryRecord extends ReportCategoryData {
  standardAnswers: StandardAnswerRecord[];
  position: number;
  updatedAt: Date;
}

/** What {@link MeldingenRepository.saveCategory} stores (validated by the plugin's schema first). */
export type ReportCategoryInput = Omit<ReportCategoryRecord, 'updatedAt' | 'position'> & {
  position?: number;
};

/** Where a report is, and what follows from its category. */
export interface ReportPlaceRecord {
  requestId: string;
  categoryId: string;
  subCategoryId: string | null;
  /** Lambert 72, metres. */
  x: number;
  y: number;
  /** WGS84, degrees. */
  lat: number;
  lon: number;
  address: string | null;
  teamId: string | null;
  closedAt: Date | null;
  reopenedCount: number;
  mergedInto: string | null;
  createdAt: Date;
}

/** A report with its request's reference and state, for the map, the list and the nearby search. */
export interface ReportListItem extends ReportPlaceRecord {
  reference: string;
  typeId: string;
  state: string;
  /** When the request is expected to be handled (the type's or category's handling time), if known. */
  dueAt: Date | null;
}

/** Filters of the back-office list and map. */
export interface ReportListFilter {
  categoryId?: string | undefined;
  teamId?: string | undefined;
  /** Only these request states. */
  states?: readonly string[] | undefined;
  /** Only open reports (not in a terminal state). */
  openOnly?: boolean | undefined;
  /** A Lambert 72 box (the area on the map, or the nearby search's box). */
  box?: { minX: number; maxX: number; minY: number; maxY: number } | undefined;
  /** Leave out merged duplicates (default true). */
  withoutMerged?: boolean | undefined;
  /** Only the reports merged into this one. */
  mergedInto?: string | undefined;
  /** At most this many, newest first (default 500, at most 2000). */
  limit?: number | undefined;
}

/** A photo's metadata (the bytes are read one by one). */
export interface ReportPhotoRecord {
  id: string;
  requestId: string;
  eventId: string | null;
  mediaType: string;
  width: number;
  height: number;
  createdAt: Date;
}

/** Someone who follows a report to get its status mails. */
export interface ReportFollowerRecord {
  requestId: string;
  followerKey: string;
  email: string;
  locale: string;
  createdAt: Date;
}

const NAME = (r: any) => ({ nl: r.name_nl, fr: r.name_fr, en: r.name_en });

/**
 * Reports about public space (meldingen, decision 1500): categories managed in the back-office
 * (changes audited as `report_category_saved` / `report_category_removed`), the place of each
 * report, its photos and its followers.
 */
export class MeldingenRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Every category, main and sub, in list order (position, then the Dutch name). */
  async categories(): Promise<ReportCategoryRecord[]> {
    const rows = await this.#ctx
      .knex('report_categories')
      .orderBy([
        { column: 'position', order: 'asc' },
        { column: 'name_nl', order: 'asc' },
      ])
      .limit(1000);
    return rows.map((r) => this.#mapCategory(r));
  }

  /** Creates or replaces a category; audited. */
  async saveCategory(input: ReportCategoryInput, actor: Actor): Promise<ReportCategoryRecord> {
    return inTx(this.#ctx, async (k) => {
      const existing = await k('report_categories').where({ id: input.id }).first();
      const position =
        input.position ??
        existing?.position ??
        num((await k('report_categories').max({ m: 'position' }).first())?.m ?? 0) + 1;
      const row = {
        id: input.id,
        parent_id: input.parentId,
        name_nl: input.name.nl,
        name_fr: input.name.fr,
        name_en: input.name.en,
        team_id: input.teamId,
        handling_days: input.handlingDays,
        anonymous_allowed: input.anonymousAllowed,
        standard_answers: toJson(input.standardAnswers),
        active: input.active,
        position,
        updated_at: ms(this.#ctx.clock.now())!,
      };
      if (existing) await k('report_categories').where({ id: input.id }).update(row);
      else await k('report_categories').insert(row);
      await appendAudit(this.#ctx, k, {
        category: 'report_category_saved',
        actor,
        data: { categoryId: input.id, parentId: input.parentId, created: !existing },
      });
      return this.#mapCategory(row);
    });
  }

  /** Removes a category (its sub-categories go with it); false when there was none. Existing reports keep its id. */
  async removeCategory(id: string, actor: Actor): Promise<boolean> {
    return inTx(this.#ctx, async (k) => {
      const found = await k('report_categories').where({ id }).first();
      if (!found) return false;
      await k('report_categories').where({ parent_id: id }).delete();
      await k('report_categories').where({ id }).delete();
      await appendAudit(this.#ctx, k, {
        category: 'report_category_removed',
        actor,
        data: { categoryId: id },
      });
      return true;
    });
  }

  /** Stores the place of a new report (in the transaction that files it, when there is one). */
  async savePlace(place: Omit<ReportPlaceRecord, 'closedAt' | 'reopenedCount' | 'mergedInto' | 'createdAt'>) {
    await this.#ctx.knex('report_places').insert({
      request_id: place.requestId,
      category_id: place.categoryId,
      sub_category_id: place.subCategoryId,
      x: place.x,
      y: place.y,
      lat: place.lat,
      lon: place.lon,
      address: place.address?.slice(0, 300) ?? null,
      team_id: place.teamId,
      created_at: ms(this.#ctx.clock.now())!,
    });
  }

  /** The place of one report, or undefined. */
  async place(requestId: string): Promise<ReportPlaceRecord | undefined> {
    const r = await this.#ctx.knex('report_places').where({ request_id: requestId }).first();
    return r ? this.#mapPlace(r) : undefined;
  }

  /** Reports with their reference and state, newest first, filtered for the back-office or the nearby search. */
  async list(filter: ReportListFilter = {}): Promise<ReportListItem[]> {
    const q = this.#ctx
      .knex('report_places as p')
      .join('requests as r', 'r.id', 'p.request_id')
      .select('p.*', 'r.reference', 'r.type_id', 'r.state', 'r.due_at');
    if (filter.categoryId) q.where('p.category_id', filter.categoryId);
    if (filter.teamId) q.where('p.team_id', filter.teamId);
    if (filter.states && filter.states.length > 0) q.whereIn('r.state', [...filter.states]);
    if (filter.openOnly) q.whereNotIn('r.state', [...TERMINAL_STATES]);
    if (filter.mergedInto) q.where('p.merged_into', filter.mergedInto);
    else if (filter.withoutMerged ?? true) q.whereNull('p.merged_into');
    if (filter.box) {
      q.whereBetween('p.x', [filter.box.minX, filter.box.maxX]).whereBetween('p.y', [
        filter.box.minY,
        filter.box.maxY,
      ]);
    }
    const rows = await q
      .orderBy([
        { column: 'p.created_at', order: 'desc' },
        { column: 'p.request_id', order: 'desc' },
      ])
      .limit(Math.min(Math.max(filter.limit ?? 500, 1), 2000));
    return rows.map((r) => ({
      ...this.#mapPlace(r),
      reference: r.reference,
      typeId: r.type_id,
      state: r.state,
      dueAt: toDate(r.due_at),
    }));
  }

  /** Marks a report closed (resolved) at the clock's time, for the reopen window. */
  async markClosed(requestId: string): Promise<void> {
    await this.#ctx
      .knex('report_places')
      .where({ request_id: requestId })
      .update({ closed_at: ms(this.#ctx.clock.now()) });
  }

  /** Records a reopening: counts it and clears the closing time. False when the report has no place. */
  async markReopened(requestId: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('report_places')
      .where({ request_id: requestId })
      .update({ closed_at: null, reopened_count: this.#ctx.knex.raw('reopened_count + 1') });
    return n > 0;
  }

  /** Merges a duplicate into another report; audited. False when either is not a report with a place. */
  async merge(duplicateId: string, intoId: string, actor: Actor): Promise<boolean> {
    if (duplicateId === intoId) return false;
    return inTx(this.#ctx, async (k) => {
      const into = await k('report_places').where({ request_id: intoId }).first();
      if (!into || into.merged_into) return false;
      const n = await k('report_places')
        .where({ request_id: duplicateId })
        .whereNull('merged_into')
        .update({ merged_into: intoId });
      if (n === 0) return false;
      await appendAudit(this.#ctx, k, {
        category: 'report_merged',
        actor,
        requestId: duplicateId,
        relatedId: intoId,
        data: {},
      });
      return true;
    });
  }

  /** Stores a processed photo. */
  async addPhoto(photo: {
    requestId: string;
    eventId?: string | null;
    mediaType: string;
    width: number;
    height: number;
    bytes: Uint8Array;
    thumbnail: Uint8Array;
  }): Promise<ReportPhotoRecord> {
    const row = {
      id: crypto.randomUUID(),
      request_id: photo.requestId,
      event_id: photo.eventId ?? null,
      media_type: photo.mediaType,
      width: photo.width,
      height: photo.height,
      bytes: Buffer.from(photo.bytes),
      thumbnail: Buffer.from(photo.thumbnail),
      created_at: ms(this.#ctx.clock.now())!,
    };
    await this.#ctx.knex('report_photos').insert(row);
    return this.#mapPhoto(row);
  }

  /** The photos of a report (the reporter's first, then the answers'), without their bytes. */
  async photos(requestId: string): Promise<ReportPhotoRecord[]> {
    const rows = await this.#ctx
      .knex('report_photos')
      .select('id', 'request_id', 'event_id', 'media_type', 'width', 'height', 'created_at')
      .where({ request_id: requestId })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(100);
    return rows.map((r) => this.#mapPhoto(r));
  }

  /** One photo's bytes (or its thumbnail), only when it belongs to `requestId`. */
  async photoBytes(
    requestId: string,
    photoId: string,
    which: 'photo' | 'thumbnail' = 'photo',
  ): Promise<{ bytes: Buffer; mediaType: string } | undefined> {
    const r = await this.#ctx
      .knex('report_photos')
      .select(which === 'photo' ? 'bytes' : 'thumbnail', 'media_type')
      .where({ id: photoId, request_id: requestId })
      .first();
    if (!r) return undefined;
    return { bytes: toBuffer(which === 'photo' ? r.bytes : r.thumbnail)!, mediaType: r.media_type };
  }

  /** Adds a follower (idempotent per follower key); true when new. */
  async follow(f: {
    requestId: string;
    followerKey: string;
    email: string;
    locale: string;
  }): Promise<boolean> {
    const rows = await this.#ctx
      .knex('report_followers')
      .insert({
        request_id: f.requestId,
        follower_key: f.followerKey.slice(0, 200),
        email: f.email.slice(0, 320),
        locale: f.locale.slice(0, 5),
        created_at: ms(this.#ctx.clock.now())!,
      })
      .onConflict(['request_id', 'follower_key'])
      .ignore()
      .returning('request_id');
    return rows.length > 0;
  }

  /** Removes a follower; true when there was one. */
  async unfollow(requestId: string, followerKey: string): Promise<boolean> {
    return (
      (await this.#ctx
        .knex('report_followers')
        .where({ request_id: requestId, follower_key: followerKey })
        .delete()) > 0
    );
  }

  /** The followers of a report, oldest first. */
  async followers(requestId: string): Promise<ReportFollowerRecord[]> {
    const rows = await this.#ctx
      .knex('report_followers')
      .where({ request_id: requestId })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'follower_key', order: 'asc' },
      ])
      .limit(1000);
    return rows.map((r) => ({
      requestId: r.request_id,
      followerKey: r.follower_key,
      email: r.email,
      locale: r.locale,
      createdAt: toDateNN(r.created_at),
    }));
  }

  #mapCategory(r: any): ReportCategoryRecord {
    return {
      id: r.id,
      parentId: r.parent_id ?? null,
      name: NAME(r),
      teamId: r.team_id ?? null,
      handlingDays: r.handling_days === null || r.handling_days === undefined ? null : num(r.handling_days),
      anonymousAllowed: Boolean(r.anonymous_allowed),
      standardAnswers: fromJson<StandardAnswerRecord[]>(this.#ctx.dialect, r.standard_answers) ?? [],
      active: Boolean(r.active),
      position: num(r.position),
      updatedAt: toDateNN(r.updated_at),
    };
  }

  #mapPlace(r: any): ReportPlaceRecord {
    return {
      requestId: r.request_id,
      categoryId: r.category_id,
      subCategoryId: r.sub_category_id ?? null,
      x: num(r.x),
      y: num(r.y),
      lat: num(r.lat),
      lon: num(r.lon),
      address: r.address ?? null,
      teamId: r.team_id ?? null,
      closedAt: toDate(r.closed_at),
      reopenedCount: num(r.reopened_count ?? 0),
      mergedInto: r.merged_into ?? null,
      createdAt: toDateNN(r.created_at),
    };
  }

  #mapPhoto(r: any): ReportPhotoRecord {
    return {
      id: r.id,
      requestId: r.request_id,
      eventId: r.event_id ?? null,
      mediaType: r.media_type,
      width: num(r.width),
      height: num(r.height),
      createdAt: toDateNN(r.created_at),
    };
  }
}
