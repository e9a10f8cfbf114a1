import base from "@bazaar/eslint-config";
export default base;
