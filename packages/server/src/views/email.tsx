/** @jsxImportSource preact */
import { type Locale, type LocalizedText, localize } from '@smartloket/core';
import { formatDate } from '../messages.js';
import { Layout, type PageContext } from './layout.js';

/** Strings of the e-mail and follow pages (Dutch first, French, English). */
export const EMAIL_TEXT = {
  title: { nl: 'Uw e-mailadres', fr: 'Votre adresse e-mail', en: 'Your e-mail address' },
  askIntro: {
    nl: 'Uw aanmelding gaf ons geen bevestigd e-mailadres. Geef er een op, dan laten we u weten wanneer uw aanvraag behandeld of uw document klaar is.',
    fr: "Votre connexion ne nous a pas fourni d'adresse e-mail confirmée. Indiquez-en une : nous vous préviendrons quand votre demande est traitée ou votre document prêt.",
    en: 'Your login gave us no confirmed e-mail address. Give one and we let you know when your request is handled or your document is ready.',
  },
  current: { nl: 'Bevestigd e-mailadres', fr: 'Adresse e-mail confirmée', en: 'Confirmed e-mail address' },
  none: {
    nl: 'Nog geen bevestigd e-mailadres.',
    fr: "Pas encore d'adresse e-mail confirmée.",
    en: 'No confirmed e-mail address yet.',
  },
  pending: {
    nl: 'Wacht op bevestiging: {email}. Klik op de link in de e-mail die we u stuurden.',
    fr: 'En attente de confirmation : {email}. Cliquez sur le lien dans l’e-mail que nous vous avons envoyé.',
    en: 'Waiting for confirmation: {email}. Click the link in the e-mail we sent you.',
  },
  label: { nl: 'E-mailadres', fr: 'Adresse e-mail', en: 'E-mail address' },
  help: {
    nl: 'We sturen een link om het adres te bevestigen. Pas daarna gebruiken we het.',
    fr: "Nous envoyons un lien pour confirmer l'adresse. Nous ne l'utilisons qu'ensuite.",
    en: 'We send a link to confirm the address. Only then do we use it.',
  },
  invalid: {
    nl: 'Geef een geldig e-mailadres op, bijvoorbeeld naam@voorbeeld.be.',
    fr: 'Indiquez une adresse e-mail valide, par exemple nom@exemple.be.',
    en: 'Enter a valid e-mail address, for example name@example.be.',
  },
  send: {
    nl: 'Bevestigingslink sturen',
    fr: 'Envoyer le lien de confirmation',
    en: 'Send the confirmation link',
  },
  later: { nl: 'Later, ga verder', fr: 'Plus tard, continuer', en: 'Later, continue' },
  sentTitle: { nl: 'Kijk in uw mailbox', fr: 'Consultez votre boîte mail', en: 'Check your mailbox' },
  sent: {
    nl: 'We stuurden een e-mail met een bevestigingslink. De link werkt één keer, tot {date}.',
    fr: "Nous avons envoyé un e-mail avec un lien de confirmation. Le lien fonctionne une fois, jusqu'au {date}.",
    en: 'We sent an e-mail with a confirmation link. The link works once, until {date}.',
  },
  sentAnonymous: {
    nl: 'Uw aanvraag is nog niet ingediend. We stuurden een e-mail met een bevestigingslink: pas wanneer u erop klikt, dienen we uw aanvraag in. De link werkt één keer, tot {date}.',
    fr: "Votre demande n'est pas encore envoyée. Nous avons envoyé un e-mail avec un lien de confirmation : nous l'envoyons dès que vous cliquez dessus. Le lien fonctionne une fois, jusqu'au {date}.",
    en: 'Your request has not been filed yet. We sent an e-mail with a confirmation link: we file your request when you click it. The link works once, until {date}.',
  },
  confirmTitle: {
    nl: 'E-mailadres bevestigen',
    fr: "Confirmer l'adresse e-mail",
    en: 'Confirm the e-mail address',
  },
  confirmIntro: {
    nl: 'Bevestig dat {email} uw e-mailadres is.',
    fr: 'Confirmez que {email} est votre adresse e-mail.',
    en: 'Confirm that {email} is your e-mail address.',
  },
  confirmAnonymous: {
    nl: 'Bevestig {email}: daarna dienen we uw aanvraag in.',
    fr: 'Confirmez {email} : nous envoyons ensuite votre demande.',
    en: 'Confirm {email}: we then file your request.',
  },
  confirmButton: { nl: 'Bevestigen', fr: 'Confirmer', en: 'Confirm' },
  confirmed: {
    nl: 'Uw e-mailadres is bevestigd. We gebruiken het voor uw volgende aanvragen.',
    fr: 'Votre adresse e-mail est confirmée. Nous l’utiliserons pour vos prochaines demandes.',
    en: 'Your e-mail address is confirmed. We use it for your next requests.',
  },
  invalidLink: {
    nl: 'Deze link is ongeldig, al gebruikt of verlopen.',
    fr: 'Ce lien est invalide, déjà utilisé ou expiré.',
    en: 'This link is invalid, already used or expired.',
  },
  alreadyFiled: {
    nl: 'Deze aanvraag werd al ingediend. Volg ze met de link in de e-mail die we u stuurden.',
    fr: 'Cette demande a déjà été envoyée. Suivez-la avec le lien de l’e-mail que nous vous avons envoyé.',
    en: 'This request was already filed. Follow it with the link in the e-mail we sent you.',
  },
  followTitle: { nl: 'Uw aanvraag volgen', fr: 'Suivre votre demande', en: 'Follow your request' },
  followIntro: {
    nl: 'Iedereen met deze link ziet de toestand van deze aanvraag. Deel hem niet.',
    fr: 'Toute personne disposant de ce lien voit l’état de cette demande. Ne le partagez pas.',
    en: 'Anyone with this link sees the status of this request. Do not share it.',
  },
  followFiled: {
    nl: 'Uw aanvraag is ingediend. We stuurden u deze link ook per e-mail.',
    fr: 'Votre demande est envoyée. Nous vous avons aussi envoyé ce lien par e-mail.',
    en: 'Your request has been filed. We also sent you this link by e-mail.',
  },
} satisfies Record<string, LocalizedText>;

