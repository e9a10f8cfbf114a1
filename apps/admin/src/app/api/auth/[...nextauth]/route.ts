import { auth } from "../../../../server/auth";

const { handler } = auth;

export { handler as GET, handler as POST };
