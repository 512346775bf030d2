/**
 * The plugin: one report type per main category (`meldingen.<category>`), each with its
 * sub-categories, the place (an address, a point on the map, the register's address), a
 * description and up to three photos. Options: the municipality's name and boundary, the
 * address register, and the main categories the report types are made from.
 */
import {
  type ChoiceOption,
  defineChoice,
  definePlugin,
  defineRequestType,
  type Field,
  type FormDefinition,
  fields,
  form,
  type LocalizedText,
  localize,
  type RequestTypeDefinition,
  z,
} from '@smartloket/core';
import { AddressRegister } from './address-register.js';
import { type Boundary, boundarySchema, createBoundary, OUTSIDE_MUNICIPALITY } from './boundary.js';
import { categoryIdSchema, categoryNameSchema } from './categories.js';
import { DEFAULT_DUPLICATE_RADIUS_METRES } from './duplicates.js';
import { parseLatLon, reportHandling } from './filing.js';
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from './photos.js';

/** A main category as the deployment declares it: it becomes a report type. */
const mainCategoryOption = z.object({
  id: categoryIdSchema,
  name: categoryNameSchema,
  /** Sub-categories offered in the form (the back-office adds team, handling time and answers). */
  subCategories: z.array(z.object({ id: categoryIdSchema, name: categoryNameSchema })).default([]),
  /** Whether reports without login are accepted for this category. */
  anonymousAllowed: z.boolean().default(true),
});

/** The default main categories: what Flemish municipalities most often receive. */
export const DEFAULT_CATEGORIES: z.input<typeof mainCategoryOption>[] = [
  {
    id: 'verlichting',
    name: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' },
    subCategories: [
      { id: 'lamp-uit', name: { nl: 'Lamp brandt niet', fr: 'Lampe éteinte', en: 'Lamp is out' } },
      {
        id: 'lamp-dag',
        name: { nl: 'Lamp brandt overdag', fr: 'Lampe allumée le jour', en: 'Lamp is on by day' },
      },
      { id: 'paal', name: { nl: 'Paal beschadigd', fr: 'Poteau endommagé', en: 'Damaged pole' } },
    ],
  },
  {
    id: 'wegdek',
    name: { nl: 'Wegdek en voetpad', fr: 'Chaussée et trottoir', en: 'Road and pavement' },
    subCategories: [
      { id: 'put', name: { nl: 'Put in de weg', fr: 'Nid-de-poule', en: 'Pothole' } },
      { id: 'voetpad', name: { nl: 'Voetpad beschadigd', fr: 'Trottoir endommagé', en: 'Damaged pavement' } },
    ],
  },
  {
    id: 'sluikstort',
    name: { nl: 'Sluikstort en zwerfvuil', fr: 'Dépôt clandestin et déchets', en: 'Fly-tipping and litter' },
  },
  { id: 'groen', name: { nl: 'Groen en bomen', fr: 'Espaces verts et arbres', en: 'Greenery and trees' } },
];

/** The plugin's options, validated at start. */
export const meldingenOptions = z.object({
  /** The municipality's name as the address register writes it (`Smartegem`): the address search looks there. */
  municipality: z.string().trim().min(1).max(100),
  /** The municipality's boundary (GeoJSON, WGS84); a point outside it is refused. */
  boundary: boundarySchema,
  /** Where the address register and the Geolocation service are (default: the public Flemish services). */
  addressRegister: z
    .object({
      url: z.url().optional(),
      geolocationUrl: z.url().optional(),
      timeoutMs: z.number().int().min(500).max(30_000).optional(),
    })
    .default({}),
  /**
   * The background map of the form's map (Leaflet): an XYZ tile URL template with `{z}`, `{x}`,
   * `{y}` (a WMTS in Web Mercator written as such a template, e.g. the Flemish GRB, or
   * OpenStreetMap), its attribution, and where the map opens. The portal's CSP allows exactly
   * the tile URL's origin.
   */
  map: z
    .object({
      tileUrl: z
        .string()
        .regex(/^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/, {
          message: 'an http(s) URL template with {z}, {x} and {y}',
        })
        .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
      attribution: z.string().max(200).default('© OpenStreetMap'),
      /** Where the map opens (default: the middle of the boundary's box). */
      centre: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
      zoom: z.number().int().min(8).max(19).default(15),
    })
    .default({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap',
      zoom: 15,
    }),
  /**
   * Development only: `smartloket dev` puts the dev world's address-register simulator and map
   * tile stand-in into `addressRegister` and `map.tileUrl`, so the demo needs no network;
   * `smartloket start` refuses it.
   */
  simulator: z.boolean().default(false),
  /** Open reports of the same category within this many metres are shown before filing. */
  duplicateRadiusMetres: z.number().int().min(0).max(2000).default(DEFAULT_DUPLICATE_RADIUS_METRES),
  /** The main categories; each becomes a report type `meldingen.<id>`. */
  categories: z
    .array(mainCategoryOption)
    .min(1)
    .default(() => DEFAULT_CATEGORIES.map((c) => mainCategoryOption.parse(c))),
});

