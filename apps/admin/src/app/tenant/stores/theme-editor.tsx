"use client";

import type { RouterOutputs } from "@bazaar/api";
import { apiErrorOf, type ApiErrorView } from "@bazaar/next-kit/api-error";
import { FormAlert } from "@bazaar/next-kit/forms";
import { useTRPC } from "@bazaar/next-kit/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { useMediaUpload } from "../media-upload";
import { SuccessNotice } from "../../success-notice";
import { THEME_DEFAULTS, ThemePreview, type Theme } from "./theme-preview";

type Store = RouterOutputs["stores"]["list"][number];
const COLOURS = [
  ["primaryColor", "Primary colour"],
  ["accentColor", "Accent colour"],
  ["backgroundColor", "Background colour"],
  ["textColor", "Text colour"],
] as const;
const LAYOUTS = { classic: "Classic", grid: "Grid", editorial: "Editorial" } as const;
const FONTS = { system: "System", serif: "Serif", mono: "Monospace" } as const;

/** Logo, banner, colours, font and layout, previewed as they change and saved together (stores.update). */
export function ThemeEditor({ store, canEdit }: { store: Store; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.stores.update.mutationOptions());
  const upload = useMediaUpload("store");
  const [theme, setTheme] = useState<Theme>(store.theme);
  const [error, setError] = useState<ApiErrorView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fail = (message: string) => setError({ code: "BAD_REQUEST", message, fieldErrors: {}, retryAfter: null });

  async function image(slot: "logo" | "banner", file: File | undefined) {
    if (!file) return;
    setError(null);
    try {
      const asset = await upload.run(file);
      const rendition = slot === "logo" ? asset.renditions?.thumb : asset.renditions?.full;
      setTheme((t) => ({ ...t, [slot]: { assetId: asset.id, ...(rendition ? { url: rendition.url } : {}) } }));
      setNotice(`${slot === "logo" ? "Logo" : "Banner"} uploaded: save the theme to use it.`);
    } catch (cause) {
      fail(`${file.name}: ${upload.describe(cause)}`);
    }
  }

  async function save() {
    setError(null);
    setNotice(null);
    try {
      await update.mutateAsync({ storeId: store.id, theme });
      await queryClient.invalidateQueries({ queryKey: trpc.stores.list.queryKey() });
      setNotice("Theme saved.");
    } catch (cause) {
      setError(apiErrorOf(cause));
    }
  }

  return (
    <section className="card stack" aria-labelledby="theme-heading">
      <h2 id="theme-heading">Theme</h2>
      <FormAlert error={error} />
      <SuccessNotice message={notice} />
      <div className="card-grid">
        <fieldset className="stack" disabled={!canEdit || update.isPending || upload.pending}>
          <legend className="sr-only">Theme settings</legend>
          {(["logo", "banner"] as const).map((slot) => (
            <div key={slot} className="field">
              <label htmlFor={`theme-${slot}`}>{slot === "logo" ? "Logo" : "Banner"}</label>
              <input id={`theme-${slot}`} type="file" accept="image/png,image/jpeg,image/webp,image/avif,image/gif" onChange={(e) => void image(slot, e.target.files?.[0])} />
              {theme[slot] ? (
                <button type="button" className="button-link" onClick={() => setTheme(({ [slot]: _, ...rest }) => rest)}>
                  Remove the {slot}
                </button>
              ) : null}
            </div>
          ))}
          {COLOURS.map(([key, label]) => (
            <div key={key} className="field">
              <label htmlFor={`theme-${key}`}>{label}</label>
              <input id={`theme-${key}`} type="color" value={theme[key] ?? THEME_DEFAULTS[key]} onChange={(e) => setTheme((t) => ({ ...t, [key]: e.target.value }))} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="theme-font">Font</label>
            <select id="theme-font" value={theme.font ?? "system"} onChange={(e) => setTheme((t) => ({ ...t, font: e.target.value as keyof typeof FONTS }))}>
              {Object.entries(FONTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="choice-group">
            <legend>Layout</legend>
            {Object.entries(LAYOUTS).map(([value, label]) => (
              <label key={value} className="choice">
                <input type="radio" name="layout" value={value} checked={(theme.layout ?? "classic") === value} onChange={() => setTheme((t) => ({ ...t, layout: value as keyof typeof LAYOUTS }))} /> {label}
              </label>
            ))}
          </fieldset>
          <p>
            <button type="button" className="button" onClick={() => void save()}>
              Save theme
            </button>
          </p>
        </fieldset>
        <ThemePreview theme={theme} storeName={store.name} />
      </div>
    </section>
  );
}
