// The configuration of the SmartLoket container: every setting comes from the environment, so the
// image is the same for every municipality. Plain JavaScript (no TypeScript loader at runtime).
// Missing or wrong values are named by their configuration key when `smartloket start` begins.
import { bevolkingPlugin } from '@smartloket/plugin-bevolking';
import { burgerlijkeStandPlugin } from '@smartloket/plugin-burgerlijke-stand';
import { strafregisterPlugin } from '@smartloket/plugin-strafregister';

const env = process.env;
const dataDir = env.SMARTLOKET_DATA_DIR ?? '/data';
const secrets = env.SMARTLOKET_SECRETS_DIR ?? '/run/secrets';
const plugins = {
  bevolking: bevolkingPlugin,
  'burgerlijke-stand': burgerlijkeStandPlugin,
  strafregister: strafregisterPlugin,
};
const enabled = (env.SMARTLOKET_PLUGINS ?? 'bevolking,burgerlijke-stand,strafregister')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);

/** @type {import('@smartloket/runtime').DeploymentConfigInput} */
export default {
  municipality: {
    name: { nl: env.MUNICIPALITY_NAME_NL ?? '', fr: env.MUNICIPALITY_NAME_FR, en: env.MUNICIPALITY_NAME_EN },
    nisCode: env.MUNICIPALITY_NIS ?? '',
    address: {
      street: env.MUNICIPALITY_STREET ?? '',
      postcode: env.MUNICIPALITY_POSTCODE ?? '',
      city: env.MUNICIPALITY_CITY ?? '',
    },
    email: env.MUNICIPALITY_EMAIL,
  },
  baseUrl: env.SMARTLOKET_BASE_URL,
  dataDir,
  database: {
    url: env.DATABASE_URL ?? `sqlite:${dataDir}/smartloket.sqlite`,
    ownerUrl: env.DATABASE_OWNER_URL,
  },
  server: {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    trustProxy: env.TRUST_PROXY === 'true',
  },
  worker: { inProcess: env.WORKER_IN_PROCESS !== 'false' },
  identity: {
    kind: 'oidc',
    preset: env.OIDC_PRESET === 'fas' ? 'fas' : 'acmidm',
    issuer: env.OIDC_ISSUER ?? '',
    clientId: env.OIDC_CLIENT_ID ?? '',
    clientSecret: env.OIDC_CLIENT_SECRET,
    privateKeyFile: env.OIDC_PRIVATE_KEY_FILE,
  },
  magda: {
    kind: 'magda',
    endpoint: env.MAGDA_ENDPOINT ?? '',
    tls: {
      cert: env.MAGDA_TLS_CERT_FILE ?? `${secrets}/magda-cert.pem`,
      key: env.MAGDA_TLS_KEY_FILE ?? `${secrets}/magda-key.pem`,
      ca: env.MAGDA_TLS_CA_FILE,
    },
    identificatie: env.MAGDA_IDENTIFICATIE ?? '',
    hoedanigheid: env.MAGDA_HOEDANIGHEID ?? '1300',
  },
  mail: {
    kind: 'smtp',
    host: env.SMTP_HOST ?? '',
    port: Number(env.SMTP_PORT ?? 587),
    secure: env.SMTP_SECURE === 'true',
    user: env.SMTP_USER,
    password: env.SMTP_PASSWORD,
    from: {
      name: env.MAIL_FROM_NAME ?? env.MUNICIPALITY_NAME_NL ?? '',
      address: env.MAIL_FROM_ADDRESS ?? '',
    },
  },
  signer: {
    kind: 'pem',
    keyFile: env.SEAL_KEY_FILE ?? `${secrets}/seal-key.pem`,
    chainFile: env.SEAL_CHAIN_FILE ?? `${secrets}/seal-chain.pem`,
    tsaUrl: env.SEAL_TSA_URL,
  },
  plugins: enabled.map((id) => {
    const plugin = plugins[id];
    if (!plugin)
      throw new Error(
        `SMARTLOKET_PLUGINS: unknown plugin "${id}" (known: ${Object.keys(plugins).join(', ')})`,
      );
    return plugin;
  }),
};
