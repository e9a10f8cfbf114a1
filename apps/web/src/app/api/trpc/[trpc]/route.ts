import { createTrpcRouteHandler } from "@bazaar/next-kit/route-handler";

import { auth } from "../../../../server/auth";
import { getDeps } from "../../../../server/deps";

const handler = createTrpcRouteHandler({ getDeps, apiHeaders: auth.apiHeadersForRequest });

export { handler as GET, handler as POST };
