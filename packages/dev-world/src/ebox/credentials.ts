import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/** A test key and self-signed certificate of an e-Box document sender. */
export interface EboxSenderCredentials {
  /** PKCS#8 PEM. */
  key: string;
  /** X.509 PEM, with the subject the e-Box onboarding asks for (OU ACC, the CBE number's URN). */
  certificate: string;
  dir?: string;
}

/**
 * Makes (or, with `dir` holding both files, reuses) a sender key and a self-signed certificate
 * whose subject has the structure of the e-Box onboarding: C=BE, O, OU=Belgian Federal
 * Government, OU=urn:be:fgov:kbo-bce:organization:cbe-number:<kbo>, OU=ACC, CN=<application>,
 * L, ST. A test certificate, not one from QuoVadis; never for production.
 */
export function generateEboxSenderCredentials(options: {
  organizationName: string;
  organizationId: string;
  applicationId: string;
  city?: string;
  dir?: string;
}): EboxSenderCredentials {
  const dir = options.dir;
  if (dir && existsSync(join(dir, 'sender-key.pem')) && existsSync(join(dir, 'sender.pem'))) {
    return {
      key: readFileSync(join(dir, 'sender-key.pem'), 'utf8'),
      certificate: readFileSync(join(dir, 'sender.pem'), 'utf8'),
      dir,
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 3 * 365 * 24 * 3600_000);
  const subject = [
    { name: 'countryName', value: 'BE' },
    { name: 'organizationName', value: options.organizationName },
    { name: 'organizationalUnitName', value: 'Belgian Federal Government' },
    {
      name: 'organizationalUnitName',
      value: `urn:be:fgov:kbo-bce:organization:cbe-number:${options.organizationId}`,
    },
    { name: 'organizationalUnitName', value: 'ACC' },
    { name: 'commonName', value: options.applicationId },
    { name: 'localityName', value: options.city ?? 'Brussels' },
    { name: 'stateOrProvinceName', value: 'Brussel-Hoofdstad' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(key) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const certificate = forge.pki.certificateToPem(cert);
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'sender-key.pem'), key, { mode: 0o600 });
    writeFileSync(join(dir, 'sender.pem'), certificate);
  }
  return { key, certificate, ...(dir ? { dir } : {}) };
}
