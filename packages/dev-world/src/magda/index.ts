/**
 * The MAGDA simulator: one SOAP endpoint on loopback that answers like MAGDA for the synthetic
 * population, with faults on demand. For dev (`smartloket dev`) and tests; never for production.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Clock, isValidInsz, OffsetClock, systemClock } from '@smartloket/core';
import {
  DEMO_MUNICIPALITY,
  findByPreviousInsz,
  KBO_FUNCTIONS,
  type KboFunction,
  PEOPLE,
  type Person,
  UNKNOWN_PEOPLE,
} from '@smartloket/dev-population';
import {
  buildMtom,
  MAGDA_SERVICES,
  type MagdaServiceInfo,
  type MtomAttachment,
  serviceFor,
  tijdstip,
  verifyEnvelope,
} from '@smartloket/source-magda';
import { arr, el, obj, parseXml, text } from '@smartloket/source-magda/xml';
import { attestAuthority, attestLines, attestTitle } from './attest.js';
import { generateMagdaDevCertificates, type MagdaDevCertificates } from './certs.js';
import { geefAkte, zoekAkten } from './dabs.js';
import { createPlainDocumentFactory, type DocumentFactory } from './documents.js';
import {
  answerXml,
  faultXml,
  functiesXml,
  gezinXml,
  historiekXml,
  persoonXml,
  type Question,
  uitzonderingXml,
} from './responses.js';
import { createStrafregister, type StrafregisterSimulatorOptions } from './strafregister.js';

export { attestAuthority, attestLines, attestTitle, belgianDate } from './attest.js';
export { generateMagdaDevCertificates, type MagdaDevCertificates } from './certs.js';
export { DABS_MODELS } from './dabs.js';
export {
  type DabsDocumentKind,
  type DabsLanguage,
  dabsLines,
  dabsTitle,
  MULTILINGUAL_ACT_TYPES,
} from './dabs-documents.js';
export { DABS_EXTRACT_FIELDS } from './dabs-fields.js';
export { createPlainDocumentFactory, type DocumentFactory, type SimulatedDocumentSpec } from './documents.js';
export { createSealedDocumentFactory } from './sealed-documents.js';
export {
  STRAFREGISTER_STATUS,
  STRAFREGISTER_TYPES,
  type StrafregisterSimulatorOptions,
} from './strafregister.js';

/** The people the simulator knows. Defaults to `@smartloket/dev-population`. */
export interface SimulatorPopulation {
  people: readonly Person[];
  kboFunctions: readonly KboFunction[];
  unknown: readonly { insz: string; answer: '30001' | '30003' }[];
}

export interface MagdaSimulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS; with `requireClientCert`, clients without a certificate issued by `ca` are refused. */
  tls?: { cert: string; key: string; ca?: string; requireClientCert?: boolean };
  /** Verify the WS-Security signature of every request against this trusted certificate (PEM). */
  verifySignature?: string;
  clock?: Clock;
  population?: SimulatorPopulation;
  documents?: DocumentFactory;
  /** Documents of DABS (civil-status acts); defaults to `documents`. */
  dabsDocuments?: DocumentFactory;
  /** Documents of the Centraal Strafregister (extracts); defaults to `documents`. */
  strafregisterDocuments?: DocumentFactory;
  /** Delays of the Strafregister per model (596.2 waits 2 hours by default). */
  strafregister?: StrafregisterSimulatorOptions;
  /** Attest names the simulator knows (others answer 45810). */
  attests?: readonly string[];
}

/** One request the simulator received. Holds personal data: for test assertions only. */
export interface SimulatorCall {
  naam: string;
  versie: string;
  referte: string;
  vraagReferte: string;
  insz?: string;
  afzender: { identificatie: string; hoedanigheid?: string };
  /** The raw SOAP request. */
  raw: string;
  at: Date;
  /** Result of the signature check, when configured. */
  signature?: { valid: boolean; reason?: string };
  /** What the simulator answered: `ok`, an Uitzondering code, `fault`, `timeout`, `outage`. */
  answer: string;
  /** The SOAP envelope the simulator answered (the root part when MTOM); none on timeout. */
  reply?: string;
  /** MTOM attachments the answer carried (Strafregister extracts). */
  attachments?: MtomAttachment[];
}

