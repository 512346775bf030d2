import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type Clock,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DAY,
  type Logger,
  silentLogger,
  systemClock,
} from '@smartloket/core';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './breaker.js';
import { errorForUitzonderingen, MagdaPermanentError, MagdaTransientError } from './errors.js';
import {
  type Afzender,
  envelopeXml,
  type GeefAkteCriteria,
  type GeefAttestCriteria,
  type GeefFunctiesCriteria,
  type GeefGezinssamenstellingCriteria,
  type GeefHistoriekPersoonCriteria,
  type GeefPersoonCriteria,
  type GeefStatusUittrekselStrafregisterCriteria,
  type GeefTypesUittrekselStrafregisterCriteria,
  type GeefUittrekselStrafregisterCriteria,
  inhoud,
  type RegistreerInschrijvingCriteria,
  tijdstip,
  type ZoekAktenCriteria,
} from './messages.js';
import { isMultipartRelated, type MimePart, type MtomMessage, parseMtom, resolveXopHref } from './mtom.js';
import {
  akteSynopses,
  functies,
  gezinsleden,
  historiek,
  type MagdaAkteSynopsis,
  type MagdaFunctie,
  type MagdaGezinslid,
  type MagdaHistoriekPersoon,
  type MagdaPersoon,
  obj,
  parseXml,
  persoon,
  uitzonderingen,
} from './parse.js';
import { MAGDA_SERVICES, type MagdaServiceInfo, type MagdaServiceName } from './services.js';
import { postSoap, type TlsOptions } from './transport.js';
import type { MagdaUitzondering } from './uitzonderingen.js';
import { type SigningMaterial, signEnvelope } from './wssec.js';
import { arr, text } from './xml.js';

/** Configuration of {@link createMagdaClient}. */
export interface MagdaClientConfig {
  /** The one MAGDA endpoint; services are told apart by Context Naam and Versie. */
  endpoint: string | URL;
  /** Mutual TLS with the organisation's certificate. Required for an https endpoint in production. */
  tls?: TlsOptions;
  /** WS-Security signature of the Body with the organisation's certificate. */
  signing?: SigningMaterial;
  /**
   * Afzender of every message. `purposes` overrides Identificatie and/or Hoedanigheid per purpose
   * (the `purpose` call option), e.g. one IPDC code per product.
   */
  afzender: Afzender & { purposes?: Record<string, Partial<Afzender>> };
  timeouts?: {
    /** Whole-call timeout (connect, send, answer). Default 30 s. */
    requestMs?: number;
  };
  /** One circuit breaker per service. */
  circuitBreaker?: CircuitBreakerOptions;
  repertorium?: {
    /** Length of a RegistreerInschrijving period in days. Default 90. */
    periodDays?: number;
  };
  clock?: Clock;
  /** Never receives personal data. */
  logger?: Logger;
  /**
   * Told about every call (for metrics): the service, seconds, the error code of a failed call
   * (Uitzondering code, TIMEOUT, NETWORK, HTTP_<status>, CIRCUIT_OPEN) and the breaker state
   * after it. Never receives personal data.
   */
  onCall?: (call: MagdaCallObservation) => void;
}

/** One MAGDA call as {@link MagdaClientConfig.onCall} sees it. */
export interface MagdaCallObservation {
  service: string;
  seconds: number;
  errorCode?: string | undefined;
  breaker: CircuitState;
}

/** Per call: the referte of the consultation (from core's `ctx.consult`) and the purpose. */
export interface MagdaCallOptions {
  /** 1 to 36 characters, unique per consultation; becomes the Afzender Referte. */
  referte: string;
  /** Selects an Afzender override of `afzender.purposes`. */
  purpose?: string;
}

/** What every typed call returns besides its data. */
export interface MagdaMeta {
  /** The referte the message carried. */
  referte: string;
  /** Warnings and information (e.g. 30004: the person has a new INSZ). */
  warnings: MagdaUitzondering[];
}

export interface GeefAttestResult extends MagdaMeta {
  /** The INSZ the certificate is about (differs from the question when the person has a new INSZ). */
  insz: string;
  /** The PDF as MAGDA delivers it, already signed by the source. */
  document: Uint8Array;
}

