/**
 * The Centraal Strafregister in the simulator: GeefUittrekselStrafregister,
 * GeefStatusUittrekselStrafregister and GeefTypesUittrekselStrafregister 02.00 over the synthetic
 * criminal records of `@smartloket/dev-population`. Models 595, 596.1 and 593 are ready at once;
 * 596.2 (activities with minors) waits for a delay on the injected clock (the police check). A
 * ready extract is a PDF made by the simulator's DocumentFactory and sent as an MTOM/XOP
 * attachment. Type and status codes are not public (assumed).
 */
import { type Clock, isValidInsz } from '@smartloket/core';
import { criminalRecordOf, type Person } from '@smartloket/dev-population';
import type { MtomAttachment } from '@smartloket/source-magda';
import { tijdstip, XOP_NS } from '@smartloket/source-magda';
import { el, esc, text } from '@smartloket/source-magda/xml';
import type { DocumentFactory } from './documents.js';

/**
 * Assumed Strafregister types: 596.1 carries the regulated activity as a subtype. `fr` is the
 * Omschrijving when the request asks Taal `fr` (otherwise the Dutch one).
 */
export const STRAFREGISTER_TYPES: readonly { code: string; omschrijving: string; fr: string }[] = [
  { code: '595', omschrijving: 'Model 595: algemeen', fr: 'Modèle 595 : général' },
  {
    code: '596.1-01',
    omschrijving: 'Bewakingsagent (private veiligheid)',
    fr: 'Agent de gardiennage (sécurité privée)',
  },
  { code: '596.1-02', omschrijving: 'Taxichauffeur', fr: 'Chauffeur de taxi' },
  {
    code: '596.1-03',
    omschrijving: 'Vuurwapens: houder of handelaar',
    fr: 'Armes à feu : détenteur ou armurier',
  },
  { code: '596.1-04', omschrijving: 'Detective', fr: 'Détective privé' },
  {
    code: '596.1-05',
    omschrijving: 'Uitbater van een kansspelinrichting',
    fr: 'Exploitant d’un établissement de jeux de hasard',
  },
  {
    code: '596.2',
    omschrijving: 'Model 596.2: activiteiten met minderjarigen',
    fr: 'Modèle 596.2 : activités avec des mineurs',
  },
  { code: '593', omschrijving: 'Model 593: eerherstel', fr: 'Modèle 593 : réhabilitation' },
];

/** Assumed status codes. */
export const STRAFREGISTER_STATUS = { inBehandeling: 'IN_BEHANDELING', klaar: 'KLAAR' } as const;

export interface StrafregisterSimulatorOptions {
  /** Milliseconds (on the injected clock) before an extract of a model is ready. Default 596.2: 2 h. */
  delays?: Record<string, number>;
}

type Answer = { inhoud: string; warnings?: string[]; attachments?: MtomAttachment[] } | { code: string };

interface Extract {
  insz: string;
  type: string;
  taal: 'nl' | 'fr' | 'de';
  at: Date;
  readyAt: Date;
  opmerking?: string;
  referentie?: string;
  downloaded: boolean;
  pdf?: Uint8Array;
}

const TITLE = {
  nl: 'Uittreksel uit het strafregister',
  fr: 'Extrait de casier judiciaire',
  de: 'Auszug aus dem Strafregister',
} as const;

