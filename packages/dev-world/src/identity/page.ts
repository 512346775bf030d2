import type { AuthMeans, UiLocale } from '@smartloket/core';
import { localize, MEANS_LEVEL } from '@smartloket/core';
import type { Persona } from '@smartloket/dev-population';

/** Escapes text for HTML element content and attribute values. */
export function html(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type T = { nl: string; fr: string; en: string };

const TEXT = {
  title: {
    nl: 'Aanmelden (ontwikkelomgeving)',
    fr: 'Connexion (environnement de développement)',
    en: 'Log in (development environment)',
  },
  warning: {
    nl: 'Dit is een testaanmelding met fictieve personen. Gebruik ze nooit voor echte gegevens.',
    fr: "Ceci est une connexion de test avec des personnes fictives. Ne l'utilisez jamais pour de vraies données.",
    en: 'This is a test login with fictitious people. Never use it for real data.',
  },
  forClient: { nl: 'U meldt zich aan voor', fr: 'Vous vous connectez à', en: 'You are logging in to' },
  who: { nl: 'Wie bent u?', fr: 'Qui êtes-vous ?', en: 'Who are you?' },
  means: { nl: 'Aanmeldmiddel', fr: 'Moyen de connexion', en: 'Means of login' },
  capacity: { nl: 'Hoedanigheid', fr: 'Qualité', en: 'Capacity' },
  asCitizen: { nl: 'Als burger', fr: 'En tant que citoyen', en: 'As a citizen' },
  asPersona: {
    nl: 'Voor de organisatie of het bestuur van de persona (als die er een heeft)',
    fr: "Pour l'organisation ou l'administration de la personne (si elle en a une)",
    en: "For the persona's organisation or administration (when it has one)",
  },
  submit: { nl: 'Aanmelden', fr: 'Se connecter', en: 'Log in' },
  cancel: { nl: 'Annuleren', fr: 'Annuler', en: 'Cancel' },
  language: { nl: 'Taal', fr: 'Langue', en: 'Language' },
  invalid: {
    nl: 'Kies een persona, een aanmeldmiddel en een hoedanigheid.',
    fr: 'Choisissez une personne, un moyen de connexion et une qualité.',
    en: 'Choose a persona, a means of login and a capacity.',
  },
  level: {
    nl: { high: 'hoog', substantial: 'substantieel', low: 'laag', none: 'geen' },
    fr: { high: 'élevé', substantial: 'substantiel', low: 'faible', none: 'aucun' },
    en: { high: 'high', substantial: 'substantial', low: 'low', none: 'none' },
  },
} satisfies Record<string, T | Record<UiLocale, Record<string, string>>>;

const MEANS_LABEL: Record<AuthMeans, string> = {
  eid: 'eID (kaartlezer)',
  itsme: 'itsme',
  csamtotp: 'CSAM TOTP',
  csamsms: 'CSAM sms',
  csampassword: 'CSAM gebruikersnaam en wachtwoord',
  counter: 'Loket',
  email: 'E-mail',
  api: 'API',
};

const LANGUAGES: { code: UiLocale; name: string }[] = [
  { code: 'nl', name: 'Nederlands' },
  { code: 'fr', name: 'Français' },
  { code: 'en', name: 'English' },
];

const STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
.warn{border-left:.4rem solid #b35c00;background:#fff4e5;padding:.5rem 1rem}
.error{border-left:.4rem solid #b00020;background:#fde7ea;padding:.5rem 1rem}
fieldset{margin:1rem 0;border:1px solid #767676;border-radius:.3rem}
legend{font-weight:700;padding:0 .3rem}
label{display:block;padding:.2rem 0}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #0055cc;outline-offset:2px}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}
.hint{color:#4a4a4a}`;

/** What the login page shows. */
export interface LoginPageModel {
  locale: UiLocale;
  action: string;
  selfUrl: string;
  clientName: string;
  personas: readonly Persona[];
  means: readonly AuthMeans[];
  selected: { persona?: string | undefined; means?: AuthMeans | undefined; capacity: 'BUR' | 'persona' };
  error?: boolean;
}

/** Renders the dev provider's login page: server-rendered, no script, Dutch first. */
export function renderLoginPage(m: LoginPageModel): string {
  const t = (x: T) => x[m.locale];
  const levels = TEXT.level[m.locale];
  const personaKey = m.selected.persona ?? m.personas[0]?.key;
  const meansKey = m.selected.means ?? m.means[0];
  const personas = m.personas
    .map((p) => {
      const id = `persona-${p.key}`;
      const org = p.organisation ? ` · ${p.organisation.name}` : '';
      return `<label for="${html(id)}"><input type="radio" id="${html(id)}" name="persona" value="${html(p.key)}"${p.key === personaKey ? ' checked' : ''} required> <strong>${html(`${p.givenName} ${p.familyName}`)}</strong> <span class="hint">(${html(p.capacity)}${html(org)}) — ${html(localize(p.description, m.locale))}</span></label>`;
    })
    .join('\n');
  const means = m.means
    .map((x) => {
      const id = `means-${x}`;
      return `<label for="${html(id)}"><input type="radio" id="${html(id)}" name="means" value="${html(x)}"${x === meansKey ? ' checked' : ''} required> ${html(MEANS_LABEL[x])} <span class="hint">(${html(levels[MEANS_LEVEL[x]])})</span></label>`;
    })
    .join('\n');
  const capacity = (['persona', 'BUR'] as const)
    .map((c) => {
      const id = `capacity-${c}`;
      const label = c === 'BUR' ? t(TEXT.asCitizen) : t(TEXT.asPersona);
      return `<label for="${html(id)}"><input type="radio" id="${html(id)}" name="capacity" value="${c}"${c === m.selected.capacity ? ' checked' : ''}> ${html(label)}</label>`;
    })
    .join('\n');
  const languages = LANGUAGES.map((l) =>
    l.code === m.locale
      ? `<strong lang="${l.code}" aria-current="true">${l.name}</strong>`
      : `<a lang="${l.code}" hreflang="${l.code}" href="${html(`${m.selfUrl}?lang=${l.code}`)}">${l.name}</a>`,
  ).join(' · ');
  return `<!DOCTYPE html>
<html lang="${m.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(t(TEXT.title))}</title>
<style>${STYLE}</style>
</head>
<body>
<nav aria-label="${html(t(TEXT.language))}"><p>${languages}</p></nav>
<main>
<h1>${html(t(TEXT.title))}</h1>
<p class="warn" role="note">${html(t(TEXT.warning))}</p>
<p>${html(t(TEXT.forClient))} <strong>${html(m.clientName)}</strong>.</p>
${m.error ? `<p class="error" role="alert">${html(t(TEXT.invalid))}</p>` : ''}
<form method="post" action="${html(m.action)}">
<fieldset><legend>${html(t(TEXT.who))}</legend>
${personas}
</fieldset>
<fieldset><legend>${html(t(TEXT.means))}</legend>
${means}
</fieldset>
<fieldset><legend>${html(t(TEXT.capacity))}</legend>
${capacity}
</fieldset>
<button type="submit" name="action" value="login">${html(t(TEXT.submit))}</button>
<button type="submit" name="action" value="cancel" formnovalidate>${html(t(TEXT.cancel))}</button>
</form>
</main>
</body>
</html>`;
}

/** A minimal page in the same style (errors, logout). */
export function renderSimplePage(locale: UiLocale, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${html(title)}</h1>
${body}
</main>
</body>
</html>`;
}
