import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@smartloket/core';
import { mailboxHandler } from './page.js';
import { listenSmtp } from './smtp.js';
import { MailStore, type ReceivedMail } from './store.js';

/** Options of {@link startDevMailbox}. */
export interface DevMailboxOptions {
  /** SMTP port; 0 picks a free one [0]. */
  smtpPort?: number | undefined;
  /** Port of the web page; 0 picks a free one [0]. */
  httpPort?: number | undefined;
  /** Interface to listen on. Keep it on loopback [127.0.0.1]. */
  host?: string | undefined;
  /** Source of `receivedAt` [system clock]. */
  clock?: Clock | undefined;
}

/** A running dev mailbox. */
export interface DevMailbox {
  /** Where to send mail (no TLS; any login is accepted). */
  smtp: { host: string; port: number };
  /** The web page listing received mails, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  /** Received mails, oldest first. */
  messages(): ReceivedMail[];
  /** Resolves with the first matching mail, received already or later; rejects after `timeoutMs` [5000]. */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Forgets all received mails. */
  clear(): void;
  /** Stops both servers. */
  stop(): Promise<void>;
}

/**
 * Starts a development mailbox: a real SMTP server that keeps every received mail in memory
 * (parsed with mailparser) and a small web page that lists them (`/`), shows one
 * (`/messages/:id`, the HTML part in a sandboxed frame) and serves them as JSON
 * (`/api/messages`, `/api/messages/:id`; `DELETE /api/messages` clears).
 */
export async function startDevMailbox(options: DevMailboxOptions = {}): Promise<DevMailbox> {
  const host = options.host ?? '127.0.0.1';
  const store = new MailStore(options.clock);
  const smtp = await listenSmtp(host, options.smtpPort ?? 0, {
    onMessage: async (raw, envelope) => {
      await store.add(raw, envelope);
    },
  });
  const http = createServer(mailboxHandler(store));
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.httpPort ?? 0, host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  const { port } = http.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    smtp: { host: smtp.host, port: smtp.port },
    url: `http://${urlHost}:${port}/`,
    messages: () => store.list(),
    waitFor: (predicate, timeoutMs) => store.waitFor(predicate, timeoutMs),
    clear: () => store.clear(),
    async stop() {
      http.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => http.close(() => resolve())), smtp.close()]);
    },
  };
}
