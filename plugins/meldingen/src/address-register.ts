/**
 * The Flemish address register, for "where is it?": an address typed by the reporter is matched
 * with the Adressenregister's address match (`GET /v2/adresmatch`, OSLO JSON with the position
 * as GML in Lambert 72), and a point clicked on the map is turned into the nearest address with
 * Digitaal Vlaanderen's Geolocation service (`GET /v4/Location?xy=`), which reads the same
 * register: the Adressenregister itself has no search by coordinate (decision 1500). The dev
 * world's simulator answers both with the same JSON.
 */
import type { LocalizedText } from '@smartloket/core';
import {
  type Lambert72Point,
  locationFromLambert72,
  type ReportLocation,
  toLambert72,
  type Wgs84Point,
} from './geo.js';

/** Where the services are; the defaults are the public Flemish endpoints. */
export interface AddressRegisterOptions {
  /** The Basisregisters API root (without `/v2`). */
  baseUrl?: string;
  /** The Geolocation service root (without `/v4`). */
  geolocationUrl?: string;
  /** How long to wait for an answer (default 5000 ms); the reporter is waiting. */
  timeoutMs?: number;
  /** A fetch to use instead of the global one (tests). */
  fetch?: typeof fetch;
}

/** The default Basisregisters API root. */
export const ADDRESS_REGISTER_URL = 'https://api.basisregisters.vlaanderen.be';
/** The default Geolocation service root. */
export const GEOLOCATION_URL = 'https://geo.api.vlaanderen.be/geolocation';

/** An address found in the register, with its position. */
export interface FoundAddress {
  /** The register's id (objectId) when known. */
  id?: string | undefined;
  /** The full address as the register writes it: `Kerkstraat 12, 9999 Smartegem`. */
  label: string;
  street: string;
  houseNumber: string;
  box?: string | undefined;
  postcode: string;
  municipality: string;
  /** The address position, in both systems. */
  location: ReportLocation;
  /** The match score (0-100) of an address match. */
  score?: number | undefined;
}

/** The register could not be reached or answered with an error; the map and the free text still work. */
export class AddressRegisterUnavailable extends Error {
  readonly userMessage: LocalizedText = {
    nl: 'Het adressenregister is nu niet bereikbaar. Duid de plaats aan op de kaart of beschrijf ze in het veld "Adres of omschrijving".',
    fr: "Le registre des adresses n'est pas joignable pour le moment. Indiquez l'endroit sur la carte ou décrivez-le dans le champ « Adresse ou description ».",
    en: 'The address register cannot be reached right now. Mark the place on the map or describe it in the "Address or description" field.',
  };
  constructor(message: string) {
    super(message);
    this.name = 'AddressRegisterUnavailable';
  }
}

/** A typed address split into street, number and box: `Kerkstraat 12`, `Kerkstraat 12 bus 2`, `Stationsstraat 5/2`. */
export function parseStreetAddress(
  text: string,
): { street: string; houseNumber?: string; box?: string } | undefined {
  const t = text.trim().replace(/\s+/g, ' ').replace(/,.*$/, '');
  if (t.length < 2 || t.length > 150) return undefined;
  const m = /^(.*?\D)\s*(\d+[a-zA-Z]?)(?:\s*(?:bus|bte|boîte|box|\/)\s*([\w.-]+))?$/i.exec(t);
  if (!m) return { street: t };
  return { street: m[1]!.trim(), houseNumber: m[2]!, ...(m[3] ? { box: m[3] } : {}) };
}

const GML_POS = /<gml:pos>\s*([-\d.]+)\s+([-\d.]+)\s*<\/gml:pos>/;

