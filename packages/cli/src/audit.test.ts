import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { forEachDatabase, withoutAuditGuards } from '@smartloket/db/testing';
import { AUDIT_ANCHOR_JOB, createDeployment } from '@smartloket/runtime';
import { type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalService, startTimestampAuthority } from '../../dev-world/src/trust/authorities.js';
import { auditVerify } from './commands/audit.js';
import { EXIT } from './errors.js';
import { findConfig, loadConfig } from './load-config.js';
import { onFakeTerminal, runCaptured } from './test-support.js';

const staff = { type: 'staff' as const, id: 'staff-1' };

/**
 * The audit chain end to end: the daily anchor job of a deployment timestamps the head at the
 * configured authority (signer.tsaUrl, the test TSA of the dev PKI), and `smartloket audit
 * verify` checks the chain and the tokens, and finds what an owner changed or removed.
 */
forEachDatabase('smartloket audit verify', (_url, t) => {
  let dir: string;
  let pki: DevPki;
  let other: DevPki;
  let tsa: LocalService;

  /** The configuration in use (a module is imported once: each variant has its own file). */
  let configFile = 'smartloket.config.mjs';
  /** Writes the configuration; `tsa: false` leaves signer.tsaUrl out. */
  const configure = (o: { tsa: boolean }) => {
    configFile = o.tsa ? 'with-tsa.config.mjs' : 'without-tsa.config.mjs';
    writeFileSync(
      join(dir, configFile),
      `export default ${JSON.stringify({
        municipality: {
          name: { nl: 'Gemeente Test' },
          nisCode: '99001',
          address: { street: 'Markt 1', postcode: '9999', city: 'Test' },
        },
        database: { url: t.url, ...(t.ownerUrl ? { ownerUrl: t.ownerUrl } : {}) },
        signer: {
          kind: 'pem',
          keyFile: pki.sealKey,
          chainFile: pki.chain,
          ...(o.tsa ? { tsaUrl: tsa.url } : {}),
        },
        plugins: [],
      })};\n`,
    );
  };
  const run = (...args: string[]) => runCaptured(dir, ...args, '--config', configFile);
  const verify = async (...args: string[]) => {
    const r = await run('audit', 'verify', '--json', '--tsa-trust', pki.caCertificate, ...args);
    return { code: r.code, report: JSON.parse(r.stdout) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-audit-'));
    pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Test', tsa: true });
    other = generateDevPki({ dir: join(dir, 'other'), organisation: 'Elders' });
    tsa = await startTimestampAuthority({
      cert: pki.tsaCertificate!,
      key: pki.tsaKey!,
      chain: pki.caCertificate,
    });
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      await t.db.audit.append({ category: 'staff_view', actor: staff, data: { i } });
    }
  });
  afterAll(async () => {
    await tsa?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the deployment's daily jobs once, as a worker does. */
  async function dailyJobs(): Promise<void> {
    const { config, baseDir } = await loadConfig(findConfig(dir, configFile));
    const d = await createDeployment(config, { baseDir, clock: t.clock });
    try {
      const worker = d.createWorker({ id: 'audit-test' });
      await worker.schedule();
      await worker.drain();
    } finally {
      await d.close();
    }
  }

  it('anchors without a timestamp when signer.tsaUrl is not set, and says so', async () => {
    configure({ tsa: false });
    await dailyJobs();
    const anchors = await t.db.auditChain.anchors();
    expect(anchors).toHaveLength(1);
    expect(anchors[0]).toMatchObject({ headSeq: 7, token: null, tsaUrl: null });
    const jobs = await t.db.knex('jobs').where({ type: AUDIT_ANCHOR_JOB }).select('state', 'key');
    expect(jobs).toEqual([{ state: 'done', key: expect.stringMatching(/^schedule:audit-anchor:/) }]);
    const { code, report } = await verify();
    expect(code).toBe(EXIT.ok);
    // The retention job of the same run recorded itself after the anchor.
    expect(report).toMatchObject({ ok: true, records: 8, anchors: { withoutToken: 1, tokens: 0 } });
    const manual = await run('audit', 'anchor');
    expect(manual.code).toBe(EXIT.ok);
    expect(manual.stderr).toContain('anchoring is off');
  });

  it('the daily job timestamps the head at signer.tsaUrl (once a day), and verify checks the token', async () => {
    configure({ tsa: true });
    await t.db.audit.append({ category: 'staff_view', actor: staff });
    // The next local day: the scheduler enqueues that day's anchor (one per day, however many ticks).
    t.clock.advance(24 * 3600_000);
    await dailyJobs();
    await dailyJobs();
    const stamped = (await t.db.auditChain.anchors()).filter((a) => a.token);
    expect(stamped).toHaveLength(1);
    const head = await t.db.auditChain.head();
    expect(stamped[0]).toMatchObject({ tsaUrl: tsa.url });
    const { code, report } = await verify();
    expect(code).toBe(EXIT.ok);
    expect(report).toMatchObject({ ok: true, records: head.seq, tsaTrusted: true, anchors: { tokens: 1 } });
    expect(report.authorities[0]).toContain('Gemeente Test');

    // Human output, without pinning the authority: it says so.
    const text = await run('audit', 'verify');
    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toContain('Audit chain intact.');
    expect(text.stdout).toContain('not pinned: use --tsa-trust');
    // Another authority's root: the token is not trusted.
    const foreign = await run('audit', 'verify', '--json', '--tsa-trust', other.caCertificate);
    expect(foreign.code).toBe(EXIT.auditBroken);
    expect(JSON.parse(foreign.stdout).failure).toMatchObject({ check: 'token', seq: stamped[0]!.headSeq });
  });

  it('fails at exactly the row an owner changed, and at the row after one an owner removed', async () => {
    const rows = await t.db.knex('audit_log').orderBy('seq');
    const victim = rows[4];
    await withoutAuditGuards(t, (o) =>
      o('audit_log').where({ id: victim.id }).update({ category: 'nothing_to_see' }),
    );
    const changed = await verify('--batch-size', '2');
    expect(changed.code).toBe(EXIT.auditBroken);
    expect(changed.report.ok).toBe(false);
    expect(changed.report.failure).toMatchObject({
      check: 'content',
      seq: Number(victim.seq),
      id: victim.id,
      at: new Date(Number(victim.at)).toISOString(),
    });
    const text = await run('audit', 'verify');
    expect(text.code).toBe(EXIT.auditBroken);
    expect(text.stdout).toContain(`first break: content at seq ${victim.seq}, record ${victim.id}`);
    await withoutAuditGuards(t, (o) =>
      o('audit_log').where({ id: victim.id }).update({ category: victim.category }),
    );
    expect((await verify()).code).toBe(EXIT.ok);

    await withoutAuditGuards(t, (o) => o('audit_log').where({ id: victim.id }).delete());
    const removed = await verify();
    expect(removed.code).toBe(EXIT.auditBroken);
    expect(removed.report.failure).toMatchObject({ check: 'gap', id: rows[5].id, seq: Number(rows[5].seq) });
    await withoutAuditGuards(t, (o) => o('audit_log').insert(victim));
    expect((await verify()).code).toBe(EXIT.ok);
  });

  it('draws a progress bar on a terminal, batch by batch, and still prints its result', async () => {
    const {
      result: code,
      terminal,
      stdout,
    } = await onFakeTerminal((out) => auditVerify({ cwd: dir, config: configFile, batchSize: 3 }, out));
    const rows = (await t.db.auditChain.head()).seq;
    expect(code).toBe(EXIT.ok);
    expect(stripVTControlCharacters(terminal)).toContain('audit verify');
    expect(stripVTControlCharacters(terminal)).toContain(`${rows}/${rows}`);
    expect(stdout).toContain('Audit chain intact.');
  });

  it('fails on a timestamp token that was replaced', async () => {
    const anchor = (await t.db.auditChain.anchors()).find((a) => a.token)!;
    const token = Buffer.from(anchor.token!);
    token[token.length - 20]! ^= 0x01;
    await t.admin('audit_anchors').where({ id: anchor.id }).update({ token });
    const { code, report } = await verify();
    expect(code).toBe(EXIT.auditBroken);
    expect(report.failure).toMatchObject({ check: 'token', anchorId: anchor.id });
    await t.admin('audit_anchors').where({ id: anchor.id }).update({ token: anchor.token });
    expect((await verify()).code).toBe(EXIT.ok);
    expect((await run('audit', 'sideways')).code).toBe(EXIT.config);
  });
});
