import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPhotoCount, PHOTO_MAX_BYTES, PhotoError, processPhoto, THUMBNAIL_LONG_SIDE } from './photos.js';

/** A phone-like JPEG: EXIF with the maker and a GPS position, turned by its orientation tag. */
async function phoneJpeg(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#d08020' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Camera 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '50/1 50/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '4/1 21/1 0/1',
      },
    })
    .toBuffer();
}

/** The JPEG markers of a file: APP1 (0xFFE1) holds EXIF and XMP. */
function jpegSegments(bytes: Buffer): number[] {
  const markers: number[] = [];
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1]!;
    markers.push(marker);
    if (marker === 0xda) break; // start of scan: image data follows
    i += 2 + bytes.readUInt16BE(i + 2);
  }
  return markers;
}

describe('photos', () => {
  it('re-encodes a phone photo without EXIF or GPS, upright, scaled down, with a thumbnail', async () => {
    const input = await phoneJpeg();
    const before = await sharp(input).metadata();
    expect(before.exif?.toString('latin1')).toContain('TestPhone');
    expect(jpegSegments(input)).toContain(0xe1);

    const photo = await processPhoto(input);
    expect(photo.mediaType).toBe('image/jpeg');
    expect(photo.originalFormat).toBe('jpeg');
    const after = await sharp(photo.bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(jpegSegments(photo.bytes)).not.toContain(0xe1);
    expect(photo.bytes.includes(Buffer.from('TestPhone'))).toBe(false);
    // Orientation 6 (turned 90°): the landscape sensor image is stored upright, portrait.
    expect([photo.width, photo.height]).toEqual([1365, 2048]);
    const thumb = await sharp(photo.thumbnail).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(THUMBNAIL_LONG_SIDE);
    expect(thumb.exif).toBeUndefined();
  });

  it('reads the type from the content: a PNG named anything is accepted, a text file named .jpg is not', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#00f8' } })
      .png()
      .toBuffer();
    const photo = await processPhoto(png);
    expect(photo.originalFormat).toBe('png');
    expect([photo.width, photo.height]).toEqual([40, 30]);

    const err = await processPhoto(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')).catch((e) => e);
    expect(err).toBeInstanceOf(PhotoError);
    expect(err.code).toBe('photo.not_image');
    expect(err.userMessage.nl).toContain('geen foto');
    expect(err.userMessage.fr).toBeTruthy();
  });

  it('refuses a GIF, a truncated JPEG, a file over the size limit and a decompression bomb', async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    await expect(processPhoto(gif)).rejects.toMatchObject({ code: 'photo.not_image' });

    const jpeg = await phoneJpeg(400, 300);
    await expect(processPhoto(jpeg.subarray(0, 300))).rejects.toMatchObject({ code: 'photo.not_image' });

    await expect(processPhoto(new Uint8Array(PHOTO_MAX_BYTES + 1))).rejects.toMatchObject({
      code: 'photo.too_large',
    });

    // A PNG header claiming 20000 x 20000 pixels: refused from its header, never decoded.
    const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    bomb.writeUInt32BE(20000, 16); // IHDR width
    bomb.writeUInt32BE(20000, 20); // IHDR height
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29); // IHDR CRC over type and data
    await expect(processPhoto(bomb)).rejects.toMatchObject({ code: 'photo.too_many_pixels' });
  });

  it('allows at most three photos', () => {
    expect(() => checkPhotoCount(3)).not.toThrow();
    expect(() => checkPhotoCount(4)).toThrow(PhotoError);
  });
});
