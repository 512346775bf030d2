/**
 * The e-Box simulator: the OAuth2 token endpoint of the social security's authorisation server
 * (client credentials with a private-key JWT client assertion, RS256, checked against the
 * client's registered certificate) and `POST /publishMessage` of the e-Box REST API 2.1
 * (multipart: the `messageToPublish` JSON part and the documents), each request validated
 * against the official definitions. Keeps every published message per e-Box (citizen by INSZ,
 * enterprise by KBO) and shows them on a page like the dev mailbox. Faults on demand. For dev
 * and tests only; never for production.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { type Clock, systemClock } from '@smartloket/core';
import { decodeJwt, importX509, errors as joseErrors, jwtVerify } from 'jose';
import { publicationProblems, type UploadedPart } from './contract.js';
import { eboxPages } from './page.js';

export { definitionValidator, EBOX_DEFINITIONS, publicationProblems, type UploadedPart } from './contract.js';
export { type EboxSenderCredentials, generateEboxSenderCredentials } from './credentials.js';

/** The paths of the real services (acceptance and production use the same). */
export const EBOX_TOKEN_PATH = '/REST/oauth/v3/token';
export const EBOX_API_PATH = '/REST/ebox/enterprise/messageRegistry/v2';
/** The audience the authorisation server expects in client assertions (acceptance). */
export const EBOX_DEV_AUDIENCE = 'https://oauthacc.socialsecurity.be';

/** A document sender registered with the simulator (what the onboarding sets up). */
export interface EboxSenderRegistration {
  /** The OAuth client id given at onboarding. */
  clientId: string;
  /** The sender's X.509 certificate (PEM): client assertions must be signed with its key. */
  certificate: string;
  /** The sender organisation's KBO number (`senderOrganizationId`). */
  organizationId: string;
  /** The sender application id (`senderApplicationId`), when the sender was given one. */
  applicationId?: string;
  /** Message types this sender may publish, with their validity in days (default 90). */
  messageTypes: Record<string, { validityDays?: number }>;
}

