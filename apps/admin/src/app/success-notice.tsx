/** What a successful action did, announced politely (the counterpart of FormAlert). */
export function SuccessNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="form-success">
      {message}
    </p>
  );
}
