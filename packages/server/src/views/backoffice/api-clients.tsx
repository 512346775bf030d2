/** @jsxImportSource preact */
import { type LocalizedText, localize } from '@smartloket/core';
import { API_SCOPES, type ApiClientRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { formatDate } from '../../messages.js';
import { type BackofficeContext, BackofficeLayout } from './layout.js';

/** A request type the form offers (and the list names by its title). */
export interface ApiTypeOption {
  id: string;
  title: LocalizedText;
}

function typesText(c: ApiClientRecord, types: ApiTypeOption[], l: BackofficeContext['locale']): string {
  if (!c.requestTypes) return bt(l, 'allRequestTypes');
  return c.requestTypes
    .map((p) => {
      const known = types.find((t) => t.id === p);
      return known ? localize(known.title, l) : p;
    })
    .join(', ');
}

/** API connections: the list, a form to create one, new secret and revoke per connection. */
export function ApiClientsPage(props: {
  ctx: BackofficeContext;
  clients: ApiClientRecord[];
  types: ApiTypeOption[];
  error?: string | undefined;
  values?: { name?: string; scopes?: string[]; types?: string[] } | undefined;
  notice?: string | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const values = props.values ?? {};
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'apiClients')}>
      <h1>{bt(l, 'apiClients')}</h1>
      <p>{bt(l, 'apiClientsIntro')}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.clients.length === 0 ? (
        <p>{bt(l, 'noApiClients')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{bt(l, 'apiClientName')}</th>
              <th scope="col">{bt(l, 'apiAccess')}</th>
              <th scope="col">{bt(l, 'requestTypes')}</th>
              <th scope="col">{bt(l, 'apiSecretStarts')}</th>
              <th scope="col">{bt(l, 'apiCreated')}</th>
              <th scope="col">{bt(l, 'apiLastUsed')}</th>
              <th scope="col">{bt(l, 'status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.clients.map((c) => (
              <tr>
                <td>{c.name}</td>
                <td>{c.scopes.map((s) => bt(l, `apiScope.${s}`)).join('; ')}</td>
                <td>{typesText(c, props.types, l)}</td>
                <td>
                  <code>{c.tokenPrefix}…</code>
                </td>
                <td>
                  {formatDate(l, c.createdAt)}
                  {c.createdBy.name ? ` (${c.createdBy.name})` : ''}
                </td>
                <td>{c.lastUsedAt ? formatDate(l, c.lastUsedAt, true) : bt(l, 'apiNeverUsed')}</td>
                <td>
                  {c.revokedAt ? (
                    `${bt(l, 'revoked')} (${formatDate(l, c.revokedAt)})`
                  ) : (
                    <>
                      {bt(l, 'active')}{' '}
                      <a
                        class="button secondary"
                        href={`/backoffice/api-clients/${c.id}/rotate`}
                        aria-label={`${bt(l, 'apiRotate')}: ${c.name}`}
                      >
                        {bt(l, 'apiRotate')}
                      </a>{' '}
                      <a
                        class="button secondary"
                        href={`/backoffice/api-clients/${c.id}/revoke`}
                        aria-label={`${bt(l, 'revoke')}: ${c.name}`}
                      >
                        {bt(l, 'revoke')}
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/backoffice/api-clients" class="panel">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <h2>{bt(l, 'newApiClient')}</h2>
        {props.error ? (
          <p class="conflict" role="alert">
            {props.error}
          </p>
        ) : null}
        <label for="ac-name">{bt(l, 'apiClientName')}</label>
        <input
          type="text"
          id="ac-name"
          name="name"
          required
          maxLength={200}
          autocomplete="off"
          value={values.name ?? ''}
        />
        <fieldset class="field">
          <legend>{bt(l, 'apiAccessQuestion')}</legend>
          {API_SCOPES.map((s) => (
            <p>
              <input
                type="checkbox"
                id={`ac-scope-${s}`}
                name="scopes"
                value={s}
                checked={values.scopes?.includes(s) ?? s === 'read'}
              />{' '}
              <label for={`ac-scope-${s}`} class="choice">
                {bt(l, `apiScope.${s}`)}
              </label>
            </p>
          ))}
        </fieldset>
        <fieldset class="field">
          <legend>{bt(l, 'requestTypes')}</legend>
          <p class="help">{bt(l, 'apiTypesHint')}</p>
          {props.types.map((t, i) => (
            <p>
              <input
                type="checkbox"
                id={`ac-type-${i}`}
                name="types"
                value={t.id}
                checked={values.types?.includes(t.id) ?? false}
              />{' '}
              <label for={`ac-type-${i}`} class="choice">
                {localize(t.title, l)}
              </label>
            </p>
          ))}
        </fieldset>
        <button type="submit">{bt(l, 'createApiClient')}</button>
      </form>
    </BackofficeLayout>
  );
}

/** The secret of a new or rotated connection, shown this once. */
export function ApiClientSecretPage(props: {
  ctx: BackofficeContext;
  client: ApiClientRecord;
  secret: string;
  rotated: boolean;
  /** Where the other system exchanges them for an access token. */
  tokenUrl: string;
}) {
  const { ctx, client } = props;
  const l = ctx.locale;
  return (
    <BackofficeLayout ctx={ctx} title={bt(l, 'apiClients')}>
      <h1>{bt(l, 'apiSecretTitle', { name: client.name })}</h1>
      <p class="notice" role="status">
        {bt(l, 'apiSecretOnce')}
        {props.rotated ? ` ${bt(l, 'apiRotatedNote')}` : ''}
      </p>
      <dl class="panel">
        <dt>{bt(l, 'apiClientId')}</dt>
        <dd>
          <code class="credential">{client.id}</code>
        </dd>
        <dt>{bt(l, 'apiClientSecret')}</dt>
        <dd>
          <code class="credential secret">{props.secret}</code>
        </dd>
      </dl>
      <p>{bt(l, 'apiHowTo', { url: props.tokenUrl })}</p>
      <p>
        <a href="/backoffice/api-clients">{bt(l, 'apiBackToList')}</a>
      </p>
    </BackofficeLayout>
  );
}

/** Asks before a new secret or a revocation: both cut the other system off at once. */
export function ApiClientConfirmPage(props: {
  ctx: BackofficeContext;
  client: ApiClientRecord;
  action: 'rotate' | 'revoke';
}) {
  const { ctx, client, action } = props;
  const l = ctx.locale;
  const title = bt(l, action === 'rotate' ? 'apiRotateTitle' : 'apiRevokeTitle', { name: client.name });
  return (
    <BackofficeLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{bt(l, action === 'rotate' ? 'apiRotateExplain' : 'apiRevokeExplain')}</p>
      <form method="post" action={`/backoffice/api-clients/${client.id}/${action}`}>
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <ul class="buttons">
          <li>
            <button type="submit">{bt(l, action === 'rotate' ? 'apiRotate' : 'revoke')}</button>
          </li>
          <li>
            <a class="button secondary" href="/backoffice/api-clients">
              {bt(l, 'cancelAction')}
            </a>
          </li>
        </ul>
      </form>
    </BackofficeLayout>
  );
}
