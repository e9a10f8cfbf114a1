"use client";

import { useTRPC } from "@bazaar/next-kit/react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useState, type KeyboardEvent } from "react";

import { productHref } from "./product-card";

const DEBOUNCE_MS = 200;
const MIN_CHARS = 2;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

interface Suggestion {
  key: string;
  label: string;
  hint: string;
  href: string;
}

/**
 * The header's search field: an ARIA 1.2 combobox (list autocomplete). Suggestions (categories and
 * products) are asked for once typing pauses; arrow keys move through them with aria-activedescendant
 * while focus stays in the field, Enter opens the active one or searches for the text, Escape closes.
 */
export function SearchBox() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const id = useId();
  const listId = `${id}-listbox`;
  const [text, setText] = useState(() => (pathname === "/search" ? (params.get("q") ?? "") : ""));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = useDebounced(text.trim(), DEBOUNCE_MS);

  const { data } = useQuery(
    trpc.search.autocomplete.queryOptions({ q: typed, limit: 6 }, { enabled: typed.length >= MIN_CHARS, placeholderData: keepPreviousData, staleTime: 30_000 }),
  );
  const suggestions: Suggestion[] =
    typed.length >= MIN_CHARS && data
      ? [
          ...data.categories.map((c) => ({ key: `c-${c.id}`, label: c.name, hint: `Category · ${c.count}`, href: `/search?category=${c.id}` })),
          ...data.products.map((p) => ({ key: `p-${p.id}`, label: p.title, hint: "Product", href: productHref(p.storeSlug, p.handle) })),
        ]
      : [];
  const expanded = open && suggestions.length > 0;
  const activeIndex = active < suggestions.length ? active : -1;

  const go = (href: string) => {
    setOpen(false);
    setActive(-1);
    router.push(href);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!expanded) {
        setOpen(true);
        return;
      }
      const n = suggestions.length;
      setActive((i) => (e.key === "ArrowDown" ? (i + 1) % n : i <= 0 ? n - 1 : i - 1));
    } else if (e.key === "Escape") {
      if (expanded) e.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (e.key === "Enter" && expanded && activeIndex >= 0) {
      const chosen = suggestions[activeIndex];
      if (chosen) {
        e.preventDefault();
        go(chosen.href);
      }
    }
  };

  return (
    <form
      role="search"
      className="search-box"
      action="/search"
      onSubmit={(e) => {
        e.preventDefault();
        const q = text.trim();
        go(q ? `/search?q=${encodeURIComponent(q)}` : "/search");
      }}
    >
      <label htmlFor={`${id}-input`} className="sr-only">
        Search products
      </label>
      <input
        id={`${id}-input`}
        name="q"
        type="search"
        role="combobox"
        autoComplete="off"
        placeholder="Search products"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && activeIndex >= 0 ? `${id}-opt-${activeIndex}` : undefined}
        value={text}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <button type="submit">Search</button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className="search-suggestions" hidden={!expanded}>
        {suggestions.map((s, i) => (
          <li
            key={s.key}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === activeIndex}
            className={i === activeIndex ? "active" : undefined}
            // mousedown, not click: it runs before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              go(s.href);
            }}
          >
            <span>{s.label}</span> <span className="suggestion-hint">{s.hint}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}
