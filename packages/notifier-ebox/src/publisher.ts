import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import * as client from 'openid-client';

/** What the municipality got at the e-Box onboarding, and where the services are. */
export interface EboxPublisherOptions {
  /** OAuth2 token endpoint, e.g. `https://services.socialsecurity.be/REST/oauth/v3/token`. */
  tokenUrl: string;
  /** Audience of the client assertion, e.g. `https://oauth.socialsecurity.be`. */
  audience: string;
  /** The e-Box API root, e.g. `https://services.socialsecurity.be/REST/ebox/enterprise/messageRegistry/v2`. */
  apiUrl: string;
  /** The OAuth client id given at onboarding. */
  clientId: string;
  /** The private key of the registered certificate (PEM, PKCS#8 or PKCS#1). */
  privateKey: string;
  /** The municipality's KBO number (`senderOrganizationId`). */
  senderOrganizationId: string;
  /** `senderApplicationId`, when the onboarding gave one. */
  senderApplicationId?: string | undefined;
  /** OAuth scope to ask, when the onboarding names one. */
  scope?: string | undefined;
  /** Seconds before a token or publish call is abandoned (a transient failure) [30]. */
  timeoutSeconds?: number | undefined;
  /** Plain http is accepted only for loopback hosts (the dev world's simulator). */
  fetch?: typeof fetch;
}

/** One message to publish: a document, or a text body. */
export interface EboxPublication {
  recipient: { eboxType: 'citizen' | 'enterprise'; eboxIdValue: string };
  /** The employee who asked, for a company's e-Box. */
  forTheAttentionOf?: { id: string; name?: string | undefined } | undefined;
  /** One language only (the e-Box refuses several). */
  language: 'nl' | 'fr' | 'de';
  subject: string;
  messageTypeId: string;
  /** Sent as `expirationDate` (the service applies the message type's validity anyway). */
  expirationDate?: Date | undefined;
  document?: { fileName: string; mediaType: string; bytes: Uint8Array } | undefined;
  /** A text body; the main content when there is no document. */
  body?: string | undefined;
}

/** The service's answer to an accepted publication (201). */
export interface EboxPublishResult {
  messageId: string;
  expirationDate?: string | undefined;
  /** The recipient never opened the e-Box (`NO_DIGITAL_USER`): rely on the e-mail. */
  noDigitalUser: boolean;
}

/**
 * The e-Box refused or could not take the publication. `permanent` for a 4xx answer (never
 * retried); otherwise (5xx, time-out, network) the caller retries. The message names the status
 * and the service's code and message, never the recipient.
 */
export class EboxPublishError extends Error {
  override readonly name = 'EboxPublishError';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number | undefined,
    readonly code?: string | undefined,
  ) {
    super(message);
  }
}

/** Publishes messages to the e-Box. */
export interface EboxPublisher {
  publish(publication: EboxPublication): Promise<EboxPublishResult>;
  /**
   * Asks an access token and publishes nothing: checks the client id, the key (the certificate
   * registered for it) and the audience, as `smartloket doctor` does. Resolves with the token's
   * lifetime in seconds; throws an {@link EboxPublishError} like {@link publish}.
   */
  verify(): Promise<number>;
}

