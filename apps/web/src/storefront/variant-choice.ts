// The variant picker's rules, kept apart from React so they are unit tested. A selection names one value
// per option and always matches a real variant: the picker starts on one, and a value is offered only
// when some variant has it together with the other options' current values.

export interface PickerVariant {
  id: string;
  optionValues: Record<string, string>;
  available: number;
}

export interface PickerOption {
  name: string;
  values: string[];
}

export type Selection = Record<string, string>;

/** The first variant in stock (else the first): what a shopper most likely wants to see first. */
export function initialSelection(variants: readonly PickerVariant[]): Selection {
  const start = variants.find((v) => v.available > 0) ?? variants[0];
  return start ? { ...start.optionValues } : {};
}

export function variantFor<V extends PickerVariant>(variants: readonly V[], options: readonly PickerOption[], selection: Selection): V | undefined {
  return variants.find((v) => options.every((o) => v.optionValues[o.name] === selection[o.name]));
}

/** The variant the shopper would get by choosing `value` for `name`, keeping every other choice. */
export function variantWith<V extends PickerVariant>(variants: readonly V[], options: readonly PickerOption[], selection: Selection, name: string, value: string): V | undefined {
  return variantFor(variants, options, { ...selection, [name]: value });
}

/** A variant id from a URL (`?variant=`) as a selection, if it names one of these variants. */
export function selectionFromVariantId(variants: readonly PickerVariant[], id: string | null | undefined): Selection | null {
  const found = id ? variants.find((v) => v.id === id) : undefined;
  return found ? { ...found.optionValues } : null;
}

/** What the product page says about a variant's stock. */
export function stockText(available: number): string {
  if (available <= 0) return "Out of stock";
  if (available <= 5) return `Only ${available} left`;
  return `In stock (${available} available)`;
}