/** Options as given in the config. */
export type MeldingenOptionsInput = z.input<typeof meldingenOptions>;
/** Options after validation. */
export type MeldingenOptions = z.output<typeof meldingenOptions>;

/** Fills `{municipality}` in every language. */
function withMunicipality(text: LocalizedText, municipality: string): LocalizedText {
  return Object.fromEntries(
    Object.entries(text).map(([l, t]) => [l, t.replaceAll('{municipality}', municipality)]),
  ) as LocalizedText;
}

/**
 * The location field: `lat,lon` set by the map (a click, the device's location or a found
 * address). Optional, so the form works without JavaScript. A malformed value is `invalid`; a
 * point outside the boundary is refused with the municipality's message (`text.pattern`).
 */
export function locationField(boundary: Boundary, municipality: string, step?: string): Field {
  const base = fields.text({
    ...(step ? { step } : {}),
    label: { nl: 'Punt op de kaart', fr: 'Point sur la carte', en: 'Point on the map' },
    help: {
      nl: 'Klik op de kaart of gebruik uw locatie. Zonder kaart volstaat het adres hierboven.',
      fr: "Cliquez sur la carte ou utilisez votre position. Sans carte, l'adresse ci-dessus suffit.",
      en: 'Click on the map or use your location. Without the map, the address above is enough.',
    },
    optional: true,
    max: 60,
  });
  const schema = base.schema
    .refine((v) => v === undefined || parseLatLon(v as string) !== undefined, { error: 'invalid' })
    .refine(
      (v) => {
        const p = v === undefined ? undefined : parseLatLon(v as string);
        return p === undefined || boundary.contains(p);
      },
      { error: 'text.pattern' },
    );
  return {
    schema,
    meta: {
      ...base.meta,
      kind: 'text',
      patternMessage: withMunicipality(OUTSIDE_MUNICIPALITY, municipality),
    },
  };
}

/** The form of one main category. */
export function reportForm(
  category: z.output<typeof mainCategoryOption>,
  boundary: Boundary,
  municipality: string,
): FormDefinition {
  const subs = category.subCategories;
  return form(
    {
      ...(subs.length > 0
        ? {
            subCategory: fields.choice({
              label: { nl: 'Wat is er aan de hand?', fr: 'Que se passe-t-il ?', en: 'What is the matter?' },
              options: subs.map((s) => ({ value: s.id, label: s.name })) as [
                { value: string; label: LocalizedText },
              ],
              step: 'what',
            }),
          }
        : {}),
      description: fields.textarea({
        label: { nl: 'Beschrijving', fr: 'Description', en: 'Description' },
        help: {
          nl: 'Wat ziet u? Vermeld geen gegevens van andere personen.',
          fr: "Que voyez-vous ? Ne mentionnez pas de données d'autres personnes.",
          en: 'What do you see? Do not mention other people’s details.',
        },
        max: 2000,
        step: 'what',
      }),
      address: fields.text({
        label: {
          nl: 'Adres of omschrijving van de plaats',
          fr: "Adresse ou description de l'endroit",
          en: 'Address or description of the place',
        },
        help: {
          nl: `Bijvoorbeeld: Kerkstraat 12, of "aan de speeltuin achter de kerk". Alleen plaatsen in ${municipality}.`,
          fr: `Par exemple : Kerkstraat 12, ou « à la plaine de jeux derrière l'église ». Uniquement des endroits à ${municipality}.`,
          en: `For example: Kerkstraat 12, or "at the playground behind the church". Only places in ${municipality}.`,
        },
        max: 200,
        step: 'where',
      }),
      location: locationField(boundary, municipality, 'where'),
      addressMatch: fields.dynamicChoice({
        label: {
          nl: 'Welk adres bedoelt u?',
          fr: 'Quelle adresse voulez-vous dire ?',
          en: 'Which address do you mean?',
        },
        help: {
          nl: 'Gevonden in het adressenregister. Kies "Geen van deze" als het er niet bij staat.',
          fr: 'Trouvée dans le registre des adresses. Choisissez « Aucun de ceux-ci » si elle n’y figure pas.',
          en: 'Found in the address register. Choose "None of these" when it is not listed.',
        },
        optional: true,
        step: 'address',
      }),
      ...Object.fromEntries(
        Array.from({ length: MAX_PHOTOS }, (_, i) => [
          `photo${i + 1}`,
          fields.file({
            label: {
              nl: `Foto ${i + 1} (niet verplicht)`,
              fr: `Photo ${i + 1} (facultatif)`,
              en: `Photo ${i + 1} (optional)`,
            },
            accept: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'],
            maxBytes: PHOTO_MAX_BYTES,
            optional: true,
            step: 'photos',
          }),
        ]),
      ),
    },
    {
      steps: [
        {
          id: 'what',
          title: {
            nl: 'Wat wilt u melden?',
            fr: 'Que voulez-vous signaler ?',
            en: 'What do you want to report?',
          },
        },
        { id: 'where', title: { nl: 'Waar is het?', fr: 'Où est-ce ?', en: 'Where is it?' } },
        { id: 'address', title: { nl: 'Welk adres?', fr: 'Quelle adresse ?', en: 'Which address?' } },
        { id: 'photos', title: { nl: "Foto's", fr: 'Photos', en: 'Photos' } },
      ],
    },
  );
}

