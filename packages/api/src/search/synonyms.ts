import type { SearchBackend } from "./opensearch";

// The platform's synonym list, applied at query time: each query word (or run of up to three words)
// that is a term of a group matches any term of that group. Expanding the query rather than the index
// means a changed list applies to the next search, with no reindex and no index close (OpenSearch's
// updateable synonym_graph needs a synonyms file on every node, which a shared cluster does not give
// us). The list is one document in `<prefix>search_settings`; each API process reads it at most every
// CACHE_MS, and at once after it changed the list itself.

export const settingsIndex = (prefix: string) => `${prefix}search_settings`;
const SYNONYMS_ID = "synonyms";
const CACHE_MS = 5_000;

export type SynonymGroups = string[][];

/** Lower-case, accents folded, blanks collapsed: how query words and terms are compared. */
export function normaliseTerm(term: string): string {
  return term
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export class SynonymMap {
  private readonly byTerm = new Map<string, string[]>();
  readonly longest: number;

  constructor(readonly groups: SynonymGroups) {
    let longest = 1;
    for (const group of groups) {
      const terms = [...new Set(group.map(normaliseTerm).filter(Boolean))];
      for (const term of terms) {
        const merged = new Set([...(this.byTerm.get(term) ?? []), ...terms]);
        this.byTerm.set(term, [...merged]);
        longest = Math.max(longest, term.split(" ").length);
      }
    }
    this.longest = Math.min(longest, 3);
  }

  /** Equivalent terms of `term` including itself; undefined when it is in no group. */
  lookup(term: string): string[] | undefined {
    return this.byTerm.get(term);
  }
}

export interface QueryUnit {
  /** The words of the query this unit covers, as typed (normalised). */
  text: string;
  /** `text` and its synonyms. */
  alternatives: string[];
}

/** Splits normalised query words into units, taking the longest run that is a synonym term. */
export function expandQuery(words: readonly string[], synonyms: SynonymMap): QueryUnit[] {
  const units: QueryUnit[] = [];
  for (let i = 0; i < words.length; ) {
    let taken = false;
    for (let n = Math.min(synonyms.longest, words.length - i); n >= 1; n--) {
      const run = words.slice(i, i + n).join(" ");
      const alternatives = synonyms.lookup(run);
      if (alternatives) {
        units.push({ text: run, alternatives });
        i += n;
        taken = true;
        break;
      }
    }
    if (!taken) {
      units.push({ text: words[i]!, alternatives: [words[i]!] });
      i += 1;
    }
  }
  return units;
}

const cache = new Map<string, { at: number; map: SynonymMap }>();

export async function loadSynonyms(backend: SearchBackend): Promise<SynonymMap> {
  const hit = cache.get(backend.prefix);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.map;
  const res = await backend.guarded((c) => c.get({ index: settingsIndex(backend.prefix), id: SYNONYMS_ID }, { ignore: [404] }));
  const body = res.body as { found?: boolean; _source?: { groups?: SynonymGroups } };
  const map = new SynonymMap(body.found ? (body._source?.groups ?? []) : []);
  cache.set(backend.prefix, { at: Date.now(), map });
  return map;
}

/** Replaces the platform list; the next search in this process uses it, others within CACHE_MS. */
export async function saveSynonyms(backend: SearchBackend, groups: SynonymGroups): Promise<{ groups: number }> {
  await backend.guarded((c) =>
    c.index({ index: settingsIndex(backend.prefix), id: SYNONYMS_ID, body: { groups, updatedAt: new Date().toISOString() }, refresh: true }),
  );
  cache.delete(backend.prefix);
  return { groups: groups.length };
}
