/** @jsxImportSource preact */
import {
  CHOICE_MESSAGES,
  type FieldIssue,
  type FieldMeta,
  type FormDefinition,
  type Locale,
  localize,
  PREFILL_MESSAGES,
  type PrefilledField,
  prefillText,
} from '@smartloket/core';

/** A dynamic choice with more options than this is a drop-down instead of radio buttons. */
export const SELECT_FROM = 7;

/**
 * Renders any request type's form from core's field metadata: labels, help, one error per field,
 * values kept after an error. No plugin-specific UI code; works without JavaScript.
 */
export function FormFields(props: {
  form: FormDefinition;
  locale: Locale;
  values: Record<string, unknown>;
  issues: FieldIssue[];
  /** Only the fields of this step, for multi-step forms. */
  step?: string | undefined;
  /** Fields filled in from an authentic source: where from, and whether they may change. */
  prefilled?: Record<string, PrefilledField> | undefined;
}) {
  const { form, locale, values, issues } = props;
  const entries = Object.entries(form.fields).filter(([, m]) => !props.step || m.step === props.step);
  return (
    <div class="fields">
      {entries.map(([name, meta]) => (
        <Field
          name={name}
          meta={meta}
          locale={locale}
          value={values[name]}
          issue={issues.find((i) => i.path === name || i.path.startsWith(`${name}.`))}
          prefilled={props.prefilled?.[name]}
        />
      ))}
    </div>
  );
}

/** Where a prefilled value came from, and whether it may change, beside the field. */
function Origin(props: { id: string; prefilled: PrefilledField; locale: Locale }) {
  const message = props.prefilled.editable ? PREFILL_MESSAGES.filled : PREFILL_MESSAGES.locked;
  return (
    <p class="prefilled" id={props.id}>
      {localize(prefillText(message, props.prefilled.origin), props.locale)}
    </p>
  );
}

function Field(props: {
  name: string;
  meta: FieldMeta;
  locale: Locale;
  value: unknown;
  issue: FieldIssue | undefined;
  prefilled?: PrefilledField | undefined;
}) {
  const { name, meta, locale, value, issue, prefilled } = props;
  const id = `f-${name}`;
  const helpId = meta.help ? `${id}-help` : undefined;
  const noticeId = meta.notice ? `${id}-notice` : undefined;
  const originId = prefilled ? `${id}-origin` : undefined;
  const errorId = issue ? `${id}-error` : undefined;
  const describedBy = [helpId, noticeId, originId, errorId].filter(Boolean).join(' ') || undefined;
  const label = localize(meta.label, locale);
  const common = {
    id,
    name,
    'aria-describedby': describedBy,
    'aria-invalid': issue ? ('true' as const) : undefined,
    required: meta.required && meta.kind !== 'boolean',
    // Locked prefilled values are shown, not edited (the server refuses a change anyway).
    readOnly: prefilled && !prefilled.editable ? true : undefined,
  };
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const help = meta.help ? (
    <p class="help" id={helpId}>
      {localize(meta.help, locale)}
    </p>
  ) : null;
  const notice = meta.notice ? (
    <p class="notice" id={noticeId} role="status">
      {localize(meta.notice, locale)}
    </p>
  ) : null;
  const error = issue ? (
    <p class="error" id={errorId}>
      {localize(issue.message, locale)}
    </p>
  ) : null;
  const origin =
    prefilled && originId ? <Origin id={originId} prefilled={prefilled} locale={locale} /> : null;
  const conditional = meta.showWhen
    ? { 'data-show-when': `${meta.showWhen.field}=${meta.showWhen.in.join(',')}` }
    : {};

  if (meta.kind === 'choice' && meta.options && meta.dynamic && meta.options.length >= SELECT_FROM) {
    // A long list loaded at run time: a drop-down (its first entry asks to choose).
    const options = meta.options.filter((o) => o.value !== '');
    return (
      <div class={issue ? 'field invalid' : 'field'} {...conditional}>
        <label for={id}>
          {label}
          {meta.required ? null : <span class="optional"> ({optionalWord(locale)})</span>}
        </label>
        {help}
        {notice}
        {error}
        <select {...common}>
          <option value="" selected={!text}>
            {localize(meta.required ? CHOICE_MESSAGES.select : CHOICE_MESSAGES.none, locale)}
          </option>
          {options.map((o) => (
            <option value={o.value} selected={value === o.value}>
              {localize(o.label, locale)}
            </option>
          ))}
        </select>
      </div>
    );
  }
  if (meta.kind === 'choice' && meta.options) {
    return (
      <fieldset
        id={id}
        class={issue ? 'field invalid' : 'field'}
        aria-describedby={describedBy}
        {...conditional}
      >
        <legend>{label}</legend>
        {help}
        {notice}
        {error}
        {meta.options.map((o) => (
          <label class="choice">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              required={meta.required}
            />{' '}
            {localize(o.label, locale)}
          </label>
        ))}
      </fieldset>
    );
  }
  let input: preact.JSX.Element;
  switch (meta.kind) {
    case 'textarea':
      input = (
        <textarea {...common} rows={6} maxLength={meta.max}>
          {text}
        </textarea>
      );
      break;
    case 'boolean':
      input = <input {...common} type="checkbox" checked={value === true || value === 'on'} />;
      break;
    case 'date':
      input = <input {...common} type="date" value={text} />;
      break;
    case 'email':
      input = <input {...common} type="email" autocomplete="email" value={text} />;
      break;
    case 'number':
    case 'year':
      input = <input {...common} type="text" inputMode="numeric" value={text} />;
      break;
    case 'file': {
      const kept = fileValue(value);
      input = (
        <>
          {kept ? (
            <p class="kept">
              {keptWord(locale)}: {kept.fileName}
            </p>
          ) : null}
          <input
            {...common}
            required={common.required && !kept}
            type="file"
            accept={meta.accept?.join(',')}
          />
        </>
      );
      break;
    }
    case 'address':
      return <AddressField {...props} />;
    case 'insz':
      input = (
        <input
          {...common}
          type="text"
          inputMode="numeric"
          autocomplete="off"
          placeholder="00.00.00-000.00"
          value={text}
        />
      );
      break;
    case 'phone':
      input = <input {...common} type="tel" autocomplete="tel" placeholder={meta.placeholder} value={text} />;
      break;
    case 'licence-plate':
    case 'iban':
      input = (
        <input
          {...common}
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          placeholder={meta.placeholder}
          value={text}
        />
      );
      break;
    default:
      input = (
        <input
          {...common}
          type="text"
          maxLength={meta.max}
          autocomplete={meta.autocomplete}
          placeholder={meta.placeholder}
          value={text}
        />
      );
  }
  return (
    <div class={issue ? 'field invalid' : 'field'} {...conditional}>
      <label for={id}>
        {label}
        {meta.required ? null : <span class="optional"> ({optionalWord(locale)})</span>}
      </label>
      {help}
      {notice}
      {origin}
      {error}
      {input}
    </div>
  );
}

