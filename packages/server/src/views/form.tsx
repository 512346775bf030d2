/** @jsxImportSource preact */
import { type FieldIssue, type FieldMeta, type FormDefinition, type Locale, localize } from '@smartloket/core';

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
        />
      ))}
    </div>
  );
}

function Field(props: { name: string; meta: FieldMeta; locale: Locale; value: unknown; issue: FieldIssue | undefined }) {
  const { name, meta, locale, value, issue } = props;
  const id = `f-${name}`;
  const helpId = meta.help ? `${id}-help` : undefined;
  const errorId = issue ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const label = localize(meta.label, locale);
  const common = {
    id,
    name,
    'aria-describedby': describedBy,
    'aria-invalid': issue ? ('true' as const) : undefined,
    required: meta.required && meta.kind !== 'boolean',
  };
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const help = meta.help ? (
    <p class="help" id={helpId}>
      {localize(meta.help, locale)}
    </p>
  ) : null;
  const error = issue ? (
    <p class="error" id={errorId}>
      {localize(issue.message, locale)}
    </p>
  ) : null;
  const conditional = meta.showWhen ? { 'data-show-when': `${meta.showWhen.field}=${meta.showWhen.in.join(',')}` } : {};

  if (meta.kind === 'choice' && meta.options) {
    return (
      <fieldset class={issue ? 'field invalid' : 'field'} aria-describedby={describedBy} {...conditional}>
        <legend>{label}</legend>
        {help}
        {error}
        {meta.options.map((o) => (
          <label class="choice">
            <input type="radio" name={name} value={o.value} checked={value === o.value} required={meta.required} />{' '}
            {localize(o.label, locale)}
          </label>
        ))}
      </fieldset>
    );
  }
  let input: preact.JSX.Element;
  switch (meta.kind) {
    case 'textarea':
      input = <textarea {...common} rows={6} maxLength={meta.max}>{text}</textarea>;
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
    case 'file':
      input = <input {...common} type="file" accept={meta.accept?.join(',')} />;
      break;
    case 'insz':
      input = <input {...common} type="text" inputMode="numeric" autocomplete="off" placeholder="00.00.00-000.00" value={text} />;
      break;
    default:
      input = <input {...common} type="text" maxLength={meta.max} autocomplete={meta.autocomplete} value={text} />;
  }
  return (
    <div class={issue ? 'field invalid' : 'field'} {...conditional}>
      <label for={id}>
        {label}
        {meta.required ? null : <span class="optional"> ({optionalWord(locale)})</span>}
      </label>
      {help}
      {error}
      {input}
    </div>
  );
}

function optionalWord(locale: Locale): string {
  return locale === 'fr' ? 'facultatif' : locale === 'en' ? 'optional' : 'optioneel';
}
