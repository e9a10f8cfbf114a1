// Makes sure this installation's development secrets exist (generating them on the first run) and says
// where they are; never prints them. Run by scripts/up.sh before the applications start.
import { defaultDevSecretsFile, developmentSecrets } from "../packages/config/src/dev-secrets";

const file = process.env.BAZAAR_DEV_SECRETS_FILE ?? defaultDevSecretsFile();
const names = Object.keys(developmentSecrets(file));
console.log(`development secrets (${names.join(", ")}) in ${file}`);
