/** @jsxImportSource preact */
import type { Locale } from '@smartloket/core';
import type { UnidentifiedRecord, UploadRecord } from '@smartloket/db';
import { bt } from '../../backoffice-messages.js';
import { formatBytes, formatDate } from '../../messages.js';

/**
 * The marker of a request filed without login (decision 1401) on the back-office request page:
 * "niet aangemeld", what the requester declared, and the identity document or mandate they
 * uploaded (downloads are audited; the files are purged a set term after the decision).
 */
export function UnidentifiedPanel(props: {
  locale: Locale;
  requestId: string;
  record: UnidentifiedRecord;
  evidence: UploadRecord[];
}) {
  const l = props.locale;
  const d = props.record.details;
  const person = d?.person;
  return (
    <section class="unidentified" aria-labelledby="unidentified">
      <h2 id="unidentified">{bt(l, 'notLoggedInTitle')}</h2>
      <p>
        <span class="badge warning">{bt(l, 'notLoggedIn')}</span> {bt(l, 'notLoggedInHelp')}
      </p>
      {d ? (
        <dl class="facts">
          <div>
            <dt>{bt(l, 'declaredName')}</dt>
            <dd>{d.name}</dd>
          </div>
          {d.phone ? (
            <div>
              <dt>{bt(l, 'declaredPhone')}</dt>
              <dd>{d.phone}</dd>
            </div>
          ) : null}
          <div>
            <dt>{bt(l, 'declaredRelation')}</dt>
            <dd>{d.relation}</dd>
          </div>
          <div>
            <dt>{bt(l, 'declaredPerson')}</dt>
            <dd>
              {[
                person?.name,
                person?.insz ? `${bt(l, 'declaredInsz')} ${person.insz}` : undefined,
                [
                  person?.birthDate ? `${bt(l, 'bornOn')} ${birthDate(l, person.birthDate)}` : undefined,
                  person?.birthPlace ? `${bt(l, 'bornIn')} ${person.birthPlace}` : undefined,
                ]
                  .filter(Boolean)
                  .join(' '),
              ]
                .filter(Boolean)
                .join(', ')}
            </dd>
          </div>
          <div>
            <dt>{bt(l, 'declaredPurpose')}</dt>
            <dd>{d.purpose}</dd>
          </div>
        </dl>
      ) : null}
      <h3>{bt(l, 'evidence')}</h3>
      {props.evidence.length === 0 ? (
        <p>{bt(l, props.record.evidence.length > 0 ? 'evidencePurged' : 'evidenceNone')}</p>
      ) : (
        <ul class="documents">
          {props.evidence.map((u) => (
            <li>
              <a href={`#upload-${u.id}`}>{u.fileName}</a> ({formatBytes(u.size)}
              {u.purgeAt ? `, ${bt(l, 'evidenceUntil')} ${formatDate(l, u.purgeAt)}` : ''})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A declared birth date (YYYY-MM-DD) written out ("10 januari 1921"); other text as typed. */
function birthDate(l: Locale, value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(l, new Date(`${value}T12:00:00Z`)) : value;
}
