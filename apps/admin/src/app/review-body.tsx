/** A review's stars, title and text as the shopper wrote them; React escapes the text, markup shows as typed. */
export function ReviewBody({ rating, title, body, authorName }: { rating: number; title: string; body: string; authorName: string }) {
  return (
    <>
      <h2>
        <span aria-label={`${rating} of 5 stars`} title={`${rating} of 5 stars`}>
          {"★".repeat(rating)}
          {"☆".repeat(5 - rating)}
        </span>{" "}
        {title}
      </h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{body}</p>
      <p className="form-notice">by {authorName}</p>
    </>
  );
}
