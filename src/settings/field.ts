// One row of the settings table: key, type, unit, range, default, French and English label and help.
// Declarations only; never validates or renders (validate.ts and the pages derive from these rows).

export type FieldType = "integer" | "decimal" | "enum" | "boolean" | "text" | "reasons";

export interface Label {
  fr: string;
  en: string;
}

export interface FieldSpec {
  key: string;
  type: FieldType;
  /** Unit of the stored value ("W", "VA", "ms", "°C"); ms values are shown in minutes or seconds by pages. */
  unit?: string;
  min?: number;
  max?: number;
  /** A "decimal" row's most digits after the point (a price in €/kWh has 4). */
  decimals?: number;
  /** Allowed values of an enum (or of each reason in a "reasons" list). */
  values?: readonly string[];
  /** Default when the field is absent; `null` allowed only where `nullable`. */
  default: number | string | boolean | null | readonly string[];
  /** null means "automatic" (e.g. available power from the meter). */
  nullable?: boolean;
  /** Must be given (a load's id and power). */
  required?: boolean;
  /** A text's shape, as a RegExp source (a broker URL, a topic); checked by the validator, reported by field. */
  pattern?: string;
  /** Never shown back (a password): pages render it empty, the API leaves it out, an empty post keeps it. */
  secret?: boolean;
  label: Label;
  help: Label;
}

/** Freeze a table of rows to its leaves (xsl keeps a preloaded table in flash only when all of it is frozen). */
export function frozenFields(rows: FieldSpec[]): readonly FieldSpec[] {
  for (const row of rows) {
    Object.freeze(row.label);
    Object.freeze(row.help);
    if (row.values) Object.freeze(row.values);
    if (Array.isArray(row.default)) Object.freeze(row.default);
    Object.freeze(row);
  }
  return Object.freeze(rows);
}
