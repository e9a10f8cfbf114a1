import base from "@bazaar/eslint-config";
import nextApp from "./eslint-next-app.js";
export default [...base, ...nextApp];