/** Faults on demand. `service` is a Context Naam (e.g. `GeefPersoon`); without it all services. */
export interface SimulatorFaults {
  /** Delays answers by `ms` (wall time). */
  latency(ms: number, service?: string): void;
  /** Answers with this Uitzondering code (for one INSZ, when given). */
  uitzondering(code: string, service?: string, insz?: string): void;
  /** Never answers (the client's timeout fires). */
  timeout(service?: string): void;
  /** Answers HTTP 503 until the injected clock reaches `until`. */
  outage(until: Date, service?: string): void;
  clear(): void;
}

export interface MagdaSimulator {
  /** The endpoint URL. */
  url: string;
  calls: SimulatorCall[];
  faults: SimulatorFaults;
  stop(): Promise<void>;
}

type Fault =
  | { kind: 'latency'; ms: number; service?: string | undefined }
  | { kind: 'uitzondering'; code: string; service?: string | undefined; insz?: string | undefined }
  | { kind: 'timeout'; service?: string | undefined }
  | { kind: 'outage'; until: Date; service?: string | undefined };

/** The Rijksregister attest names the simulator delivers. */
export const SIMULATED_ATTESTS = [
  'Gezinssamenstelling',
  'Hoofdverblijfplaats',
  'Hoofdverblijfplaats met historiek',
  'Belgische nationaliteit',
  'Leven',
  'Wettelijke samenwoning',
  'Verblijfplaats met oog op een huwelijk',
  'Wijze teraardebestelling',
  'Belgisch kiezer',
  'Uittreksel registers',
] as const;