/** An address: five inputs named `field[street]`, ... (parsed as a nested object). */
function AddressField(props: {
  name: string;
  meta: FieldMeta;
  locale: Locale;
  value: unknown;
  issue: FieldIssue | undefined;
  prefilled?: PrefilledField | undefined;
}) {
  const { name, meta, locale, issue, prefilled } = props;
  const id = `f-${name}`;
  const value = (typeof props.value === 'object' && props.value !== null ? props.value : {}) as Record<
    string,
    unknown
  >;
  const errorId = issue ? `${id}-error` : undefined;
  const originId = prefilled ? `${id}-origin` : undefined;
  const describedBy = [originId, errorId].filter(Boolean).join(' ') || undefined;
  const parts: { key: string; required: boolean; autocomplete: string; size: string }[] = [
    { key: 'street', required: true, autocomplete: 'address-line1', size: 'wide' },
    { key: 'number', required: true, autocomplete: 'off', size: 'short' },
    { key: 'box', required: false, autocomplete: 'off', size: 'short' },
    { key: 'postcode', required: true, autocomplete: 'postal-code', size: 'short' },
    { key: 'municipality', required: true, autocomplete: 'address-level2', size: 'wide' },
  ];
  return (
    <fieldset id={id} class={issue ? 'field invalid' : 'field'} aria-describedby={describedBy}>
      <legend>{localize(meta.label, locale)}</legend>
      {meta.help ? <p class="help">{localize(meta.help, locale)}</p> : null}
      {prefilled && originId ? <Origin id={originId} prefilled={prefilled} locale={locale} /> : null}
      {issue ? (
        <p class="error" id={errorId}>
          {localize(issue.message, locale)}
        </p>
      ) : null}
      {parts.map((p) => (
        <div class={`sub ${p.size}`}>
          <label for={`${id}-${p.key}`}>
            {ADDRESS_LABELS[p.key]?.[locale === 'fr' || locale === 'en' ? locale : 'nl']}
            {p.required ? null : <span class="optional"> ({optionalWord(locale)})</span>}
          </label>
          <input
            id={`${id}-${p.key}`}
            name={`${name}[${p.key}]`}
            type="text"
            autocomplete={p.autocomplete}
            required={meta.required && p.required}
            readOnly={prefilled && !prefilled.editable ? true : undefined}
            value={typeof value[p.key] === 'string' ? (value[p.key] as string) : ''}
          />
        </div>
      ))}
    </fieldset>
  );
}

const ADDRESS_LABELS: Record<string, { nl: string; fr: string; en: string }> = {
  street: { nl: 'Straat', fr: 'Rue', en: 'Street' },
  number: { nl: 'Huisnummer', fr: 'Numéro', en: 'Number' },
  box: { nl: 'Bus', fr: 'Boîte', en: 'Box' },
  postcode: { nl: 'Postcode', fr: 'Code postal', en: 'Postcode' },
  municipality: { nl: 'Gemeente', fr: 'Commune', en: 'Municipality' },
};

/** The upload a file field holds, if any. */
export function fileValue(value: unknown): { uploadId: string; fileName: string; size: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  return typeof v.uploadId === 'string' && typeof v.fileName === 'string'
    ? { uploadId: v.uploadId, fileName: v.fileName, size: Number(v.size ?? 0) }
    : undefined;
}

function keptWord(locale: Locale): string {
  return locale === 'fr' ? 'Fichier ajouté' : locale === 'en' ? 'Attached file' : 'Toegevoegd bestand';
}

function optionalWord(locale: Locale): string {
  return locale === 'fr' ? 'facultatif' : locale === 'en' ? 'optional' : 'optioneel';
}
