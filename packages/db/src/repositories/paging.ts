/** A page request for keyset-paged lists. */
export interface PageRequest {
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: string | undefined;
}

/** One page; `next` is absent on the last page. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** Encodes a keyset position (timestamp ms, id) as an opaque URL-safe cursor. */
export function encodeCursor(t: number, id: string): string {
  return Buffer.from(JSON.stringify([t, id])).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; throws TypeError on anything else. */
export function decodeCursor(cursor: string): { t: number; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { t: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new TypeError('invalid page cursor');
}
