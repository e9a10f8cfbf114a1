import type { ApiErrorView } from "./api-error";

/** The form-level message of a failed call; announced to screen readers as it appears. */
export function FormAlert({ error }: { error: Pick<ApiErrorView, "message"> | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="form-alert">
      {error.message}
    </p>
  );
}

/** The API's message for one input, under it. */
export function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <span className="field-error">{message}</span>;
}
