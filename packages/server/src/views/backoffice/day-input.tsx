/** @jsxImportSource preact */
import type { Locale } from '@smartloket/core';
import { bt } from '../../backoffice-messages.js';

/** `2026-03-01` → `01/03/2026`; anything else (what the clerk typed) as it was. */
export function belgianDay(value: string | undefined): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : (value ?? '');
}

/**
 * A day field written the Belgian way (dd/mm/jjjj) with its hint visible. A text field, not
 * `type=date`: chromium shows a date input in the browser's locale (mm/dd/yyyy on an English
 * system) whatever the page's language. The server reads it with parseDay (dd/mm/jjjj or ISO).
 */
export function DayInput(props: {
  locale: Locale;
  id: string;
  name: string;
  value?: string | undefined;
  required?: boolean;
  /** Marks the field as wrong (aria-invalid) after a refused value. */
  invalid?: boolean | undefined;
}) {
  return (
    <>
      <input
        type="text"
        id={props.id}
        name={props.name}
        inputMode="numeric"
        size={10}
        autocomplete="off"
        value={belgianDay(props.value)}
        aria-describedby={`${props.id}-hint`}
        required={props.required}
        aria-invalid={props.invalid ? 'true' : undefined}
      />
      <span class="hint" id={`${props.id}-hint`}>
        {bt(props.locale, 'dateHint')}
      </span>
    </>
  );
}