/** The address register client. */
export class AddressRegister {
  private readonly baseUrl: string;
  private readonly geolocationUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: AddressRegisterOptions = {}) {
    this.baseUrl = (options.baseUrl ?? ADDRESS_REGISTER_URL).replace(/\/$/, '');
    this.geolocationUrl = (options.geolocationUrl ?? GEOLOCATION_URL).replace(/\/$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchFn = options.fetch ?? fetch;
  }

  /**
   * Address match in one municipality (name or postcode). Returns the matches with a position,
   * best first; an empty list when nothing matches. Throws {@link AddressRegisterUnavailable}
   * when the register does not answer or answers with an error.
   */
  async match(query: {
    municipality?: string | undefined;
    postcode?: string | undefined;
    street: string;
    houseNumber?: string | undefined;
    box?: string | undefined;
  }): Promise<FoundAddress[]> {
    const params = new URLSearchParams();
    if (query.municipality) params.set('gemeentenaam', query.municipality);
    if (query.postcode) params.set('postcode', query.postcode);
    params.set('straatnaam', query.street);
    if (query.houseNumber) params.set('huisnummer', query.houseNumber);
    if (query.box) params.set('busnummer', query.box);
    const body = (await this.get(`${this.baseUrl}/v2/adresmatch?${params}`)) as AdresMatchCollectie;
    const found: FoundAddress[] = [];
    for (const m of body.adresMatches ?? []) {
      const pos = GML_POS.exec(m.adresPositie?.geometrie?.gml ?? '');
      if (!pos || !m.huisnummer) continue; // a street without a number has no position of its own
      found.push({
        id: m.identificator?.objectId,
        label: m.volledigAdres?.geografischeNaam?.spelling ?? '',
        street: m.straatnaam?.straatnaam?.geografischeNaam?.spelling ?? '',
        houseNumber: m.huisnummer,
        box: m.busnummer ?? undefined,
        postcode: m.postinfo?.objectId ?? '',
        municipality: m.gemeente?.gemeentenaam?.geografischeNaam?.spelling ?? '',
        location: locationFromLambert72({ x: Number(pos[1]), y: Number(pos[2]) }),
        score: m.score,
      });
    }
    return found;
  }

  /** Matches a typed address (`Kerkstraat 12`) in the municipality; an empty list when it cannot be read. */
  async search(text: string, where: { municipality?: string; postcode?: string }): Promise<FoundAddress[]> {
    const parsed = parseStreetAddress(text);
    if (!parsed) return [];
    return this.match({ ...where, ...parsed });
  }

  /** The address nearest to a point, or null when there is none near it. */
  async reverse(point: Wgs84Point | Lambert72Point): Promise<FoundAddress | null> {
    const l = 'x' in point ? point : toLambert72(point);
    const params = new URLSearchParams({ xy: `${l.x.toFixed(2)},${l.y.toFixed(2)}`, c: '1' });
    const body = (await this.get(`${this.geolocationUrl}/v4/Location?${params}`)) as LocationResponse;
    const r = body.LocationResult?.[0];
    if (!r?.Location || !r.Housenumber) return null;
    return {
      id: r.ID === undefined ? undefined : String(r.ID),
      label: r.FormattedAddress,
      street: r.Thoroughfarename,
      houseNumber: r.Housenumber,
      postcode: r.Zipcode,
      municipality: r.Municipality,
      location: locationFromLambert72({ x: r.Location.X_Lambert72, y: r.Location.Y_Lambert72 }),
    };
  }

  private async get(url: string): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchFn(url, {
        headers: { accept: 'application/json, application/ld+json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new AddressRegisterUnavailable(`address register not reachable: ${(e as Error).name}`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new AddressRegisterUnavailable(`address register answered HTTP ${res.status}`);
    }
    try {
      return await res.json();
    } catch {
      throw new AddressRegisterUnavailable('address register answered no JSON');
    }
  }
}

/** The parts of the Adressenregister's v2 `AdresMatchCollectie` the client reads. */
interface AdresMatchCollectie {
  adresMatches?: Array<{
    identificator?: { objectId?: string };
    gemeente?: { gemeentenaam?: { geografischeNaam?: { spelling?: string } } };
    postinfo?: { objectId?: string };
    straatnaam?: { straatnaam?: { geografischeNaam?: { spelling?: string } } };
    huisnummer?: string;
    busnummer?: string | null;
    volledigAdres?: { geografischeNaam?: { spelling?: string } };
    adresPositie?: { geometrie?: { gml?: string } };
    score?: number;
  }>;
}

/** The parts of the Geolocation service's v4 answer the client reads. */
interface LocationResponse {
  LocationResult?: Array<{
    ID?: number | string;
    Municipality: string;
    Zipcode: string;
    Thoroughfarename: string;
    Housenumber: string;
    FormattedAddress: string;
    Location?: { X_Lambert72: number; Y_Lambert72: number };
  }>;
}
