import { HOUR } from '@smartloket/core';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DIGEST_AUDIT, scrubError } from './digest.js';

describe('problem digest', () => {
  let d: TestDeployment | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
  });

  it('scrubs e-mail addresses and national numbers out of errors', () => {
    expect(scrubError('550 5.1.1 <jan.peeters@example.be>: user unknown')).toBe(
      '550 5.1.1 <[adres]>: user unknown',
    );
    expect(scrubError('no answer for 85.07.30-033.28 or 85073003328')).toBe(
      'no answer for [nummer] or [nummer]',
    );
    expect(scrubError(null)).toBeUndefined();
  });

  it('reports failed plugin configuration checks and waiting e-mails, and moves its window after each run', async () => {
    const plugin = {
      ...createTestPlugin(),
      checks: () => [
        { name: 'poll interval', ok: false, detail: 'too short, ask beheer@gemeente.example' },
        { name: 'endpoint', ok: true, detail: 'fine' },
      ],
    };
    d = await createTestDeployment({
      plugins: [plugin],
      config: { digest: { recipients: ['a@b.example'] } },
    });
    // An e-mail without a mail sender waits in the outbox.
    await d.db.outbox.add({
      kind: 'email',
      dedupeKey: 'mail:test',
      recipient: 'x@y.example',
      payload: { kind: 'receipt' },
    });
    d.clock.advance(2 * HOUR);
    const found = await d.digest.collect();
    expect(found.configProblems.map((p) => p.nl)).toEqual([
      expect.stringMatching(/^1 e-mail\(s\) wachten langer dan een uur/),
      'plugin test, poll interval: too short, ask [adres]',
    ]);
    expect(new Date(found.to).getTime() - new Date(found.from).getTime()).toBe(24 * HOUR);

    const outcome = await d.digest.send();
    expect(outcome.outboxIds).toHaveLength(1);
    d.clock.advance(HOUR);
    const next = await d.digest.collect();
    expect(next.from).toBe(found.to);
    const [run] = await d.db.audit.list({ categories: [DIGEST_AUDIT] });
    expect(run?.data).toMatchObject({ period: null, configProblems: 2, recipients: 1, queued: 1 });
  });

  it('reports anchoring that stopped when signer.tsaUrl is set, and nothing when it is not', async () => {
    const signer = {
      kind: 'pem',
      keyFile: 'seal.key',
      chainFile: 'seal.pem',
      tsaUrl: 'http://tsa.example/tsa',
    };
    d = await createTestDeployment({ plugins: [createTestPlugin()], config: { signer } });
    const stopped = /^De auditlog is sinds .* niet meer verankerd/;
    await d.db.auditChain.anchor({
      tsaUrl: signer.tsaUrl,
      timestamp: async () => ({ token: Buffer.from('token'), time: d!.clock.now() }),
    });
    d.clock.advance(HOUR);
    expect((await d.digest.collect()).configProblems.map((p) => p.nl)).toEqual([]);
    d.clock.advance(3 * 24 * HOUR);
    expect((await d.digest.collect()).configProblems.map((p) => p.nl)).toEqual([
      expect.stringMatching(stopped),
    ]);
    await d.close();
    // Anchoring off (no tsaUrl): the anchors carry no token by design; doctor says it is off.
    d = await createTestDeployment({
      plugins: [createTestPlugin()],
      config: { signer: { ...signer, tsaUrl: undefined } },
    });
    await d.db.auditChain.anchor();
    d.clock.advance(4 * 24 * HOUR);
    expect((await d.digest.collect()).configProblems.map((p) => p.nl)).toEqual([]);
  });
});
