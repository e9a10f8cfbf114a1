import { ops } from "../../server/ops";

export const dynamic = "force-dynamic";
export const GET = ops.ready;
