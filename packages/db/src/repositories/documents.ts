import { createHash } from 'node:crypto';
import type { RepoContext } from '../context.js';
import { ms, num, toBuffer, toDate, toDateNN } from '../dialect.js';

/** Metadata of a stored document (the bytes are read separately). */
export interface DocumentRecord {
  id: string;
  requestId: string;
  /** Idempotency key of the step that stored it: one document per key. */
  stepKey: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  verificationCode: string | null;
  sealedBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  /** Set when retention removed the bytes; the metadata stays. */
  purgedAt: Date | null;
  withdrawnAt: Date | null;
}

/** What {@link DocumentRepository.insert} needs. `size` and `sha256` are computed when absent. */
export interface NewDocument {
  id?: string;
  requestId: string;
  stepKey: string;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  sha256?: string;
  verificationCode?: string | null | undefined;
  sealedBy?: string | null | undefined;
  expiresAt?: Date | null | undefined;
}

const META = [
  'id',
  'request_id',
  'step_key',
  'file_name',
  'media_type',
  'size',
  'sha256',
  'verification_code',
  'sealed_by',
  'created_at',
  'expires_at',
  'purged_at',
  'withdrawn_at',
];

/** Delivered documents: metadata, bytes, verification codes. */
export class DocumentRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * Stores a document. Idempotent by `stepKey`: when a document with the same key exists, it
   * is returned unchanged and nothing is written.
   */
  async insert(doc: NewDocument): Promise<DocumentRecord> {
    const now = this.#ctx.clock.now();
    const bytes = Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.byteLength);
    const rows = await this.#ctx
      .knex('documents')
      .insert({
        id: doc.id ?? crypto.randomUUID(),
        request_id: doc.requestId,
        step_key: doc.stepKey,
        file_name: doc.fileName,
        media_type: doc.mediaType,
        size: bytes.byteLength,
        sha256: doc.sha256 ?? createHash('sha256').update(bytes).digest('hex'),
        bytes,
        verification_code: doc.verificationCode ?? null,
        sealed_by: doc.sealedBy ?? null,
        created_at: ms(now),
        expires_at: ms(doc.expiresAt),
      })
      .onConflict('step_key')
      .ignore()
      .returning(META);
    if (rows.length === 1) return this.#map(rows[0]);
    const existing = await this.#ctx.knex('documents').where({ step_key: doc.stepKey }).first(META);
    return this.#map(existing);
  }

  /** The document's metadata, or undefined. */
  async get(id: string): Promise<DocumentRecord | undefined> {
    const row = await this.#ctx.knex('documents').where({ id }).first(META);
    return row ? this.#map(row) : undefined;
  }

  /** Documents of a request, oldest first. */
  async listByRequest(requestId: string): Promise<DocumentRecord[]> {
    const rows = await this.#ctx
      .knex('documents')
      .where({ request_id: requestId })
      .orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select(META);
    return rows.map((r) => this.#map(r));
  }

  /** The document with this verification code, or undefined. */
  async getByVerificationCode(code: string): Promise<DocumentRecord | undefined> {
    const row = await this.#ctx.knex('documents').where({ verification_code: code }).first(META);
    return row ? this.#map(row) : undefined;
  }

  /** The bytes, or undefined when the document is unknown or its bytes were purged. */
  async readBytes(id: string): Promise<Buffer | undefined> {
    const row = await this.#ctx.knex('documents').where({ id }).first('bytes');
    return toBuffer(row?.bytes) ?? undefined;
  }

  /** Removes the bytes (metadata stays). Returns false when already purged or unknown. */
  async purgeBytes(id: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('documents')
      .where({ id })
      .whereNotNull('bytes')
      .update({ bytes: null, purged_at: ms(this.#ctx.clock.now()) });
    return num(n) > 0;
  }

  /** Marks a document withdrawn (it no longer verifies). Returns false when already withdrawn. */
  async withdraw(id: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('documents')
      .where({ id })
      .whereNull('withdrawn_at')
      .update({ withdrawn_at: ms(this.#ctx.clock.now()) });
    return num(n) > 0;
  }

  #map(r: any): DocumentRecord {
    return {
      id: r.id,
      requestId: r.request_id,
      stepKey: r.step_key,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: num(r.size),
      sha256: r.sha256,
      verificationCode: r.verification_code ?? null,
      sealedBy: r.sealed_by ?? null,
      createdAt: toDateNN(r.created_at),
      expiresAt: toDate(r.expires_at),
      purgedAt: toDate(r.purged_at),
      withdrawnAt: toDate(r.withdrawn_at),
    };
  }
}
