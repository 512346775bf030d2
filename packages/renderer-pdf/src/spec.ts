import type { Locale, LocalizedText, Municipality } from '@smartloket/core';

/** A text given once, or per language (picked with core's `localize`). */
export type Text = string | LocalizedText;

/** A section heading. */
export interface HeadingBlock {
  type: 'heading';
  /** The heading, bold and larger than a paragraph. */
  text: Text;
}

/** A paragraph, wrapped to the page width. Newlines start new lines. */
export interface ParagraphBlock {
  type: 'paragraph';
  /** The text; a newline starts a new line. */
  text: Text;
  /** Font size in points (default 10). */
  size?: number;
  /** Bold text (default false). */
  bold?: boolean;
}

/** Label/value pairs in two columns. */
export interface KeyValueBlock {
  type: 'keyValue';
  /** The pairs, top to bottom: `key` is the label (left), `value` the value (right, wrapped). */
  items: Array<{ key: Text; value: Text }>;
  /** Share of the width taken by the labels (default 0.35). */
  keyWidth?: number;
}

/** A table; its header rows are repeated on every page the table spans. */
export interface TableBlock {
  type: 'table';
  /** Header rows (usually one). */
  header: Text[][];
  /** The body rows; each row has one cell per column. */
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

/** One block of a certificate's body, drawn top to bottom in `blocks` order. */
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
  /** Whether the footer says the document is sealed (default true; false for unsealed receipts). */
  sealed?: boolean | undefined;
  /** Time zone used to print dates (default Europe/Brussels). */
  timeZone?: string | undefined;
}
