// Pure rules of the option/variant matrix, shared by the API, the CSV import and the option editor.

export interface OptionSpec {
  name: string;
  values: string[];
}

export type OptionValues = Record<string, string>;

export interface MatrixProblem {
  /** Index of the variant in the input, or null for a problem of the options themselves. */
  variant: number | null;
  message: string;
}

/**
 * Every problem of `options` + the variants' option values: option names and values unique; each
 * variant names a value of every option and nothing else; no two variants the same combination; a
 * product without options has at most one variant.
 */
export function matrixProblems(options: readonly OptionSpec[], variants: readonly OptionValues[]): MatrixProblem[] {
  const problems: MatrixProblem[] = [];
  const names = options.map((o) => o.name);
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) problems.push({ variant: null, message: "option names must be unique" });
  for (const o of options) {
    if (o.values.length === 0) problems.push({ variant: null, message: `option ${o.name} has no values` });
    if (new Set(o.values).size !== o.values.length) problems.push({ variant: null, message: `option ${o.name} lists a value twice` });
  }
  if (options.length === 0 && variants.length > 1) problems.push({ variant: 1, message: "a product without options has one variant" });
  const seen = new Map<string, number>();
  variants.forEach((values, i) => {
    const keys = Object.keys(values);
    const unknown = keys.filter((k) => !names.includes(k));
    if (unknown.length > 0) problems.push({ variant: i, message: `unknown option ${unknown.join(", ")}` });
    for (const o of options) {
      const v = values[o.name];
      if (v === undefined) problems.push({ variant: i, message: `no value for option ${o.name}` });
      else if (!o.values.includes(v)) problems.push({ variant: i, message: `${v} is not a value of option ${o.name}` });
    }
    const combination = combinationKey(options, values);
    const first = seen.get(combination);
    if (first !== undefined) problems.push({ variant: i, message: `same option values as variant ${first + 1}` });
    else seen.set(combination, i);
  });
  return problems;
}

/** The variant's values in option order, a stable key for "same combination". */
export function combinationKey(options: readonly OptionSpec[], values: OptionValues): string {
  return JSON.stringify(options.map((o) => values[o.name] ?? null));
}

/** "M / Red", or "Default" for a product without options. */
export function variantTitle(options: readonly OptionSpec[], values: OptionValues): string {
  const parts = options.map((o) => values[o.name]).filter((v): v is string => v !== undefined);
  return parts.length > 0 ? parts.join(" / ") : "Default";
}

export type ProductStatusName = "DRAFT" | "PUBLISHED" | "ARCHIVED";
export type StatusAction = "publish" | "unpublish" | "archive";

const TARGET: Record<StatusAction, ProductStatusName> = { publish: "PUBLISHED", unpublish: "DRAFT", archive: "ARCHIVED" };

/**
 * The legal moves: draft → published, published or archived → draft, draft or published → archived.
 * An archived product goes back to draft before it is published again, so it is reviewed first.
 * "noop" when the product already has the target status (bulk actions skip it).
 */
export function transition(from: ProductStatusName, action: StatusAction): { to: ProductStatusName } | "noop" | "illegal" {
  const to = TARGET[action];
  if (from === to) return "noop";
  if (action === "publish" && from === "ARCHIVED") return "illegal";
  return { to };
}