/** The Strafregister's state and answers for one simulator. */
export function createStrafregister(deps: {
  clock: Clock;
  documents: DocumentFactory;
  lookup(insz: string | undefined): { person: Person; warnings: string[] } | { code: string };
  options?: StrafregisterSimulatorOptions | undefined;
}) {
  const delays: Record<string, number> = { '596.2': 2 * 3600_000, ...deps.options?.delays };
  const extracts = new Map<string, Extract>();
  let seq = 0;
  const model = (type: string) => (type.startsWith('596.1') ? '596.1' : type);
  const ready = (x: Extract, now: Date) => now.getTime() >= x.readyAt.getTime();

  async function pdfOf(id: string, x: Extract, p: Person): Promise<Uint8Array> {
    if (x.pdf) return x.pdf;
    const record = criminalRecordOf(x.insz);
    const type = STRAFREGISTER_TYPES.find((t) => t.code === x.type);
    const convictions =
      model(x.type) === '596.2' ? record.convictions.filter((c) => c.minors) : record.convictions;
    const lines = [
      `${p.givenNames.join(' ')} ${p.familyName}`,
      `Geboren op ${p.birthDate}`,
      `Model ${model(x.type)}${model(x.type) === '596.1' && type ? `: ${type.omschrijving}` : ''}`,
      ...(x.opmerking ? [`Doel: ${x.opmerking}`] : []),
      ...(convictions.length
        ? convictions.map((c) => `${c.date} ${c.court}: ${c.offence} - ${c.sentence}`)
        : ['Geen veroordelingen.']),
      ...(model(x.type) === '593' && record.rehabilitatedOn
        ? [`Eerherstel verleend op ${record.rehabilitatedOn}`]
        : []),
      `Identificatienummer ${id}`,
    ];
    x.pdf = await deps.documents.render({
      kind: 'strafregister',
      title: `${TITLE[x.taal]} (model ${model(x.type)})`,
      source: 'Centraal Strafregister',
      language: x.taal,
      person: p,
      gemeenteVanAfgifte: '',
      issuedAt: deps.clock.now(),
      lines,
      verificationUrl: `https://strafregister.simulated.example/verify/${id}`,
    });
    return x.pdf;
  }

  async function uittrekselXml(id: string, x: Extract, now: Date): Promise<Answer> {
    const isReady = ready(x, now);
    const attachments: MtomAttachment[] = [];
    let bestand = '';
    if (isReady) {
      const r = deps.lookup(x.insz);
      if ('code' in r) return r;
      const cid = `${id}.pdf@strafregister.simulated`;
      attachments.push({
        contentId: cid,
        contentType: 'application/pdf',
        bytes: await pdfOf(id, x, r.person),
      });
      bestand = `<Bestand>${el('Naam', `uittreksel-${id}.pdf`)}<xop:Include xmlns:xop="${XOP_NS}" href="cid:${esc(encodeURIComponent(cid))}"/></Bestand>`;
      x.downloaded = true;
    }
    return {
      inhoud: `<UittrekselStrafregister>${el('INSZ', x.insz)}${el(
        'Status',
        isReady ? STRAFREGISTER_STATUS.klaar : STRAFREGISTER_STATUS.inBehandeling,
      )}${el('Identificatienummer', id)}${bestand}</UittrekselStrafregister>`,
      ...(attachments.length ? { attachments } : {}),
    };
  }

  return {
    types(taal?: string): Answer {
      return {
        inhoud: STRAFREGISTER_TYPES.map((t) =>
          el('TypesUittreksel', [
            el('Code', t.code),
            el('Omschrijving', taal === 'fr' ? t.fr : t.omschrijving),
          ]),
        ).join(''),
      };
    },

    async uittreksel(criteria: Record<string, unknown>, now: Date): Promise<Answer> {
      const id = text(criteria.Identificatienummer);
      if (id) {
        const x = extracts.get(id);
        return x ? uittrekselXml(id, x, now) : { code: '30001' };
      }
      const insz = text(criteria.INSZ);
      if (!insz || !isValidInsz(insz)) return { code: '20002' };
      const r = deps.lookup(insz);
      if ('code' in r) return r;
      const type = text(criteria.TypeUittreksel) ?? '';
      if (!STRAFREGISTER_TYPES.some((t) => t.code === type)) return { code: '30001' };
      const taal = (text(criteria.Taal) ?? 'nl') as Extract['taal'];
      if (!['nl', 'fr', 'de'].includes(taal)) return { code: '45811' };
      seq += 1;
      const newId = `${tijdstip(now).datum.replace(/-/g, '')}-${seq}`;
      const opmerking = text(criteria.Opmerking);
      const referentie = text(criteria.Referentie);
      const x: Extract = {
        insz: r.person.insz,
        type,
        taal,
        at: now,
        readyAt: new Date(now.getTime() + (delays[model(type)] ?? 0)),
        downloaded: false,
        ...(opmerking ? { opmerking } : {}),
        ...(referentie ? { referentie } : {}),
      };
      extracts.set(newId, x);
      const a = await uittrekselXml(newId, x, now);
      return 'code' in a ? a : { ...a, warnings: r.warnings };
    },

    status(criteria: Record<string, unknown>, now: Date): Answer {
      const insz = text(criteria.INSZ);
      const referentie = text(criteria.Referentie);
      const klaar = text(criteria.KlaarVoorDownload);
      const list = [...extracts.entries()].filter(
        ([, x]) =>
          (!insz || x.insz === insz) &&
          (!referentie || x.referentie === referentie) &&
          (klaar !== '1' || ready(x, now)),
      );
      return {
        inhoud: el('StatusUittrekselStrafregister', [
          el('Pagina', [
            el('Paginanummer', '1'),
            el('TotaalAantalPaginas', '1'),
            el('TotaalAantalResultaten', String(list.length)),
          ]),
          list.length
            ? el(
                'InformatieUittreksels',
                list.map(([id, x]) => {
                  const t = tijdstip(x.at);
                  return el('InformatieUittreksel', [
                    el(
                      'Status',
                      ready(x, now) ? STRAFREGISTER_STATUS.klaar : STRAFREGISTER_STATUS.inBehandeling,
                    ),
                    el('INSZ', x.insz),
                    el('Taal', x.taal),
                    el('TypeUittreksel', x.type),
                    el('Identificatienummer', id),
                    el('Gedownload', x.downloaded ? '1' : '0'),
                    el('DatumAanvraag', `${t.datum}T${t.tijd}`),
                    el('Opmerking', x.opmerking),
                    el('Referentie', x.referentie),
                  ]);
                }),
              )
            : undefined,
        ]),
      };
    },
  };
}

export type SimulatedStrafregister = ReturnType<typeof createStrafregister>;