export interface UittrekselStrafregisterResult extends MagdaMeta {
  insz: string;
  /** Status code of the Strafregister (assumed values: IN_BEHANDELING, KLAAR). */
  status: string;
  identificatienummer?: string;
  /** Name of the file, when the Strafregister attached one. */
  bestandsnaam?: string;
  /** The extract (PDF, signed by the Strafregister): the MTOM attachment `Bestand/xop:Include` points to. */
  document?: Uint8Array;
}

export interface StatusUittrekselInfo {
  status: string;
  insz: string;
  taal: string;
  typeUittreksel: string;
  identificatienummer: string;
  gedownload: boolean;
  referentie?: string;
}

/** The MAGDA client: one typed method per service. */
export interface MagdaClient {
  geefAttest(criteria: GeefAttestCriteria, options: MagdaCallOptions): Promise<GeefAttestResult>;
  geefPersoon(
    criteria: GeefPersoonCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { persoon: MagdaPersoon }>;
  geefGezinssamenstelling(
    criteria: GeefGezinssamenstellingCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { gezinsleden: MagdaGezinslid[] }>;
  geefHistoriekPersoon(
    criteria: GeefHistoriekPersoonCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { historiek: MagdaHistoriekPersoon }>;
  /** Registers the relation with a person in the repertorium (done automatically when needed). */
  registreerInschrijving(
    criteria: RegistreerInschrijvingCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta>;
  zoekAktenBurgerlijkeStand(
    criteria: ZoekAktenCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { akten: MagdaAkteSynopsis[] }>;
  geefAkteBurgerlijkeStand(
    criteria: GeefAkteCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { documentReferte: string; document?: Uint8Array }>;
  geefUittrekselStrafregister(
    criteria: GeefUittrekselStrafregisterCriteria,
    options: MagdaCallOptions,
  ): Promise<UittrekselStrafregisterResult>;
  geefStatusUittrekselStrafregister(
    criteria: GeefStatusUittrekselStrafregisterCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { uittreksels: StatusUittrekselInfo[] }>;
  geefTypesUittrekselStrafregister(
    criteria: GeefTypesUittrekselStrafregisterCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { types: { code: string; omschrijving?: string }[] }>;
  geefFuncties(
    criteria: GeefFunctiesCriteria,
    options: MagdaCallOptions,
  ): Promise<MagdaMeta & { functies: MagdaFunctie[] }>;
  /** The state of a service's circuit breaker. */
  circuitState(service: MagdaServiceName): CircuitState;
  /** Closes kept-alive connections. */
  close(): void;
}

/** The service ref plugins name the MAGDA client by. */
export const magdaClientRef = createServiceRef<MagdaClient>('magda.client');

/** A service factory for the kernel: the clock and logger come from core's services. */
export function createMagdaClientFactory(
  config: Omit<MagdaClientConfig, 'clock' | 'logger'> & { clock?: Clock; logger?: Logger },
) {
  return createServiceFactory({
    ref: magdaClientRef,
    deps: { clock: coreServices.clock, logger: coreServices.logger },
    factory: ({ clock, logger }) =>
      createMagdaClient({
        ...config,
        clock: config.clock ?? clock,
        logger: config.logger ?? logger.child({ source: 'magda' }),
      }),
    dispose: (client) => client.close(),
  });
}

const isoDate = (d: Date) => tijdstip(d).datum;

/** The Uitzondering code or reason of a failed call (no message: it may quote the answer). */
function magdaErrorCode(error: unknown): string | undefined {
  if (error instanceof MagdaPermanentError) return error.uitzonderingCode;
  if (error instanceof MagdaTransientError) return error.reason;
  return error instanceof Error ? error.name : undefined;
}

/** Creates a MAGDA client. Validates the configuration eagerly. */
export function createMagdaClient(config: MagdaClientConfig): MagdaClient {
  const endpoint = new URL(config.endpoint);
  const clock = config.clock ?? systemClock;
  const logger = config.logger ?? silentLogger;
  const requestMs = config.timeouts?.requestMs ?? 30_000;
  const periodDays = config.repertorium?.periodDays ?? 90;
  const checkAfzender = (a: Partial<Afzender>, where: string) => {
    if (a.identificatie !== undefined && (a.identificatie.length === 0 || a.identificatie.length > 120)) {
      throw new TypeError(`MAGDA ${where}: Identificatie must be 1 to 120 characters`);
    }
    if (a.hoedanigheid !== undefined && (a.hoedanigheid.length === 0 || a.hoedanigheid.length > 24)) {
      throw new TypeError(`MAGDA ${where}: Hoedanigheid must be 1 to 24 characters`);
    }
  };
  checkAfzender(config.afzender, 'afzender');
  for (const [p, a] of Object.entries(config.afzender.purposes ?? {}))
    checkAfzender(a, `afzender.purposes.${p}`);

  const agent =
    endpoint.protocol === 'https:'
      ? new https.Agent({
          keepAlive: true,
          ...(config.tls ? { cert: config.tls.cert, key: config.tls.key } : {}),
          ...(config.tls?.ca ? { ca: config.tls.ca } : {}),
        })
      : undefined;
  const breakers = new Map<string, CircuitBreaker>();
  const breaker = (s: MagdaServiceInfo) => {
    let b = breakers.get(s.naam);
    if (!b) {
      b = new CircuitBreaker(clock, config.circuitBreaker);
      breakers.set(s.naam, b);
    }
    return b;
  };
  /** Repertorium registrations: key → last day of the period (YYYY-MM-DD). */
  const registrations = new Map<string, string>();

  const afzenderFor = (purpose: string | undefined): Afzender => {
    const o = purpose ? config.afzender.purposes?.[purpose] : undefined;
    return {
      identificatie: o?.identificatie ?? config.afzender.identificatie,
      hoedanigheid: o?.hoedanigheid ?? config.afzender.hoedanigheid,
    };
  };

  /**
   * One message in a client span `magda <Service>`: the service, its version, the breaker state
   * and, for a failed call, the Uitzondering code or reason. Never the INSZ or the answer.
   */
  function send(
    service: MagdaServiceInfo,
    body: string,
    afzender: Afzender,
    referte: string,
    vraagReferte: string,
  ): Promise<{ inhoud: Record<string, unknown>; warnings: MagdaUitzondering[]; mtom?: MtomMessage }> {
    return trace.getTracer('smartloket.magda').startActiveSpan(
      `magda ${service.naam}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'magda.service': service.naam, 'magda.service.version': service.versie },
      },
      async (span) => {
        const started = performance.now();
        let errorCode: string | undefined;
        try {
          return await sendInSpan(service, body, afzender, referte, vraagReferte, span);
        } catch (error) {
          errorCode = magdaErrorCode(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
          span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
          if (errorCode) span.setAttribute('magda.uitzondering', errorCode);
          throw error;
        } finally {
          const state = breaker(service).state;
          span.setAttribute('magda.breaker.state', state);
          span.end();
          config.onCall?.({
            service: service.naam,
            seconds: (performance.now() - started) / 1000,
            errorCode,
            breaker: state,
          });
        }
      },
    );
  }

  async function sendInSpan(
    service: MagdaServiceInfo,
    body: string,
    afzender: Afzender,
    referte: string,
    vraagReferte: string,
    span: Span,
  ): Promise<{ inhoud: Record<string, unknown>; warnings: MagdaUitzondering[]; mtom?: MtomMessage }> {
    if (referte.length < 1 || referte.length > 36)
      throw new TypeError('MAGDA referte must be 1 to 36 characters');
    const b = breaker(service);
    span.setAttribute('magda.breaker.state_before', b.state);
    if (!b.tryAcquire()) {
      throw new MagdaTransientError(service.naam, 'CIRCUIT_OPEN', `MAGDA ${service.naam}: circuit open`, {
        retryAfterMs: b.retryAfterMs(),
      });
    }
    const started = Date.now();
    let envelope = envelopeXml({
      service,
      afzender,
      referte,
      vraagReferte,
      inhoud: body,
      at: clock.now(),
      bodyId: `id-${randomUUID()}`,
    });
    if (config.signing) envelope = signEnvelope(envelope, config.signing, `X509-${randomUUID()}`);
    try {
      let res: { status: number; body: string; contentType?: string | undefined; bytes?: Buffer | undefined };
      try {
        res = await postSoap(endpoint, envelope, { ...(agent ? { agent } : {}), timeoutMs: requestMs });
      } catch (error) {
        const timeout = (error as { code?: string }).code === 'ETIMEDOUT';
        throw new MagdaTransientError(
          service.naam,
          timeout ? 'TIMEOUT' : 'NETWORK',
          `MAGDA ${service.naam}: ${timeout ? 'timeout' : 'network error'}`,
          { cause: error },
        );
      }
      // An MTOM answer (multipart/related): the envelope is the root part, binaries are attachments.
      let mtom: MtomMessage | undefined;
      if (isMultipartRelated(res.contentType) && res.bytes) {
        try {
          mtom = parseMtom(res.bytes, res.contentType as string);
          res = { status: res.status, body: mtom.xml };
        } catch (error) {
          throw new MagdaTransientError(
            service.naam,
            '60007',
            `MAGDA ${service.naam}: unreadable MTOM answer`,
            {
              cause: error,
            },
          );
        }
      }
      const result = { ...interpret(service, res, referte), ...(mtom ? { mtom } : {}) };
      b.recordSuccess();
      logger.debug('magda call', { service: service.naam, referte, outcome: 'ok', ms: Date.now() - started });
      return result;
    } catch (error) {
      if (error instanceof MagdaTransientError) b.recordFailure();
      else b.recordSuccess();
      logger.info('magda call failed', {
        service: service.naam,
        referte,
        code: (error as { code?: string }).code,
        ms: Date.now() - started,
      });
      throw error;
    }
  }

  function interpret(
    service: MagdaServiceInfo,
    res: { status: number; body: string },
    referte: string,
  ): { inhoud: Record<string, unknown>; warnings: MagdaUitzondering[] } {
    let doc: Record<string, unknown> | undefined;
    try {
      doc = res.body ? parseXml(res.body) : undefined;
    } catch {
      doc = undefined;
    }
    const bodyNode = obj(obj(doc?.Envelope).Body);
    const fault = bodyNode.Fault ? obj(bodyNode.Fault) : undefined;
    if (fault) {
      const faultcode = text(fault.faultcode) ?? '';
      if (/InvalidSecurity|FailedCheck|FailedAuthentication|SecurityTokenUnavailable/.test(faultcode)) {
        throw new MagdaPermanentError(
          service.naam,
          'SECURITY',
          undefined,
          `MAGDA ${service.naam}: WS-Security refused (${faultcode})`,
        );
      }
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      throw new MagdaTransientError(
        service.naam,
        `HTTP_${res.status}`,
        `MAGDA ${service.naam}: HTTP ${res.status}`,
      );
    }
    if (res.status !== 200 || !doc) {
      throw new MagdaPermanentError(
        service.naam,
        `HTTP_${res.status}`,
        undefined,
        `MAGDA ${service.naam}: HTTP ${res.status}`,
      );
    }
    const repliek = obj(obj(bodyNode[`${service.naam}Response`]).Repliek);
    if (!bodyNode[`${service.naam}Response`]) {
      throw new MagdaTransientError(service.naam, '60007', `MAGDA ${service.naam}: unreadable answer`);
    }
    const echoed = text(obj(obj(obj(repliek.Context).Bericht).Ontvanger).Referte);
    if (echoed !== undefined && echoed !== referte) {
      logger.warn('magda answer carries another referte', { service: service.naam, referte, echoed });
    }
    const antwoord = obj(arr(obj(repliek.Antwoorden).Antwoord)[0]);
    const all = [...uitzonderingen(repliek), ...uitzonderingen(antwoord)];
    const error = errorForUitzonderingen(service.naam, all);
    if (error) throw error;
    return { inhoud: obj(antwoord.Inhoud), warnings: all };
  }

  const regKey = (a: Afzender, insz: string) => `${a.identificatie}|${a.hoedanigheid}|${insz}`;

  async function register(insz: string, afzender: Afzender, consultationReferte: string): Promise<MagdaMeta> {
    const today = clock.now();
    const begin = isoDate(today);
    const einde = isoDate(new Date(today.getTime() + periodDays * DAY));
    const referte = randomUUID();
    const r = await send(
      MAGDA_SERVICES.RegistreerInschrijving,
      inhoud.RegistreerInschrijving({ insz, begin, einde }, afzender.hoedanigheid),
      afzender,
      referte,
      // The Vraag Referte links the registration to the consultation that needed it.
      consultationReferte,
    );
    registrations.set(regKey(afzender, insz), einde);
    return { referte, warnings: r.warnings };
  }

  /** Sends a consultation; registers the person in the repertorium first when the service needs it. */
  async function consult(
    service: MagdaServiceInfo,
    body: string,
    options: MagdaCallOptions,
    insz?: string,
  ): Promise<{ inhoud: Record<string, unknown>; warnings: MagdaUitzondering[]; mtom?: MtomMessage }> {
    const afzender = afzenderFor(options.purpose);
    if (service.repertorium && insz) {
      const until = registrations.get(regKey(afzender, insz));
      if (!until || until < isoDate(clock.now())) await register(insz, afzender, options.referte);
    }
    try {
      return await send(service, body, afzender, options.referte, options.referte);
    } catch (error) {
      // Production MAGDA answers 13202 when the registration is missing (e.g. expired early):
      // register once more and ask again, with a fresh message referte linked by the Vraag Referte.
      if (
        service.repertorium &&
        insz &&
        error instanceof MagdaPermanentError &&
        error.uitzonderingCode === '13202'
      ) {
        registrations.delete(regKey(afzender, insz));
        await register(insz, afzender, options.referte);
        return send(service, body, afzender, randomUUID(), options.referte);
      }
      throw error;
    }
  }

  const meta = (referte: string, warnings: MagdaUitzondering[]): MagdaMeta => ({ referte, warnings });

  return {
    async geefAttest(c, o) {
      const r = await consult(MAGDA_SERVICES.GeefAttest, inhoud.GeefAttest(c), o, c.insz);
      const attest = obj(r.inhoud.Attest);
      const b64 = text(attest.Document) ?? '';
      if (!b64)
        throw new MagdaTransientError('GeefAttest', '60007', 'MAGDA GeefAttest: answer without document');
      return {
        ...meta(o.referte, r.warnings),
        insz: text(attest.INSZ) ?? c.insz,
        document: new Uint8Array(Buffer.from(b64, 'base64')),
      };
    },
    async geefPersoon(c, o) {
      const r = await consult(MAGDA_SERVICES.GeefPersoon, inhoud.GeefPersoon(c), o, c.insz);
      return { ...meta(o.referte, r.warnings), persoon: persoon(r.inhoud.Persoon) };
    },
    async geefGezinssamenstelling(c, o) {
      const r = await consult(
        MAGDA_SERVICES.GeefGezinssamenstelling,
        inhoud.GeefGezinssamenstelling(c),
        o,
        c.insz,
      );
      return { ...meta(o.referte, r.warnings), gezinsleden: gezinsleden(r.inhoud) };
    },
    async geefHistoriekPersoon(c, o) {
      const r = await consult(MAGDA_SERVICES.GeefHistoriekPersoon, inhoud.GeefHistoriekPersoon(c), o, c.insz);
      return { ...meta(o.referte, r.warnings), historiek: historiek(r.inhoud.HistoriekPersoon) };
    },
    async registreerInschrijving(c, o) {
      const afzender = afzenderFor(o.purpose);
      const r = await send(
        MAGDA_SERVICES.RegistreerInschrijving,
        inhoud.RegistreerInschrijving(c, afzender.hoedanigheid),
        afzender,
        o.referte,
        o.referte,
      );
      registrations.set(regKey(afzender, c.insz), c.einde);
      return meta(o.referte, r.warnings);
    },
    async zoekAktenBurgerlijkeStand(c, o) {
      const r = await consult(
        MAGDA_SERVICES.ZoekAktenBurgerlijkeStand,
        inhoud.ZoekAktenBurgerlijkeStand(c),
        o,
      );
      return { ...meta(o.referte, r.warnings), akten: akteSynopses(r.inhoud) };
    },
    async geefAkteBurgerlijkeStand(c, o) {
      const r = await consult(MAGDA_SERVICES.GeefAkteBurgerlijkeStand, inhoud.GeefAkteBurgerlijkeStand(c), o);
      const akte = obj(r.inhoud.AkteBurgerlijkeStand);
      const part = obj(akte.Afschrift ?? akte.Uittreksel);
      const b64 = text(part.Document) ?? text(obj(part.Document).Inhoud);
      return {
        ...meta(o.referte, r.warnings),
        documentReferte: text(akte.DocumentReferte) ?? c.documentReferte,
        ...(b64 ? { document: new Uint8Array(Buffer.from(b64, 'base64')) } : {}),
      };
    },
    async geefUittrekselStrafregister(c, o) {
      const r = await consult(
        MAGDA_SERVICES.GeefUittrekselStrafregister,
        inhoud.GeefUittrekselStrafregister(c),
        o,
      );
      const u = obj(r.inhoud.UittrekselStrafregister);
      const id = text(u.Identificatienummer);
      const bestand = u.Bestand === undefined ? undefined : obj(u.Bestand);
      const naam = text(bestand?.Naam);
      let part: MimePart | undefined;
      if (bestand) {
        const href = text(obj(bestand.Include)['@href']);
        part = href && r.mtom ? resolveXopHref(r.mtom, href) : undefined;
        // A Bestand whose attachment is missing is an unreadable answer: ask again later.
        if (!part) {
          throw new MagdaTransientError(
            'GeefUittrekselStrafregister',
            '60007',
            'MAGDA GeefUittrekselStrafregister: Bestand without its MTOM attachment',
          );
        }
      }
      return {
        ...meta(o.referte, r.warnings),
        insz: text(u.INSZ) ?? ('insz' in c ? c.insz : ''),
        status: text(u.Status) ?? '',
        ...(id ? { identificatienummer: id } : {}),
        ...(naam ? { bestandsnaam: naam } : {}),
        ...(part ? { document: new Uint8Array(part.body) } : {}),
      };
    },
    async geefStatusUittrekselStrafregister(c, o) {
      const r = await consult(
        MAGDA_SERVICES.GeefStatusUittrekselStrafregister,
        inhoud.GeefStatusUittrekselStrafregister(c),
        o,
      );
      const list = arr(
        obj(obj(r.inhoud.StatusUittrekselStrafregister).InformatieUittreksels).InformatieUittreksel,
      );
      return {
        ...meta(o.referte, r.warnings),
        uittreksels: list.map((x) => {
          const i = obj(x);
          const ref = text(i.Referentie);
          return {
            status: text(i.Status) ?? '',
            insz: text(i.INSZ) ?? '',
            taal: text(i.Taal) ?? '',
            typeUittreksel: text(i.TypeUittreksel) ?? '',
            identificatienummer: text(i.Identificatienummer) ?? '',
            gedownload: text(i.Gedownload) === '1',
            ...(ref ? { referentie: ref } : {}),
          };
        }),
      };
    },
    async geefTypesUittrekselStrafregister(c, o) {
      const r = await consult(
        MAGDA_SERVICES.GeefTypesUittrekselStrafregister,
        inhoud.GeefTypesUittrekselStrafregister(c),
        o,
      );
      return {
        ...meta(o.referte, r.warnings),
        types: arr(r.inhoud.TypesUittreksel).map((t) => {
          const x = obj(t);
          const om = text(x.Omschrijving);
          return { code: text(x.Code) ?? '', ...(om ? { omschrijving: om } : {}) };
        }),
      };
    },
    async geefFuncties(c, o) {
      const r = await consult(MAGDA_SERVICES.GeefFuncties, inhoud.GeefFuncties(c), o);
      return { ...meta(o.referte, r.warnings), functies: functies(r.inhoud) };
    },
    circuitState(service) {
      return breaker(MAGDA_SERVICES[service]).state;
    },
    close() {
      agent?.destroy();
    },
  };
}