export interface EboxSimulatorOptions {
  senders: EboxSenderRegistration[];
  /** Audience of client assertions (default {@link EBOX_DEV_AUDIENCE}). */
  audience?: string;
  /** INSZ or KBO numbers whose holder never opened the e-Box: a 201 with `NO_DIGITAL_USER`. */
  noDigitalUser?: string[];
  /** Lifetime of an access token in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  clock?: Clock;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** One document of a published message. */
export interface EboxDocument {
  partName: string;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  mainContent: boolean;
}

/** A message in a simulated e-Box. */
export interface EboxMessage {
  messageId: string;
  recipient: { eboxType: 'citizen' | 'enterprise'; eboxIdValue: string };
  forTheAttentionOf?: { type: string; id: string; name?: string };
  subject: Record<string, string>;
  messageTypeId: string;
  senderOrganizationId: string;
  senderApplicationId?: string;
  publishedAt: Date;
  expirationDate: Date;
  /** `NO_DIGITAL_USER` when the recipient never opened the e-Box. */
  code?: string;
  documents: EboxDocument[];
}

/** One request to the simulator, as received and answered. */
export interface EboxCall {
  route: 'token' | 'publishMessage' | 'other';
  status: number;
  /** The `messageToPublish` part, parsed (publishMessage only, when it was JSON). */
  messageToPublish?: unknown;
  /** The uploaded parts (publishMessage only). */
  parts?: UploadedPart[];
  /** What was answered (JSON). */
  answer?: unknown;
  at: Date;
}

export interface EboxSimulatorFaults {
  /** Answers 503 to every token and publish call until {@link clear}. */
  outage(): void;
  /** Answers `status` with the service's error body to the next `count` (default 1) publish calls. */
  error(status: number, options?: { count?: number; route?: 'token' | 'publishMessage' }): void;
  /** Never answers the next `count` (default 1) publish calls: the client's time-out fires. */
  timeout(options?: { count?: number }): void;
  clear(): void;
}

export interface EboxSimulator {
  /** Base URL (plain HTTP on loopback), e.g. `http://127.0.0.1:4567`. */
  url: string;
  /** The token endpoint (`${url}/REST/oauth/v3/token`). */
  tokenUrl: string;
  /** The API root to give a client (`${url}/REST/ebox/enterprise/messageRegistry/v2`). */
  apiUrl: string;
  /** The page that shows every e-Box (`${url}/`). */
  pageUrl: string;
  audience: string;
  calls: EboxCall[];
  faults: EboxSimulatorFaults;
  /** The messages of one e-Box, oldest first. */
  messages(eboxType: 'citizen' | 'enterprise', id: string): EboxMessage[];
  /** Every message, oldest first. */
  allMessages(): EboxMessage[];
  /** Resolves with the first message (present or future) that matches. */
  waitFor(match: (m: EboxMessage) => boolean): Promise<EboxMessage>;
  /** Adds a person or enterprise that never opened the e-Box. */
  setNoDigitalUser(id: string, value?: boolean): void;
  stop(): Promise<void>;
}

/** The service's error answer (`StatusMessage`). */
function statusMessage(code: string, message: string) {
  return { id: randomUUID(), code, message, environment: 'simulation' };
}

export async function startEboxSimulator(options: EboxSimulatorOptions): Promise<EboxSimulator> {
  const clock = options.clock ?? systemClock;
  const audience = options.audience ?? EBOX_DEV_AUDIENCE;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const noDigital = new Set(options.noDigitalUser ?? []);
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const usedJti = new Map<string, number>();
  const messages: EboxMessage[] = [];
  const calls: EboxCall[] = [];
  const waiters: { match: (m: EboxMessage) => boolean; resolve: (m: EboxMessage) => void }[] = [];
  let outage = false;
  let errors: { status: number; count: number; route: 'token' | 'publishMessage' }[] = [];
  let timeouts = 0;
  const hanging = new Set<http.ServerResponse>();

  const send = (res: http.ServerResponse, status: number, body: unknown, call: EboxCall) => {
    call.status = status;
    call.answer = body;
    calls.push(call);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  function injected(route: 'token' | 'publishMessage') {
    if (outage) return 503;
    const e = errors.find((x) => x.route === route);
    if (!e) return undefined;
    if (--e.count <= 0) errors = errors.filter((x) => x !== e);
    return e.status;
  }

  async function readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function token(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const call: EboxCall = { route: 'token', status: 0, at: clock.now() };
    const fault = injected('token');
    if (fault) {
      send(res, fault, { error: 'temporarily_unavailable', error_description: 'Service unavailable' }, call);
      return;
    }
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const fail = (status: number, error: string, description: string) =>
      send(res, status, { error, error_description: description }, call);
    if (form.get('grant_type') !== 'client_credentials')
      return fail(400, 'unsupported_grant_type', 'Only client_credentials is supported');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return fail(401, 'invalid_client', 'A private_key_jwt client assertion is required');
    const assertion = form.get('client_assertion') ?? '';
    let claimed: string | undefined;
    try {
      claimed = decodeJwt(assertion).iss;
    } catch {
      return fail(401, 'invalid_client', 'The client assertion is not a JWT');
    }
    const sender = options.senders.find((s) => s.clientId === (form.get('client_id') ?? claimed));
    if (!sender || (form.get('client_id') && form.get('client_id') !== claimed))
      return fail(401, 'invalid_client', 'Unknown client');
    try {
      const key = await importX509(sender.certificate, 'RS256');
      const { payload } = await jwtVerify(assertion, key, {
        algorithms: ['RS256'],
        audience,
        issuer: sender.clientId,
        subject: sender.clientId,
        requiredClaims: ['exp', 'jti'],
        currentDate: clock.now(),
      });
      const now = clock.now().getTime();
      for (const [j, exp] of usedJti) if (exp < now) usedJti.delete(j);
      const jti = `${sender.clientId}:${payload.jti}`;
      if (usedJti.has(jti)) return fail(401, 'invalid_client', 'The client assertion was used before (jti)');
      usedJti.set(jti, (payload.exp ?? 0) * 1000);
    } catch (error) {
      const why =
        error instanceof joseErrors.JWTExpired
          ? 'The client assertion has expired'
          : error instanceof joseErrors.JWTClaimValidationFailed
            ? `The client assertion's ${error.claim} claim is not accepted`
            : 'The client assertion signature is not valid for the registered certificate';
      return fail(401, 'invalid_client', why);
    }
    const access = randomBytes(24).toString('base64url');
    tokens.set(access, { clientId: sender.clientId, expiresAt: clock.now().getTime() + lifetime * 1000 });
    send(
      res,
      200,
      { access_token: access, token_type: 'Bearer', expires_in: lifetime, scope: form.get('scope') ?? '' },
      call,
    );
  }

  async function publish(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const call: EboxCall = { route: 'publishMessage', status: 0, at: clock.now() };
    if (timeouts > 0) {
      timeouts--;
      req.resume();
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const fault = injected('publishMessage');
    if (fault) {
      req.resume();
      const code = fault >= 500 ? 'SERVICE_UNAVAILABLE' : fault === 401 ? 'UNAUTHORIZED' : 'INVALID_INPUT';
      send(
        res,
        fault,
        statusMessage(code, fault >= 500 ? 'The e-Box service is unavailable' : 'Refused'),
        call,
      );
      return;
    }
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const grant = bearer ? tokens.get(bearer) : undefined;
    if (!grant || grant.expiresAt <= clock.now().getTime()) {
      req.resume();
      send(res, 401, statusMessage('UNAUTHORIZED', 'Invalid or expired access token'), call);
      return;
    }
    const sender = options.senders.find((s) => s.clientId === grant.clientId)!;
    const contentType = req.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      req.resume();
      send(res, 400, statusMessage('INVALID_INPUT', 'The request must be multipart/form-data'), call);
      return;
    }
    let form: FormData;
    try {
      form = await new Request('http://ebox.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: Readable.toWeb(req) as ReadableStream,
        duplex: 'half',
      } as RequestInit).formData();
    } catch {
      send(res, 400, statusMessage('INVALID_INPUT', 'The multipart body cannot be read'), call);
      return;
    }
    const parts: UploadedPart[] = [];
    let raw: string | undefined;
    for (const [name, value] of form as unknown as Iterable<[string, string | File]>) {
      if (name === 'messageToPublish') raw = typeof value === 'string' ? value : await value.text();
      else if (typeof value !== 'string' && /^upfile[1-6]$/.test(name))
        parts.push({
          partName: name,
          fileName: value.name,
          mediaType: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        });
      else {
        send(res, 400, statusMessage('INVALID_INPUT', `Unexpected part "${name}"`), call);
        return;
      }
    }
    call.parts = parts;
    if (raw === undefined) {
      send(res, 400, statusMessage('INVALID_INPUT', 'The messageToPublish part is missing'), call);
      return;
    }
    let message: any;
    try {
      message = JSON.parse(raw);
    } catch {
      send(res, 400, statusMessage('INVALID_INPUT', 'The messageToPublish part is not JSON'), call);
      return;
    }
    call.messageToPublish = message;
    const problems = publicationProblems(message, parts);
    if (problems.length === 0) {
      if (message.senderOrganizationId !== sender.organizationId)
        problems.push('senderOrganizationId is not the organisation of the access token');
      if (sender.applicationId && message.senderApplicationId !== sender.applicationId)
        problems.push('senderApplicationId is not the application of the access token');
      if (!message.messageTypeId || !sender.messageTypes[message.messageTypeId])
        problems.push(`messageTypeId "${message.messageTypeId ?? ''}" is not authorised for this sender`);
    }
    if (problems.length > 0) {
      send(res, 400, statusMessage('INVALID_INPUT', problems.join('; ')), call);
      return;
    }
    const days = sender.messageTypes[message.messageTypeId]!.validityDays ?? 90;
    const now = clock.now();
    // As the real service: expirationDate is ignored, the message type's validity applies.
    const stored: EboxMessage = {
      messageId: randomUUID(),
      recipient: message.recipient,
      ...(message.forTheAttentionOf ? { forTheAttentionOf: message.forTheAttentionOf } : {}),
      subject: message.subject,
      messageTypeId: message.messageTypeId,
      senderOrganizationId: message.senderOrganizationId,
      ...(message.senderApplicationId ? { senderApplicationId: message.senderApplicationId } : {}),
      publishedAt: now,
      expirationDate: new Date(now.getTime() + days * 86_400_000),
      documents: (message.attachments ?? []).map((a: any) => {
        const p = parts.find((x) => x.partName === a.httpPartName)!;
        return { ...p, mainContent: a.mainContent === true };
      }),
    };
    const answer: Record<string, string> = {
      messageId: stored.messageId,
      expirationDate: stored.expirationDate.toISOString(),
    };
    if (noDigital.has(stored.recipient.eboxIdValue)) {
      stored.code = 'NO_DIGITAL_USER';
      answer.code = 'NO_DIGITAL_USER';
      answer.message = 'The recipient has never visited his e-Box';
    }
    messages.push(stored);
    for (const w of [...waiters])
      if (w.match(stored)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(stored);
      }
    send(res, 201, answer, call);
  }

  const pages = eboxPages(() => messages);
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const run = async () => {
      if (req.method === 'POST' && path === EBOX_TOKEN_PATH) return token(req, res);
      if (req.method === 'POST' && path === `${EBOX_API_PATH}/publishMessage`) return publish(req, res);
      if (req.method === 'GET' && pages.handle(req, res)) return;
      req.resume();
      send(res, 404, statusMessage('NOT_FOUND', 'Not found'), { route: 'other', status: 0, at: clock.now() });
    };
    run().catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(statusMessage('INTERNAL_ERROR', 'Internal error')));
      }
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url,
    tokenUrl: `${url}${EBOX_TOKEN_PATH}`,
    apiUrl: `${url}${EBOX_API_PATH}`,
    pageUrl: `${url}/`,
    audience,
    calls,
    faults: {
      outage() {
        outage = true;
      },
      error(status, o = {}) {
        errors.push({ status, count: o.count ?? 1, route: o.route ?? 'publishMessage' });
      },
      timeout(o = {}) {
        timeouts += o.count ?? 1;
      },
      clear() {
        outage = false;
        errors = [];
        timeouts = 0;
      },
    },
    messages: (type, id) =>
      messages.filter((m) => m.recipient.eboxType === type && m.recipient.eboxIdValue === id),
    allMessages: () => [...messages],
    waitFor(match) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    setNoDigitalUser(id, value = true) {
      if (value) noDigital.add(id);
      else noDigital.delete(id);
    },
    async stop() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
