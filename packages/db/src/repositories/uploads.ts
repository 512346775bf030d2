import { createHash } from 'node:crypto';
import type { RepoContext } from '../context.js';
import { ms, num, toBuffer, toDate, toDateNN } from '../dialect.js';

/** A file a requester uploaded with a form (metadata). */
export interface UploadRecord {
  id: string;
  requestId: string | null;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  /** Removed at this instant instead of after the upload retention term. */
  purgeAt: Date | null;
}

const META = ['id', 'request_id', 'file_name', 'media_type', 'size', 'sha256', 'created_at', 'purge_at'];

/** Uploaded files, before and after they are attached to a request. */
export class UploadRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Stores an upload; size and SHA-256 are computed. */
  async insert(upload: {
    requestId?: string | null;
    fileName: string;
    mediaType: string;
    bytes: Uint8Array;
    purgeAt?: Date | null;
  }): Promise<UploadRecord> {
    const bytes = Buffer.from(upload.bytes.buffer, upload.bytes.byteOffset, upload.bytes.byteLength);
    const id = crypto.randomUUID();
    await this.#ctx.knex('uploads').insert({
      id,
      request_id: upload.requestId ?? null,
      file_name: upload.fileName,
      media_type: upload.mediaType,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
      created_at: ms(this.#ctx.clock.now()),
      purge_at: ms(upload.purgeAt),
    });
    return (await this.get(id))!;
  }

  /** The upload's metadata, or undefined. */
  async get(id: string): Promise<UploadRecord | undefined> {
    const row = await this.#ctx.knex('uploads').where({ id }).first(META);
    return row ? this.#map(row) : undefined;
  }

  /** Uploads attached to a request. */
  async listByRequest(requestId: string): Promise<UploadRecord[]> {
    const rows = await this.#ctx
      .knex('uploads')
      .where({ request_id: requestId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select(META);
    return rows.map((r) => this.#map(r));
  }

  /** The bytes, or undefined. */
  async readBytes(id: string): Promise<Buffer | undefined> {
    const row = await this.#ctx.knex('uploads').where({ id }).first('bytes');
    return toBuffer(row?.bytes) ?? undefined;
  }

  /**
   * Attaches an unattached upload to a request. False when unknown or already attached. The
   * upload's own purge date (set for a file not yet attached) is cleared: from now on it is kept
   * as long as the request's form data.
   */
  async attach(id: string, requestId: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('uploads')
      .where({ id })
      .whereNull('request_id')
      .update({ request_id: requestId, purge_at: null });
    return num(n) > 0;
  }

  /**
   * Replaces an upload's content (a photo re-encoded without its metadata, decision 1501): name,
   * type, size and SHA-256 follow the new bytes; nothing of the original is kept.
   */
  async replaceBytes(id: string, content: { fileName: string; mediaType: string; bytes: Uint8Array }) {
    const bytes = Buffer.from(content.bytes.buffer, content.bytes.byteOffset, content.bytes.byteLength);
    const n = await this.#ctx
      .knex('uploads')
      .where({ id })
      .update({
        file_name: content.fileName,
        media_type: content.mediaType,
        size: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
      });
    return num(n) > 0;
  }

  /** Removes an upload. */
  async delete(id: string): Promise<boolean> {
    return num(await this.#ctx.knex('uploads').where({ id }).delete()) > 0;
  }

  #map(r: any): UploadRecord {
    return {
      id: r.id,
      requestId: r.request_id ?? null,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: num(r.size),
      sha256: r.sha256,
      createdAt: toDateNN(r.created_at),
      purgeAt: toDate(r.purge_at),
    };
  }
}
