import { localize } from '@smartloket/core';
import type { Mailer } from '@smartloket/notifier-mail';
import {
  createDeployment,
  createLogger,
  type Deployment,
  type DeploymentConfig,
  type DigestOutcome,
  type MailSender,
  type ProblemDigest,
} from '@smartloket/runtime';
import { certificateFiles, certificateProviderService, createCertificateProvider } from '../certificates.js';
import { createSmtpOutbox } from '../compose/mail.js';
import { EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import type { Check } from './doctor.js';
import type { OpsOptions } from './shared.js';

/** Options of `smartloket digest`. */
export interface DigestOptions extends OpsOptions {
  /** Also e-mail the digest to `digest.recipients` now (through the outbox). */
  send?: boolean | undefined;
}

/**
 * `smartloket digest`: the problem digest for administrators, the same one the worker e-mails
 * daily (`digest.at`): requests that failed delivery, e-mails and jobs given up, configuration
 * problems and certificates expiring within 30 days, since the last digest. Prints it (or JSON);
 * `--send` also queues the e-mail to `digest.recipients` and, with SMTP configured, sends it at
 * once (else the running worker sends it). Exit 1 when there are problems.
 */
export async function digest(options: DigestOptions, out: Output): Promise<number> {
  let loaded: { config: DeploymentConfig; baseDir: string };
  try {
    loaded = await loadConfig(findConfig(options.cwd, options.config));
  } catch (error) {
    return finishDigest(
      [{ name: 'configuration', ok: false, detail: (error as Error).message }],
      out,
      'SmartLoket',
    );
  }
  const { config, baseDir } = loaded;
  const name = localize(config.municipality.name, 'nl');
  const baseUrl = (config.baseUrl ?? `http://localhost:${config.server.port}`).replace(/\/$/, '');
  let mailer: Mailer | undefined;
  let mailSender: MailSender | undefined;
  if (options.send && config.mail.kind === 'smtp') {
    ({ mailer, mailSender } = createSmtpOutbox({ ...config, mail: config.mail }, baseUrl));
  }
  let deployment: Deployment;
  try {
    deployment = await createDeployment(config, {
      baseDir,
      logger: createLogger({ level: 'warn' }),
      services: [
        certificateProviderService(createCertificateProvider(() => certificateFiles(config, baseDir))),
      ],
      mailSender,
    });
  } catch (error) {
    await mailer?.close();
    return finishDigest([{ name: 'deployment', ok: false, detail: (error as Error).message }], out, name);
  }
  try {
    let outcome: DigestOutcome | undefined;
    let found: ProblemDigest;
    if (options.send) {
      outcome = await deployment.digest.send({ force: true, deliver: true });
      found = outcome.digest;
    } else {
      found = await deployment.digest.collect();
    }
    const sent = outcome ? await sendReport(deployment, outcome, Boolean(mailSender)) : undefined;
    return finishDigest(toChecks(found), out, name, found, sent);
  } finally {
    await deployment.close();
    await mailer?.close();
  }
}

/** What happened to the digest's e-mails, for the output. */
async function sendReport(
  deployment: Deployment,
  outcome: DigestOutcome,
  direct: boolean,
): Promise<{ recipients: number; sent: number; queued: number; note: string }> {
  let sent = 0;
  for (const id of outcome.outboxIds) if ((await deployment.db.outbox.get(id))?.state === 'sent') sent++;
  const queued = outcome.outboxIds.length - sent;
  const note =
    outcome.skipped === 'no_recipients'
      ? 'not sent: digest.recipients is empty'
      : queued === 0
        ? `sent to ${sent} recipient(s)`
        : direct
          ? `sent to ${sent} recipient(s); ${queued} failed and wait in the outbox for the worker`
          : `queued for ${queued} recipient(s); the running worker sends them (no SMTP in this configuration)`;
  return { recipients: outcome.outboxIds.length, sent, queued, note };
}

/** The digest as findings, one per problem (the JSON `problems` list and the text lines). */
function toChecks(d: ProblemDigest): Check[] {
  const checks: Check[] = [];
  for (const r of d.failedRequests)
    checks.push({
      name: 'failed request',
      ok: false,
      detail: `${r.reference} (${localize(r.requestType, 'en')}) failed delivery at ${r.failedAt}`,
    });
  for (const f of d.failedDeliveries)
    checks.push({
      name: 'failed e-mail',
      ok: false,
      detail: `${f.mail}${f.reference ? ` for ${f.reference}` : ''} gave up after ${f.attempts} attempt(s)${f.lastError ? `: ${f.lastError}` : ''}`,
    });
  for (const j of d.deadLetteredJobs)
    checks.push({
      name: `dead jobs ${j.type}`,
      ok: false,
      detail: `${j.count} job(s) gave up (latest ${j.id}${j.lastError ? `: ${j.lastError}` : ''}); see the back-office`,
    });
  for (const p of d.configProblems)
    checks.push({ name: 'configuration', ok: false, detail: localize(p, 'en') });
  for (const c of d.expiringCertificates)
    checks.push({
      name: `certificate ${c.name}`,
      ok: true,
      warning: true,
      detail: `expires ${c.expiresAt.slice(0, 10)}`,
    });
  return checks;
}

function finishDigest(
  problems: Check[],
  out: Output,
  name: string,
  found?: ProblemDigest,
  sent?: { recipients: number; sent: number; queued: number; note: string },
): number {
  const window = found ? ` (${found.from} to ${found.to})` : '';
  const text = problems.length
    ? `Problems of ${name}${window}:\n${problems.map((p) => `- ${p.name}: ${p.detail}`).join('\n')}`
    : `No problems for ${name}${window}.`;
  out.result(
    { municipality: name, problems, ...(found ? { digest: found } : {}), ...(sent ? { mail: sent } : {}) },
    sent ? `${text}\nDigest e-mail: ${sent.note}.` : text,
  );
  return problems.length ? EXIT.failure : EXIT.ok;
}
