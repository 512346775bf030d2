/**
 * Photos on reports and answers: the type is read from the bytes (never from the file name or
 * the browser's Content-Type), the image is re-encoded with sharp so nothing of the original
 * file survives (EXIF with its GPS position, XMP, IPTC, comments, trailing data), turned upright
 * by its EXIF orientation first, and scaled down to a sensible size; a small thumbnail is made
 * for the back-office list and map.
 */
import type { LocalizedText } from '@smartloket/core';
import sharp from 'sharp';

/** At most this many photos on one report, and on one answer. */
export const MAX_PHOTOS = 3;
/** The largest file accepted: phones make 3 to 8 MB. */
export const PHOTO_MAX_BYTES = 12 * 1024 * 1024;
/** Images larger than this many pixels are refused before decoding (a decompression bomb). */
export const PHOTO_MAX_PIXELS = 50_000_000;
/** The long side of the stored photo, in pixels. */
export const PHOTO_LONG_SIDE = 2048;
/** The long side of the thumbnail, in pixels. */
export const THUMBNAIL_LONG_SIDE = 320;
/** The formats accepted, as read from the content. */
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp', 'heif'] as const;

/** A photo after processing: what is stored and served. */
export interface ProcessedPhoto {
  /** The re-encoded photo (JPEG, no metadata). */
  bytes: Buffer;
  mediaType: 'image/jpeg';
  width: number;
  height: number;
  /** The back-office thumbnail (JPEG, no metadata). */
  thumbnail: Buffer;
  /** The format the upload really was, read from its bytes. */
  originalFormat: (typeof PHOTO_FORMATS)[number];
}

/** Why a photo was refused; `message` is what the person sees. */
export class PhotoError extends Error {
  constructor(
    readonly code: 'photo.too_large' | 'photo.not_image' | 'photo.too_many_pixels' | 'photo.too_many',
    readonly userMessage: LocalizedText,
  ) {
    super(userMessage.en ?? userMessage.nl);
    this.name = 'PhotoError';
  }
}

const MB = Math.round(PHOTO_MAX_BYTES / (1024 * 1024));

const TOO_LARGE: LocalizedText = {
  nl: `Deze foto is te groot. Een foto mag hoogstens ${MB} MB zijn.`,
  fr: `Cette photo est trop grande. Une photo peut faire au maximum ${MB} Mo.`,
  en: `This photo is too large. A photo may be at most ${MB} MB.`,
};
const NOT_IMAGE: LocalizedText = {
  nl: 'Dit bestand is geen foto die wij kunnen lezen. Kies een JPEG-, PNG-, WebP- of HEIC-foto.',
  fr: "Ce fichier n'est pas une photo que nous pouvons lire. Choisissez une photo JPEG, PNG, WebP ou HEIC.",
  en: 'This file is not a photo we can read. Choose a JPEG, PNG, WebP or HEIC photo.',
};
const TOO_MANY_PIXELS: LocalizedText = {
  nl: 'Deze foto heeft te veel pixels. Verklein ze en probeer opnieuw.',
  fr: 'Cette photo a trop de pixels. Réduisez-la et réessayez.',
  en: 'This photo has too many pixels. Make it smaller and try again.',
};
const TOO_MANY: LocalizedText = {
  nl: `U kunt hoogstens ${MAX_PHOTOS} foto's toevoegen.`,
  fr: `Vous pouvez ajouter au maximum ${MAX_PHOTOS} photos.`,
  en: `You can add at most ${MAX_PHOTOS} photos.`,
};

/** Refuses more than {@link MAX_PHOTOS} photos with a translated message. */
export function checkPhotoCount(count: number): void {
  if (count > MAX_PHOTOS) throw new PhotoError('photo.too_many', TOO_MANY);
}

/**
 * Checks and re-encodes one uploaded photo. Throws {@link PhotoError} for a file that is too
 * large, is not an image sharp can decode (whatever its name says), or has too many pixels.
 */
export async function processPhoto(bytes: Uint8Array): Promise<ProcessedPhoto> {
  if (bytes.byteLength > PHOTO_MAX_BYTES) throw new PhotoError('photo.too_large', TOO_LARGE);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: string | undefined;
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ format, width, height } = await sharp(input, { limitInputPixels: false }).metadata());
  } catch {
    throw new PhotoError('photo.not_image', NOT_IMAGE);
  }
  if (!format || !(PHOTO_FORMATS as readonly string[]).includes(format) || !width || !height) {
    throw new PhotoError('photo.not_image', NOT_IMAGE);
  }
  if (width * height > PHOTO_MAX_PIXELS) throw new PhotoError('photo.too_many_pixels', TOO_MANY_PIXELS);
  try {
    // No withMetadata()/keepExif(): sharp writes none of the input's EXIF, XMP or IPTC.
    const upright = sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' }).rotate();
    const { data, info } = await upright
      .clone()
      .resize({ width: PHOTO_LONG_SIDE, height: PHOTO_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await upright
      .clone()
      .resize({
        width: THUMBNAIL_LONG_SIDE,
        height: THUMBNAIL_LONG_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .jpeg({ quality: 75 })
      .toBuffer();
    return {
      bytes: data,
      mediaType: 'image/jpeg',
      width: info.width,
      height: info.height,
      thumbnail,
      originalFormat: format as ProcessedPhoto['originalFormat'],
    };
  } catch {
    // A header that parses over a body that does not (a truncated or crafted file).
    throw new PhotoError('photo.not_image', NOT_IMAGE);
  }
}
