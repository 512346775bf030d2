/** The languages of API error details (Accept-Language nl, fr or en; English when none is named). */
export type ApiLocale = 'nl' | 'fr' | 'en';

/** A problem detail in every API language; `{name}` is replaced by a parameter. */
export type ProblemText = Record<ApiLocale, string>;

/** Fills a {@link ProblemText} in `locale` with `params`. */
export function problemText(
  text: ProblemText,
  locale: ApiLocale,
  params: Record<string, string> = {},
): string {
  return text[locale].replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}

/** The details of the API's problems (codes: docs/reference/api.md, "Errors"). */
export const API_PROBLEMS = {
  unauthorized: {
    nl: 'Een geldig bearer-token is vereist.',
    fr: 'Un jeton bearer valide est requis.',
    en: 'A valid bearer token is required.',
  },
  insufficient_scope: {
    nl: 'Deze bewerking vraagt de scope {scope}.',
    fr: 'Cette opération nécessite le scope {scope}.',
    en: 'This operation needs the scope {scope}.',
  },
  type_outside_client: {
    nl: 'Dit aanvraagtype valt buiten de aanvraagtypes van deze API-client.',
    fr: 'Ce type de demande ne fait pas partie des types de ce client API.',
    en: 'This request type is outside the request types of this API client.',
  },
  not_found: {
    nl: 'Niet gevonden.',
    fr: 'Introuvable.',
    en: 'Not found.',
  },
  conflict: {
    nl: 'De aanvraag is intussen gewijzigd; lees ze opnieuw.',
    fr: 'La demande a changé entre-temps ; relisez-la.',
    en: 'The request changed; read it again.',
  },
  illegal_transition: {
    nl: 'Actie {action} kan niet op een aanvraag in status {state}.',
    fr: 'L’action {action} est impossible sur une demande à l’état {state}.',
    en: 'Cannot {action} a request in state {state}.',
  },
  validation_failed: {
    nl: 'De gegevens zijn ongeldig.',
    fr: 'Les données ne sont pas valides.',
    en: 'The input is not valid.',
  },
  invalid_kbo: {
    nl: 'Ongeldig KBO-nummer.',
    fr: 'Numéro BCE non valide.',
    en: 'Invalid KBO number.',
  },
  invalid_query: {
    nl: 'De queryparameters zijn ongeldig.',
    fr: 'Les paramètres de la requête ne sont pas valides.',
    en: 'The query parameters are not valid.',
  },
  unknown_state: {
    nl: 'Onbekende status {state}.',
    fr: 'État inconnu {state}.',
    en: 'Unknown state {state}.',
  },
  invalid_cursor: {
    nl: 'Ongeldige paginacursor.',
    fr: 'Curseur de pagination non valide.',
    en: 'Invalid page cursor.',
  },
  too_many_requests: {
    nl: 'Te veel verzoeken; probeer het later opnieuw.',
    fr: 'Trop de requêtes ; réessayez plus tard.',
    en: 'Too many requests; try again later.',
  },
  invalid_client: {
    nl: 'Onbekende API-client of verkeerd geheim.',
    fr: 'Client API inconnu ou secret erroné.',
    en: 'Unknown API client or wrong secret.',
  },
  unsupported_grant_type: {
    nl: 'Alleen grant_type=client_credentials wordt ondersteund.',
    fr: 'Seul grant_type=client_credentials est pris en charge.',
    en: 'Only grant_type=client_credentials is supported.',
  },
} satisfies Record<string, ProblemText>;
