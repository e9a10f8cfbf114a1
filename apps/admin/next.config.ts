import { bazaarNextConfig } from "@bazaar/next-kit/next-config";

export default (phase: string) => bazaarNextConfig(phase);
