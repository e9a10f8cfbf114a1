import type { Metadata } from "next";

export const metadata: Metadata = { title: "Search" };

export default function SearchPage() {
  return (
    <>
      <h1>Search</h1>
      <p className="lead">
        Full-text search across every store, with filters for category, price, rating and stock, lands
        here once the catalog search API is published.
      </p>
    </>
  );
}
