/** @jsxImportSource preact */
import { type Locale, localize } from '@smartloket/core';
import type { UploadVerification, VerificationResult } from '../verify.js';
import { vt } from '../verify.js';
import { Layout, type PageContext } from './layout.js';

function date(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return '–';
  const l = locale === 'nl' ? 'nl-BE' : locale === 'fr' ? 'fr-BE' : 'en-GB';
  return new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(new Date(iso));
}

/** The form: a code, or a file. */
function VerifyForms(props: { locale: Locale; code?: string | undefined }) {
  const l = props.locale;
  return (
    <div>
      <h2>{vt(l, 'byCode')}</h2>
      <form method="get" action="/verify">
        <label for="code">{vt(l, 'codeLabel')}</label>
        <p class="help" id="code-help">
          {vt(l, 'codeHelp')}
        </p>
        <input
          id="code"
          name="code"
          type="text"
          autocomplete="off"
          spellcheck={false}
          aria-describedby="code-help"
          value={props.code ?? ''}
          maxLength={40}
        />
        <button type="submit">{vt(l, 'check')}</button>
      </form>
      <h2>{vt(l, 'byFile')}</h2>
      <form method="post" action="/verify" enctype="multipart/form-data">
        <label for="file">{vt(l, 'fileLabel')}</label>
        <input id="file" name="file" type="file" accept="application/pdf,.pdf" />
        <button type="submit">{vt(l, 'upload')}</button>
      </form>
    </div>
  );
}

function Facts(props: { locale: Locale; result: VerificationResult }) {
  const d = props.result.document;
  if (!d) return null;
  const l = props.locale;
  return (
    <dl class="facts">
      <dt>{vt(l, 'type')}</dt>
      <dd>{localize(d.type, l)}</dd>
      <dt>{vt(l, 'issuedBy')}</dt>
      <dd>{localize(d.issuedBy, l)}</dd>
      <dt>{vt(l, 'issuedAt')}</dt>
      <dd>{date(l, d.issuedAt)}</dd>
      <dt>{vt(l, 'validUntil')}</dt>
      <dd>{date(l, d.validUntil)}</dd>
      {d.withdrawnAt ? (
        <>
          <dt>{vt(l, 'withdrawnAt')}</dt>
          <dd>{date(l, d.withdrawnAt)}</dd>
        </>
      ) : null}
    </dl>
  );
}

function statusText(locale: Locale, result: VerificationResult): string {
  if (result.status === 'valid') return vt(locale, 'valid');
  if (result.status === 'expired') return vt(locale, 'expired');
  if (result.status === 'withdrawn') return vt(locale, 'withdrawn');
  return vt(locale, 'unknownCode');
}

/** The start page, or the result of a code. */
export function VerifyPage(props: {
  ctx: PageContext;
  result?: VerificationResult | undefined;
  code?: string | undefined;
  message?: string | undefined;
}) {
  const l = props.ctx.locale;
  const r = props.result;
  return (
    <Layout ctx={props.ctx} title={vt(l, 'title')}>
      <h1>{vt(l, 'title')}</h1>
      {r ? (
        <section aria-labelledby="verify-result" class={`verify-result status-${r.status}`}>
          <h2 id="verify-result" data-status={r.status}>
            {statusText(l, r)}
          </h2>
          <Facts locale={l} result={r} />
        </section>
      ) : (
        <p>{vt(l, 'intro')}</p>
      )}
      {props.message ? (
        <p role="alert" class="error">
          {props.message}
        </p>
      ) : null}
      <VerifyForms locale={l} code={props.code} />
    </Layout>
  );
}

/** The result of an uploaded file. */
export function VerifyUploadPage(props: { ctx: PageContext; result: UploadVerification }) {
  const l = props.ctx.locale;
  const r = props.result;
  return (
    <Layout ctx={props.ctx} title={vt(l, 'title')}>
      <h1>{vt(l, 'title')}</h1>
      <section
        aria-labelledby="verify-result"
        class={`verify-result status-${r.delivered ? r.status : 'unknown'}`}
      >
        <h2 id="verify-result" data-status={r.delivered ? r.status : 'not_delivered'}>
          {r.delivered ? statusText(l, r) : vt(l, 'notDelivered')}
        </h2>
        {r.delivered ? <p>{vt(l, 'delivered')}</p> : null}
        <Facts locale={l} result={r} />
        <h3>{vt(l, 'signatures')}</h3>
        {r.signatures.length === 0 ? (
          <p>{vt(l, 'noSignatures')}</p>
        ) : (
          <ul>
            {r.signatures.map((s) => (
              <li data-intact={String(s.intact)}>
                {s.intact ? vt(l, 'sigOk') : vt(l, 'sigBroken')}
                {s.signer ? ` – ${s.signer}` : ''}
                {s.trusted === null ? '' : ` (${s.trusted ? vt(l, 'sigTrusted') : vt(l, 'sigUntrusted')})`}
                {s.intact && !s.coversWholeDocument ? ` – ${vt(l, 'sigAppended')}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href="/verify">{vt(l, 'again')}</a>
      </p>
    </Layout>
  );
}
