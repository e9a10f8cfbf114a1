"use client";

import { useState } from "react";

import type { OptionDraft } from "./variant-rows";

/** Values as the seller types them: "S, M, L". */
export function parseValues(text: string): string[] {
  return [...new Set(text.split(",").map((v) => v.trim()).filter(Boolean))];
}

/**
 * Up to three options (size, colour, material) with their values. Changes are reported as a whole list;
 * the caller decides whether they apply at once (new product) or on "Save options" (existing one).
 */
export function OptionsEditor({ options, onChange, disabled }: { options: OptionDraft[]; onChange: (next: OptionDraft[]) => void; disabled?: boolean }) {
  const [name, setName] = useState("");
  const [values, setValues] = useState("");
  const canAdd = options.length < 3 && name.trim() !== "" && parseValues(values).length > 0 && !options.some((o) => o.name === name.trim());

  return (
    <fieldset className="stack" disabled={disabled}>
      <legend>Options</legend>
      {options.length === 0 ? <p className="form-notice">No options: the product has one variant.</p> : null}
      <ul className="stack" data-testid="options">
        {options.map((option, index) => (
          <li key={option.name} className="inline-form">
            <strong>{option.name}</strong>
            <div className="field">
              <label htmlFor={`option-${index}-values`}>Values of {option.name}</label>
              <input
                id={`option-${index}-values`}
                defaultValue={option.values.join(", ")}
                onBlur={(e) => {
                  const next = parseValues(e.target.value);
                  if (next.length > 0 && next.join(",") !== option.values.join(",")) {
                    onChange(options.map((o, i) => (i === index ? { ...o, values: next } : o)));
                  }
                }}
              />
            </div>
            <button type="button" className="button-link" aria-label={`Remove option ${option.name}`} onClick={() => onChange(options.filter((_, i) => i !== index))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {options.length < 3 ? (
        <div className="inline-form">
          <div className="field">
            <label htmlFor="new-option-name">Option name</label>
            <input id="new-option-name" value={name} maxLength={40} placeholder="Size" onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="new-option-values">Option values</label>
            <input id="new-option-values" value={values} placeholder="S, M, L" onChange={(e) => setValues(e.target.value)} />
            <span className="field-hint">Separated by commas</span>
          </div>
          <button
            type="button"
            className="button button-secondary"
            disabled={!canAdd}
            onClick={() => {
              onChange([...options, { name: name.trim(), values: parseValues(values) }]);
              setName("");
              setValues("");
            }}
          >
            Add option
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
