import base from "@bazaar/eslint-config";
import nextApp from "@bazaar/next-kit/eslint";

export default [...base, ...nextApp];
