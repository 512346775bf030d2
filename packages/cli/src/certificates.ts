import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServiceFactory, type ServiceFactory } from '@smartloket/core';
import {
  CERTIFICATE_WARN_DAYS,
  type CertificateProvider,
  type CertificateStatus,
  certificateProviderRef,
  type DeploymentConfig,
} from '@smartloket/runtime';
import { certificateExpiry } from '@smartloket/signer-pades';
import type { Check } from './commands/doctor.js';

/** A certificate file of the deployment and the configuration key that names it. */
export interface CertificateFile {
  /** The configuration key, e.g. `signer.chainFile`. */
  key: string;
  /** Absolute path. */
  file: string;
}

/**
 * The certificate files the configuration names: the seal chain (`signer.chainFile`, PEM and
 * remote signers) and the MAGDA client certificate (`magda.tls.cert`). A PKCS#12 seal is not
 * read here (it needs its passphrase).
 */
export function certificateFiles(config: DeploymentConfig, baseDir: string): CertificateFile[] {
  const files: CertificateFile[] = [];
  if (config.signer.kind === 'pem' || config.signer.kind === 'remote' || config.signer.kind === 'pkcs11')
    files.push({ key: 'signer.chainFile', file: config.signer.chainFile });
  if (config.magda.kind === 'magda') files.push({ key: 'magda.tls.cert', file: config.magda.tls.cert });
  return files.map((f) => ({ ...f, file: resolve(baseDir, f.file) }));
}

/** The certificate files of the configuration, as absolute paths. */
export function chainFiles(config: DeploymentConfig, baseDir: string): string[] {
  return certificateFiles(config, baseDir).map((f) => f.file);
}

/** `doctor` and `digest` findings about the certificate files: missing, expired, expiring soon. */
export function certificateChecks(config: DeploymentConfig, baseDir: string, now: Date): Check[] {
  return chainFiles(config, baseDir).flatMap((file): Check[] => {
    if (!existsSync(file)) return [{ name: `certificate ${file}`, ok: false, detail: 'file not found' }];
    return expiryChecks(readFileSync(file, 'utf8'), now);
  });
}

/** A certificate to check: a file, or PEM text the composer holds (e.g. a simulator's client certificate). */
export type CertificateSource = CertificateFile | { key: string; pem: string };

/** Reads certificates (PEM, one or more each) into the runtime's statuses. */
export function certificateStatuses(sources: readonly CertificateSource[]): CertificateStatus[] {
  return sources.flatMap((f): CertificateStatus[] => {
    const label = 'file' in f ? `${f.key} (${f.file})` : f.key;
    let pem: string;
    if ('pem' in f) pem = f.pem;
    else {
      try {
        pem = readFileSync(f.file, 'utf8');
      } catch {
        return [{ name: label, problem: 'file not found or unreadable' }];
      }
    }
    try {
      const certificates = certificateExpiry(pem);
      if (certificates.length === 0) return [{ name: label, problem: 'no certificate in it' }];
      return certificates.map((c) => ({ name: `${f.key}: ${c.subject}`, expiresAt: c.notAfter }));
    } catch {
      return [{ name: label, problem: 'not a readable PEM certificate' }];
    }
  });
}

/**
 * The certificates the daily digest checks, read from the files at each check (a renewed file
 * is picked up without a restart).
 */
export function createCertificateProvider(
  files: readonly CertificateSource[] | (() => readonly CertificateSource[]),
): CertificateProvider {
  return { list: () => certificateStatuses(typeof files === 'function' ? files() : files) };
}

/** The provider as the service the runtime's digest resolves (`certificateProviderRef`). */
export function certificateProviderService(provider: CertificateProvider): ServiceFactory<any, any> {
  return createServiceFactory({ ref: certificateProviderRef, factory: () => provider });
}

/** Findings for the certificates of one PEM chain: expired (fails), expiring soon (warns), fine. */
export function expiryChecks(pem: Parameters<typeof certificateExpiry>[0], now: Date): Check[] {
  return certificateExpiry(pem, { now, warnDays: CERTIFICATE_WARN_DAYS }).map((c) => ({
    name: `certificate ${c.subject}`,
    ok: c.daysLeft > 0,
    warning: c.daysLeft > 0 && c.expiresSoon,
    detail:
      c.daysLeft > 0
        ? `expires ${c.notAfter.toISOString().slice(0, 10)} (${c.daysLeft} days)`
        : `EXPIRED ${c.notAfter.toISOString().slice(0, 10)}`,
  }));
}