/** A string of {@link EMAIL_TEXT} with `{x}` placeholders filled. */
export function et(locale: Locale, key: keyof typeof EMAIL_TEXT, vars: Record<string, string> = {}): string {
  let s = localize(EMAIL_TEXT[key], locale);
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

/** `/my/email` (and the prompt before the personal page or a form): the address and the form. */
export function EmailPage(props: {
  ctx: PageContext;
  confirmed?: string | undefined;
  pending?: string | undefined;
  value?: string | undefined;
  invalid?: boolean | undefined;
  /** Shown as a prompt: where "later" leads. */
  returnTo?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const title = et(l, 'title');
  return (
    <Layout ctx={ctx} title={props.invalid ? `${et(l, 'invalid')} – ${title}` : title}>
      <h1>{title}</h1>
      {props.returnTo ? <p>{et(l, 'askIntro')}</p> : null}
      <dl class="facts">
        <div>
          <dt>{et(l, 'current')}</dt>
          <dd>{props.confirmed ?? et(l, 'none')}</dd>
        </div>
      </dl>
      {props.pending ? (
        <p class="notice" role="status">
          {et(l, 'pending', { email: props.pending })}
        </p>
      ) : null}
      <form method="post" action="/my/email" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
        <div class={props.invalid ? 'field invalid' : 'field'}>
          <label for="f-email">{et(l, 'label')}</label>
          <p class="help" id="f-email-help">
            {et(l, 'help')}
          </p>
          {props.invalid ? (
            <p class="error" id="f-email-error">
              {et(l, 'invalid')}
            </p>
          ) : null}
          <input
            id="f-email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxLength={320}
            value={props.value ?? ''}
            aria-invalid={props.invalid ? 'true' : undefined}
            aria-describedby={props.invalid ? 'f-email-help f-email-error' : 'f-email-help'}
          />
        </div>
        <div class="actions">
          <button type="submit">{et(l, 'send')}</button>
          {props.returnTo ? (
            <a class="button secondary" href={props.returnTo}>
              {et(l, 'later')}
            </a>
          ) : null}
        </div>
      </form>
    </Layout>
  );
}

/** "Check your mailbox" after a confirmation link was sent. */
export function EmailSentPage(props: { ctx: PageContext; expiresAt: Date; anonymous: boolean }) {
  const l = props.ctx.locale;
  return (
    <Layout ctx={props.ctx} title={et(l, 'sentTitle')}>
      <h1>{et(l, 'sentTitle')}</h1>
      <p role="status">
        {et(l, props.anonymous ? 'sentAnonymous' : 'sent', { date: formatDate(l, props.expiresAt, true) })}
      </p>
    </Layout>
  );
}

/**
 * The confirmation link's page: a button, so that a mail scanner opening the link does not use
 * the one-time token.
 */
export function ConfirmPage(props: { ctx: PageContext; email: string; anonymous: boolean; action: string }) {
  const { ctx } = props;
  const l = ctx.locale;
  return (
    <Layout ctx={ctx} title={et(l, 'confirmTitle')}>
      <h1>{et(l, 'confirmTitle')}</h1>
      <p>{et(l, props.anonymous ? 'confirmAnonymous' : 'confirmIntro', { email: props.email })}</p>
      <form method="post" action={props.action}>
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <button type="submit">{et(l, 'confirmButton')}</button>
      </form>
    </Layout>
  );
}
