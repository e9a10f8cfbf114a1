"use client";

import { useState } from "react";

/** The fresh recovery codes, shown once: the API stores only their hashes. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = codes.join("\n");

  return (
    <div className="card" role="region" aria-labelledby="recovery-codes-heading" data-testid="recovery-codes">
      <h3 id="recovery-codes-heading">Save your recovery codes</h3>
      <p>
        Each code signs you in once if you lose your authenticator app. They are shown only now: print them, or keep them
        in a password manager.
      </p>
      <ul className="code-list">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <p>
        <a className="button button-secondary" href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="bazaar-recovery-codes.txt">
          Download
        </a>{" "}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>{" "}
        <button type="button" className="button" onClick={onDone}>
          I have saved them
        </button>
      </p>
    </div>
  );
}
