import { type Clock, systemClock } from '@smartloket/core';
import { Parser } from 'htmlparser2';
import { LinkifyIt } from 'linkify-it';
import { type AddressObject, simpleParser } from 'mailparser';

/** A mail received by the dev mailbox, parsed with mailparser. Plain data: it serialises to JSON. */
export interface ReceivedMail {
  /** Sequence number as a string, unique per mailbox. */
  id: string;
  receivedAt: Date;
  /** The SMTP envelope (what the client said in MAIL FROM and RCPT TO). */
  envelope: { from: string | undefined; to: string[] };
  /** The Message-ID header, with its angle brackets. */
  messageId: string | undefined;
  subject: string;
  /** The From header as text, e.g. `"Gemeente Zottegem" <loket@...>`. */
  from: string;
  /** Addresses of the To header. */
  to: string[];
  text: string;
  html: string | undefined;
  /** Absolute http(s) links: `href`s of the HTML part first, then links found in the text, without duplicates. */
  links: string[];
  /** Headers with a plain string value, by lower-case name. */
  headers: Record<string, string>;
}

/** Same as {@link ReceivedMail}: the parsed form of a received mail. */
export type ParsedMail = ReceivedMail;

const linkify = new LinkifyIt();

function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Absolute http(s) links of a mail: HTML `href`s first, then URLs in the text, each once. */
export function extractLinks(html: string | undefined, text: string | undefined): string[] {
  const found: string[] = [];
  if (html) {
    const parser = new Parser({
      onopentag(name, attribs) {
        if (name === 'a' && attribs.href) found.push(attribs.href.trim());
      },
    });
    parser.write(html);
    parser.end();
  }
  for (const match of (text && linkify.match(text)) || []) found.push(match.url);
  return [...new Set(found.filter(isWebLink))];
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address).filter((x): x is string => Boolean(x)));
}

/** Keeps received mails in memory and lets callers wait for one. */
export class MailStore {
  readonly #mails: ReceivedMail[] = [];
  readonly #waiters = new Set<(mail: ReceivedMail) => void>();
  readonly #clock: Clock;
  #seq = 0;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** Parses a raw RFC 5322 message and keeps it. */
  async add(raw: Buffer, envelope: ReceivedMail['envelope']): Promise<ReceivedMail> {
    const parsed = await simpleParser(raw, { skipImageLinks: true });
    const html = parsed.html === false ? undefined : parsed.html;
    const headers: Record<string, string> = {};
    for (const [name, value] of parsed.headers) if (typeof value === 'string') headers[name] = value;
    const mail: ReceivedMail = {
      id: String(++this.#seq),
      receivedAt: this.#clock.now(),
      envelope,
      messageId: parsed.messageId,
      subject: parsed.subject ?? '',
      from: parsed.from?.text ?? '',
      to: addresses(parsed.to),
      text: parsed.text ?? '',
      html,
      links: extractLinks(html, parsed.text),
      headers,
    };
    this.#mails.push(mail);
    for (const waiter of [...this.#waiters]) waiter(mail);
    return mail;
  }

  /** Received mails, oldest first (a copy). */
  list(): ReceivedMail[] {
    return [...this.#mails];
  }

  get(id: string): ReceivedMail | undefined {
    return this.#mails.find((m) => m.id === id);
  }

  clear(): void {
    this.#mails.length = 0;
  }

  /** Resolves with the first mail (already received or still to come) matching `predicate`. */
  waitFor(predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 5_000): Promise<ReceivedMail> {
    const existing = this.#mails.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter = (mail: ReceivedMail) => {
        if (!predicate(mail)) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`dev mailbox: no matching mail within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}