/** Starts the simulator. */
export async function startMagdaSimulator(options: MagdaSimulatorOptions = {}): Promise<MagdaSimulator> {
  const clock = options.clock ?? systemClock;
  const population: SimulatorPopulation = options.population ?? {
    people: PEOPLE,
    kboFunctions: KBO_FUNCTIONS,
    unknown: UNKNOWN_PEOPLE,
  };
  const documents = options.documents ?? createPlainDocumentFactory();
  const dabsDocuments = options.dabsDocuments ?? documents;
  const attests = new Set<string>(options.attests ?? SIMULATED_ATTESTS);
  const byInsz = new Map(population.people.map((p) => [p.insz, p]));
  const calls: SimulatorCall[] = [];
  let faults: Fault[] = [];
  /** Repertorium: `${identificatie}|${insz}` → last day of the registration. */
  const repertorium = new Map<string, string>();
  const held = new Set<http.ServerResponse>();
  const strafregister = createStrafregister({
    clock,
    documents: options.strafregisterDocuments ?? documents,
    lookup: (insz) => lookup(insz),
    options: options.strafregister,
  });

  const applies = (f: { service?: string | undefined }, naam: string) => !f.service || f.service === naam;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let recorded: SimulatorCall | undefined;
    const send = (status: number, body: string) => {
      if (recorded) recorded.reply = body;
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end(body);
    };
    if (req.method !== 'POST') return send(405, faultXml('soapenv:Client', 'POST a SOAP message'));

    let doc: Record<string, unknown>;
    try {
      doc = parseXml(raw);
    } catch {
      return send(500, faultXml('soapenv:Client', 'Malformed XML'));
    }
    const body = obj(obj(doc.Envelope).Body);
    const rootName = Object.keys(body).find((k) => !k.startsWith('@'));
    const verzoek = obj(obj(rootName ? body[rootName] : undefined).Verzoek);
    const context = obj(verzoek.Context);
    const afz = obj(obj(context.Bericht).Afzender);
    const vraag = obj(arr(obj(verzoek.Vragen).Vraag)[0]);
    const inhoud = obj(vraag.Inhoud);
    const criteria = obj(inhoud.Criteria);
    const naam = text(context.Naam) ?? '';
    const versie = text(context.Versie) ?? '';
    const insz =
      text(criteria.INSZ) ??
      text(obj(criteria.Persoon).INSZ) ??
      text(obj(obj(obj(obj(inhoud.Inschrijving).BetrokkenSubject).Subjecten).Subject).Sleutel);
    const hoedanigheid = text(afz.Hoedanigheid);
    const call: SimulatorCall = {
      naam,
      versie,
      referte: text(afz.Referte) ?? '',
      vraagReferte: text(vraag.Referte) ?? '',
      ...(insz ? { insz } : {}),
      afzender: { identificatie: text(afz.Identificatie) ?? '', ...(hoedanigheid ? { hoedanigheid } : {}) },
      raw,
      at: clock.now(),
      answer: 'ok',
    };
    calls.push(call);
    recorded = call;

    if (options.verifySignature) {
      const v = verifyEnvelope(raw, options.verifySignature);
      call.signature = v.valid ? { valid: true } : { valid: false, reason: v.reason };
      if (!v.valid) {
        call.answer = 'fault';
        return send(500, faultXml('wsse:InvalidSecurity', `WS-Security: ${v.reason}`));
      }
    }
    const service = serviceFor(naam, versie);
    if (!service) {
      call.answer = 'fault';
      return send(500, faultXml('soapenv:Client', `Unknown service ${naam} ${versie}`));
    }

    for (const f of faults) {
      if (f.kind === 'latency' && applies(f, naam)) await new Promise((r) => setTimeout(r, f.ms));
    }
    if (faults.some((f) => f.kind === 'timeout' && applies(f, naam))) {
      call.answer = 'timeout';
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (faults.some((f) => f.kind === 'outage' && applies(f, naam) && clock.now() < f.until)) {
      call.answer = 'outage';
      return send(503, '');
    }
    const q: Question = {
      service,
      referte: call.referte,
      vraagReferte: call.vraagReferte,
      afzender: call.afzender,
    };
    const now = clock.now();
    const fail = (code: string) => {
      call.answer = code;
      send(200, answerXml(q, now, { uitzonderingen: [uitzonderingXml(code, now)] }));
    };
    const forced = faults.find(
      (f): f is Extract<Fault, { kind: 'uitzondering' }> =>
        f.kind === 'uitzondering' && applies(f, naam) && (!f.insz || f.insz === insz),
    );
    if (forced) return fail(forced.code);

    const answer = await answerFor(service, inhoud, criteria, call, now);
    if ('code' in answer) return fail(answer.code);
    const warnings = answer.warnings ?? [];
    if (warnings.length) call.answer = warnings.join(',');
    const xml = answerXml(q, now, {
      inhoud: answer.inhoud,
      uitzonderingen: warnings.map((c) => uitzonderingXml(c, now)),
    });
    if (answer.attachments?.length) {
      // MTOM/XOP: the envelope as root part, the binaries as attachments.
      call.attachments = answer.attachments;
      call.reply = xml;
      const mtom = buildMtom(xml, answer.attachments);
      res.writeHead(200, { 'content-type': mtom.contentType, 'mime-version': '1.0' });
      res.end(mtom.body);
      return;
    }
    return send(200, xml);
  }

  /** Resolves the person asked about: unknown, invalid, renumbered (30004) or known. */
  function lookup(insz: string | undefined): { person: Person; warnings: string[] } | { code: string } {
    if (!insz || !isValidInsz(insz)) return { code: '20002' };
    const p = byInsz.get(insz);
    if (p) return { person: p, warnings: [] };
    const renumbered = findByPreviousInsz(insz);
    if (renumbered && byInsz.has(renumbered.insz)) return { person: renumbered, warnings: ['30004'] };
    return { code: population.unknown.find((u) => u.insz === insz)?.answer ?? '30003' };
  }

  async function answerFor(
    service: MagdaServiceInfo,
    inhoud: Record<string, unknown>,
    criteria: Record<string, unknown>,
    call: SimulatorCall,
    now: Date,
  ): Promise<{ inhoud: string; warnings?: string[]; attachments?: MtomAttachment[] } | { code: string }> {
    const today = tijdstip(now).datum;
    if (service.naam === 'RegistreerInschrijving') {
      const inschrijving = obj(inhoud.Inschrijving);
      const einde = text(obj(inschrijving.Periode).Einde);
      if (!call.insz || !isValidInsz(call.insz)) return { code: '20002' };
      if (!einde) return { code: '30001' };
      repertorium.set(`${call.afzender.identificatie}|${call.insz}`, einde);
      return { inhoud: el('Resultaat', [el('Code', '1'), el('Omschrijving', 'Inschrijving geregistreerd')]) };
    }
    if (service.repertorium) {
      const until = repertorium.get(`${call.afzender.identificatie}|${call.insz}`);
      if (!until || until < today) return { code: '13202' };
    }
    switch (service.naam) {
      case 'GeefPersoon': {
        const r = lookup(call.insz);
        return 'code' in r ? r : { inhoud: persoonXml(r.person), warnings: r.warnings };
      }
      case 'GeefGezinssamenstelling': {
        const r = lookup(call.insz);
        if ('code' in r) return r;
        const g = gezinXml(r.person);
        return g ? { inhoud: g, warnings: r.warnings } : { code: '30001' };
      }
      case 'GeefHistoriekPersoon': {
        const r = lookup(call.insz);
        if ('code' in r) return r;
        return { inhoud: historiekXml(r.person, text(criteria.Datum) ?? '1900-01-01'), warnings: r.warnings };
      }
      case 'GeefAttest': {
        const attest = obj(criteria.Attest);
        const naam = text(attest.Naam) ?? '';
        const taal = text(attest.Taal) ?? '';
        if (!attests.has(naam)) return { code: '45810' };
        if (!['nl', 'fr', 'de'].includes(taal)) return { code: '45811' };
        const r = lookup(call.insz);
        if ('code' in r) return r;
        const p = r.person;
        if (naam === 'Leven' && p.death) return { code: '30001' };
        if (naam === 'Wettelijke samenwoning' && !p.legalCohabitations?.some((c) => !c.until))
          return { code: '30001' };
        if (naam === 'Wijze teraardebestelling' && !p.burialWishes) return { code: '30001' };
        if (
          naam === 'Belgische nationaliteit' &&
          !p.nationalities.some((n) => n.code === '150' && !n.until)
        ) {
          return { code: '30001' };
        }
        const pdf = await documents.render({
          kind: 'attest',
          title: attestTitle(naam, taal as 'nl' | 'fr' | 'de'),
          source: 'FOD Binnenlandse Zaken',
          sourceName: attestAuthority(taal as 'nl' | 'fr' | 'de'),
          language: taal as 'nl' | 'fr' | 'de',
          person: p,
          gemeenteVanAfgifte: text(inhoud.GemeenteVanAfgifte) ?? DEMO_MUNICIPALITY.nisCode,
          issuedAt: now,
          lines: attestLines(naam, p, taal as 'nl' | 'fr' | 'de', now),
        });
        return {
          inhoud: el('Attest', [el('INSZ', p.insz), el('Document', Buffer.from(pdf).toString('base64'))]),
          warnings: r.warnings,
        };
      }
      case 'GeefFuncties': {
        const pers = obj(criteria.Persoon);
        const kbo = text(pers.Ondernemingsnummer) ?? text(obj(criteria.Onderneming).Ondernemingsnummer);
        const inszQ = text(pers.INSZ);
        if (inszQ && !isValidInsz(inszQ)) return { code: '20002' };
        const list = population.kboFunctions.filter(
          (f) => (!inszQ || f.insz === inszQ) && (!kbo || f.kbo === kbo),
        );
        return list.length ? { inhoud: functiesXml(list) } : { code: '30001' };
      }
      case 'GeefTypesUittrekselStrafregister':
        return strafregister.types(text(criteria.Taal));
      case 'GeefUittrekselStrafregister':
        return strafregister.uittreksel(criteria, now);
      case 'GeefStatusUittrekselStrafregister':
        return strafregister.status(criteria, now);
      case 'ZoekAktenBurgerlijkeStand':
        return zoekAkten(criteria);
      case 'GeefAkteBurgerlijkeStand':
        return geefAkte(inhoud, dabsDocuments, now);
      default:
        return { code: '30001' };
    }
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/xml;charset=UTF-8' });
        res.end(faultXml('soapenv:Server', error instanceof Error ? error.message : 'error'));
      }
    });
  };
  const server = options.tls
    ? https.createServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.tls.ca ? { ca: options.tls.ca } : {}),
          requestCert: options.tls.requireClientCert ?? false,
          rejectUnauthorized: options.tls.requireClientCert ?? false,
        },
        listener,
      )
    : http.createServer(listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}/magda`;

  return {
    url,
    calls,
    faults: {
      latency: (ms, service) => faults.push({ kind: 'latency', ms, service }),
      uitzondering: (code, service, insz) => faults.push({ kind: 'uitzondering', code, service, insz }),
      timeout: (service) => faults.push({ kind: 'timeout', service }),
      outage: (until, service) => faults.push({ kind: 'outage', until, service }),
      clear: () => {
        faults = [];
        for (const r of held) r.destroy();
        held.clear();
      },
    },
    async stop() {
      for (const r of held) r.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What {@link startMagdaDevSimulator} gives: the simulator and matching client settings. */
export interface MagdaDevSimulator extends MagdaSimulator {
  certificates: MagdaDevCertificates;
  /** Settings for `createMagdaClient` against this simulator (endpoint, mTLS, signing). */
  clientConfig: {
    endpoint: string;
    tls: { cert: string; key: string; ca: string };
    signing: { certificateChainPem: string; keyPem: string };
  };
}

/**
 * One call for dev: test certificates in `certificatesDir` (made once, then reused), HTTPS with
 * a client-certificate check, WS-Security verification, and an {@link OffsetClock} unless given.
 */
export async function startMagdaDevSimulator(options: {
  certificatesDir: string;
  port?: number;
  clock?: Clock;
  documents?: DocumentFactory;
  dabsDocuments?: DocumentFactory;
  strafregisterDocuments?: DocumentFactory;
  strafregister?: StrafregisterSimulatorOptions;
}): Promise<MagdaDevSimulator> {
  const certificates = generateMagdaDevCertificates(options.certificatesDir);
  const sim = await startMagdaSimulator({
    port: options.port ?? 0,
    host: '127.0.0.1',
    tls: {
      cert: certificates.server.cert,
      key: certificates.server.key,
      ca: certificates.ca.cert,
      requireClientCert: true,
    },
    verifySignature: certificates.ca.cert,
    clock: options.clock ?? new OffsetClock(),
    ...(options.documents ? { documents: options.documents } : {}),
    ...(options.dabsDocuments ? { dabsDocuments: options.dabsDocuments } : {}),
    ...(options.strafregisterDocuments ? { strafregisterDocuments: options.strafregisterDocuments } : {}),
    ...(options.strafregister ? { strafregister: options.strafregister } : {}),
  });
  return {
    ...sim,
    certificates,
    clientConfig: {
      endpoint: sim.url,
      tls: { cert: certificates.client.cert, key: certificates.client.key, ca: certificates.ca.cert },
      signing: { certificateChainPem: certificates.client.chain, keyPem: certificates.client.key },
    },
  };
}

export { MAGDA_SERVICES };