/**
 * The address choice: the register's matches for what was typed, inside the boundary. The value
 * is the Lambert 72 position (`x,y`, centimetres), so the place is stored without a second call.
 */
function addressChoice(register: AddressRegister, boundary: Boundary, municipality: string) {
  return defineChoice({
    unavailable: {
      nl: 'Het adressenregister is nu niet bereikbaar. Uw omschrijving van de plaats volstaat; u kunt verdergaan.',
      fr: "Le registre des adresses n'est pas joignable pour le moment. Votre description de l'endroit suffit ; vous pouvez continuer.",
      en: 'The address register cannot be reached right now. Your description of the place is enough; you can go on.',
    },
    async load(ctx): Promise<ChoiceOption[]> {
      const typed = typeof ctx.values.address === 'string' ? ctx.values.address : '';
      if (!typed) return [];
      const found = await register.search(typed, { municipality });
      return found
        .filter((a) => boundary.contains(a.location.wgs84))
        .map((a) => ({
          value: `${a.location.lambert72.x.toFixed(2)},${a.location.lambert72.y.toFixed(2)}`,
          label: { nl: a.label },
        }));
    },
  });
}

/** The report type of one main category. */
export function reportType(
  category: z.output<typeof mainCategoryOption>,
  options: MeldingenOptions,
  boundary: Boundary,
  register: AddressRegister,
): RequestTypeDefinition {
  return defineRequestType({
    id: `meldingen.${category.id}`,
    kind: 'report',
    title: category.name,
    description: {
      nl: `Meld een probleem in de categorie ${category.name.nl.toLowerCase()}: duid de plaats aan, voeg foto's toe en volg de behandeling online.`,
      fr: `Signalez un problème de la catégorie ${category.name.fr.toLowerCase()} : indiquez l'endroit, ajoutez des photos et suivez le traitement en ligne.`,
      en: `Report a problem about ${category.name.en.toLowerCase()}: mark the place, add photos and follow it online.`,
    },
    expectedDelivery: {
      nl: 'Een medewerker bekijkt uw melding; u ziet de stand van zaken online.',
      fr: 'Un collaborateur examine votre signalement ; vous en voyez le suivi en ligne.',
      en: 'A staff member looks at your report; you see where it stands online.',
    },
    theme: 'openbaar-domein',
    audience: category.anonymousAllowed
      ? ['citizen', 'organisation', 'anonymous']
      : ['citizen', 'organisation'],
    minimumLevel: 'low',
    form: reportForm(category, boundary, options.municipality),
    choices: { addressMatch: addressChoice(register, boundary, options.municipality) },
    subject: () => ({ relation: 'none' }),
    rules: [],
    retention: { formDataDays: 365 },
    report: reportHandling(category, boundary, options.duplicateRadiusMetres),
  });
}

/** Makes the plugin (the default export is made with the defaults). */
export function createMeldingenPlugin() {
  return definePlugin({
    id: 'meldingen',
    packageName: '@smartloket/plugin-meldingen',
    version: '0.1.0',
    title: { nl: 'Meldingen', fr: 'Signalements', en: 'Reports' },
    compat: { core: '^0.1.0' },
    options: meldingenOptions,
    register({ options, requestTypes }) {
      const boundary = createBoundary(options.boundary);
      const register = new AddressRegister({
        baseUrl: options.addressRegister.url,
        geolocationUrl: options.addressRegister.geolocationUrl,
        timeoutMs: options.addressRegister.timeoutMs,
      });
      for (const category of options.categories) {
        requestTypes.add(reportType(category, options, boundary, register));
      }
    },
    checks: ({ options }) => {
      const ids = options.categories.map((c) => c.id);
      const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
      return [
        {
          name: 'categories',
          ok: duplicate === undefined,
          detail:
            duplicate === undefined
              ? `${ids.length} main categories: ${ids.join(', ')}`
              : `main category "${duplicate}" is declared twice`,
        },
        {
          name: 'address register',
          ok: true,
          warning: options.simulator || options.addressRegister.url === undefined,
          detail: options.simulator
            ? "the dev world's address register simulator and map tiles (development only)"
            : options.addressRegister.url === undefined
              ? 'the public Flemish address register (set addressRegister.url for another)'
              : `address register at ${new URL(options.addressRegister.url).origin}`,
        },
      ];
    },
  });
}

/** The plugin with its default categories; a deployment gives `municipality` and `boundary`. */
export const meldingenPlugin = createMeldingenPlugin();

/** Localizes the refusal for a point outside the municipality (for pages that check a point themselves). */
export function outsideMessage(municipality: string, locale: Parameters<typeof localize>[1]): string {
  return localize(withMunicipality(OUTSIDE_MUNICIPALITY, municipality), locale);
}
