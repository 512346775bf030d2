import type { Locale, LocalizedText, Municipality } from '@smartloket/core';

/** A text given once, or per language (picked with core's `localize`). */
export type Text = string | LocalizedText;

/** A section heading. */
export interface HeadingBlock {
  type: 'heading';
  text: Text;
}

/** A paragraph, wrapped to the page width. Newlines start new lines. */
export interface ParagraphBlock {
  type: 'paragraph';
  text: Text;
  /** Font size in points (default 10). */
  size?: number;
  bold?: boolean;
}

/** Label/value pairs in two columns. */
export interface KeyValueBlock {
  type: 'keyValue';
  items: Array<{ key: Text; value: Text }>;
  /** Share of the width taken by the labels (default 0.35). */
  keyWidth?: number;
}

/** A table; its header rows are repeated on every page the table spans. */
export interface TableBlock {
  type: 'table';
  /** Header rows (usually one). */
  header: Text[][];
  rows: Text[][];
  /** Relative column widths (default: equal). */
  columnWidths?: number[];
}

/** Vertical space. */
export interface SpacerBlock {
  type: 'spacer';
  /** Points (default 12). */
  height?: number;
}

export type Block = HeadingBlock | ParagraphBlock | KeyValueBlock | TableBlock | SpacerBlock;

/** Everything a certificate shows. */
export interface CertificateSpec {
  municipality: Municipality;
  /** Document language; also written into the PDF's /Lang. */
  locale: Locale;
  title: Text;
  blocks: Block[];
  issuedAt: Date;
  /** Printed in the footer with a QR code pointing to `url`. */
  verification?: { code: string; url: string } | undefined;
  metadata?: { subject?: string | undefined; keywords?: string[] | undefined } | undefined;
  /** Folder against which a relative logo path is resolved (default: the working directory). */
  assetsDir?: string | undefined;
  /** Time zone used to print dates (default Europe/Brussels). */
  timeZone?: string | undefined;
}
