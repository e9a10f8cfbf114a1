import { createTrpcRouteHandler } from "@bazaar/next-kit/route-handler";

import { getDeps } from "../../../../server/deps";

const handler = createTrpcRouteHandler({ getDeps });

export { handler as GET, handler as POST };