/** The `messageToPublish` JSON part of a publication (the document is part `upfile1`). */
export function messageToPublish(
  p: EboxPublication,
  sender: { senderOrganizationId: string; senderApplicationId?: string | undefined },
): Record<string, unknown> {
  const m: Record<string, unknown> = {
    recipient: p.recipient,
    subject: { [p.language]: p.subject },
    messageTypeId: p.messageTypeId,
    senderOrganizationId: sender.senderOrganizationId,
    bodyMainContent: !p.document && p.body !== undefined,
    replyAuthorized: false,
  };
  if (sender.senderApplicationId) m.senderApplicationId = sender.senderApplicationId;
  if (p.forTheAttentionOf)
    m.forTheAttentionOf = {
      type: 'person',
      id: p.forTheAttentionOf.id,
      ...(p.forTheAttentionOf.name ? { name: p.forTheAttentionOf.name } : {}),
    };
  // yyyy-MM-dd'T'HH:mm:ssXXX, as the definition says (no milliseconds).
  if (p.expirationDate) m.expirationDate = p.expirationDate.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (p.body !== undefined) m.bodyContent = { [p.language]: p.body };
  if (p.document)
    m.attachments = [
      {
        httpPartName: 'upfile1',
        mainContent: true,
        attachmentSigned: p.document.mediaType === 'application/pdf',
        digest: {
          digestMethod: 'sha_256',
          digestValue: createHash('sha256').update(p.document.bytes).digest('base64url'),
        },
      },
    ];
  return m;
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * Makes a publisher: an access token by OAuth2 client credentials with a private-key JWT client
 * assertion (RS256, `aud` = the audience; openid-client), kept until shortly before it expires,
 * then `POST {apiUrl}/publishMessage` as multipart (`messageToPublish`, `upfile1`).
 */
export function createEboxPublisher(options: EboxPublisherOptions): EboxPublisher {
  const timeout = options.timeoutSeconds ?? 30;
  const doFetch = options.fetch ?? fetch;
  for (const u of [options.tokenUrl, options.apiUrl]) {
    const url = new URL(u);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
      throw new TypeError(`e-Box: ${url.origin} must use https`);
  }
  let config: Promise<client.Configuration> | undefined;
  let token: { value: string; until: number } | undefined;

  async function configuration(): Promise<client.Configuration> {
    const der = createPrivateKey(options.privateKey).export({ type: 'pkcs8', format: 'der' });
    const key = await webcrypto.subtle.importKey(
      'pkcs8',
      der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const c = new client.Configuration(
      { issuer: options.audience, token_endpoint: options.tokenUrl },
      options.clientId,
      {},
      client.PrivateKeyJwt(key as Parameters<typeof client.PrivateKeyJwt>[0]),
    );
    c.timeout = timeout;
    c[client.customFetch] = (url, init) => doFetch(url, init as RequestInit);
    if (new URL(options.tokenUrl).protocol === 'http:') client.allowInsecureRequests(c);
    return c;
  }

  let lifetime = 0;
  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    config ??= configuration();
    try {
      const answer = await client.clientCredentialsGrant(
        await config,
        options.scope ? { scope: options.scope } : {},
      );
      lifetime = answer.expiresIn() ?? 300;
      token = { value: answer.access_token, until: Date.now() + Math.max(0, lifetime - 30) * 1000 };
      return answer.access_token;
    } catch (error) {
      const status = (error as { status?: number }).status;
      const code = (error as { error?: string }).error;
      if (status !== undefined && status >= 400 && status < 500)
        throw new EboxPublishError(`e-Box token refused: ${status} ${code ?? ''}`.trim(), true, status, code);
      throw new EboxPublishError(
        `e-Box token endpoint unavailable: ${status ?? (error as Error)?.name ?? 'error'}`,
        false,
        status,
      );
    }
  }

  return {
    async verify() {
      token = undefined;
      await accessToken();
      return lifetime;
    },
    async publish(p) {
      const bearer = await accessToken();
      const form = new FormData();
      form.append('messageToPublish', JSON.stringify(messageToPublish(p, options)));
      if (p.document)
        form.append(
          'upfile1',
          new Blob([p.document.bytes as Uint8Array<ArrayBuffer>], { type: p.document.mediaType }),
          p.document.fileName,
        );
      let res: Response;
      try {
        res = await doFetch(`${options.apiUrl.replace(/\/$/, '')}/publishMessage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(timeout * 1000),
        });
      } catch (error) {
        throw new EboxPublishError(`e-Box unreachable: ${(error as Error)?.name ?? 'error'}`, false);
      }
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      const code = typeof body.code === 'string' ? body.code : undefined;
      if (res.status === 201 || res.status === 200) {
        if (typeof body.messageId !== 'string')
          throw new EboxPublishError('e-Box answered without a messageId', false, res.status);
        return {
          messageId: body.messageId,
          expirationDate: typeof body.expirationDate === 'string' ? body.expirationDate : undefined,
          noDigitalUser: code === 'NO_DIGITAL_USER',
        };
      }
      // An expired or revoked token: forget it; the retry asks a new one.
      if (res.status === 401) token = undefined;
      // Never the recipient in an error: national and enterprise numbers are masked.
      const message =
        typeof body.message === 'string' ? body.message.replace(/\d{10,11}/g, '[nummer]').slice(0, 300) : '';
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new EboxPublishError(
        `e-Box ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`,
        permanent,
        res.status,
        code,
      );
    },
  };
}
