import { redirect } from "next/navigation";

// The low-stock email links to ADMIN_URL/inventory (apps/workers low-stock-notifier); the page lives
// under /tenant like every tenant page.
export default function InventoryLink() {
  redirect("/tenant/inventory");
}
