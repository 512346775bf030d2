import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/** Test PKI for MAGDA in dev and tests: a CA, the organisation's client certificate, a server certificate. */
export interface MagdaDevCertificates {
  ca: { cert: string; key: string };
  /** The organisation's certificate (mTLS client and WS-Security signer). */
  client: { cert: string; key: string; chain: string };
  /** The simulator's TLS certificate (localhost, 127.0.0.1). */
  server: { cert: string; key: string };
  dir: string;
}

const FILES = [
  'ca.pem',
  'ca-key.pem',
  'client.pem',
  'client-key.pem',
  'server.pem',
  'server-key.pem',
] as const;

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    keyPem,
    privateKey: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function issue(args: {
  cn: string;
  publicKey: forge.pki.PublicKey;
  signer: forge.pki.rsa.PrivateKey;
  issuer?: forge.pki.Certificate;
  extensions: object[];
  years: number;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = args.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + args.years * 365 * 24 * 3600_000);
  const subject = [
    { name: 'commonName', value: args.cn },
    { name: 'organizationName', value: 'SmartLoket dev (simulated)' },
    { name: 'countryName', value: 'BE' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(args.issuer ? args.issuer.subject.attributes : subject);
  cert.setExtensions(args.extensions);
  cert.sign(args.signer, forge.md.sha256.create());
  return cert;
}

/**
 * Creates (or reuses, when all files exist) a test CA, an organisation client certificate and a
 * server certificate for the simulator in `dir`. Never for production.
 */
export function generateMagdaDevCertificates(dir: string): MagdaDevCertificates {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  if (FILES.every((f) => existsSync(join(dir, f)))) {
    const client = read('client.pem');
    return {
      ca: { cert: read('ca.pem'), key: read('ca-key.pem') },
      client: { cert: client, key: read('client-key.pem'), chain: client + read('ca.pem') },
      server: { cert: read('server.pem'), key: read('server-key.pem') },
      dir,
    };
  }
  mkdirSync(dir, { recursive: true });
  const caKeys = keyPair();
  const ca = issue({
    cn: 'SmartLoket MAGDA test CA (simulated)',
    publicKey: caKeys.publicKey,
    signer: caKeys.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
    years: 10,
  });
  const clientKeys = keyPair();
  const client = issue({
    cn: 'Gemeente Smartegem (simulated organisation)',
    publicKey: clientKeys.publicKey,
    signer: caKeys.privateKey,
    issuer: ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
    years: 5,
  });
  const serverKeys = keyPair();
  const server = issue({
    cn: 'localhost',
    publicKey: serverKeys.publicKey,
    signer: caKeys.privateKey,
    issuer: ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
    years: 5,
  });
  const pem = (c: forge.pki.Certificate) => forge.pki.certificateToPem(c);
  const out = {
    'ca.pem': pem(ca),
    'ca-key.pem': caKeys.keyPem,
    'client.pem': pem(client),
    'client-key.pem': clientKeys.keyPem,
    'server.pem': pem(server),
    'server-key.pem': serverKeys.keyPem,
  };
  for (const [f, v] of Object.entries(out))
    writeFileSync(join(dir, f), v, { mode: f.endsWith('key.pem') ? 0o600 : 0o644 });
  return {
    ca: { cert: out['ca.pem'], key: out['ca-key.pem'] },
    client: { cert: out['client.pem'], key: out['client-key.pem'], chain: out['client.pem'] + out['ca.pem'] },
    server: { cert: out['server.pem'], key: out['server-key.pem'] },
    dir,
  };
}
