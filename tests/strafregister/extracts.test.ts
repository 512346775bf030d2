import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOUR, MINUTE, ValidationError } from '@smartloket/core';
import { personByKey } from '@smartloket/dev-population';
import { MAGDA_SERVICES } from '@smartloket/source-magda';
import { identityOf, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_MESSAGES, SOURCE_MESSAGES } from '../../plugins/strafregister/src/index.js';
import { citizen, hasTool, startWorld, type World } from './support.js';

const tools = hasTool('pdftotext') && hasTool('pdfsig') && hasTool('certutil');
if (!tools && process.env.CI)
  throw new Error('pdftotext, pdfsig and certutil are needed (poppler-utils, libnss3-tools)');
const XSD_ROOT = resolve(__dirname, '../../../shared/reference/magda-xsd');
const STAFF = { type: 'staff' as const, id: 'dev:karin', name: 'Karin' };

describe.runIf(tools)('strafregister extracts end to end (SOAP over HTTPS, MTOM, ManualClock)', () => {
  let world: World;
  let d: TestDeployment;

  beforeAll(async () => {
    world = await startWorld();
    d = await world.deploy();
  });
  afterAll(async () => {
    await world?.close();
  });

  const submit = (model: string, identity: ReturnType<typeof citizen>, input: Record<string, unknown> = {}) =>
    d.requests.submit({
      typeId: `strafregister.model-${model}`,
      input: { forWhom: 'self', ...input },
      locale: 'nl',
      identity,
    });

  /** The delivered document, and the attachment the simulator sent for it. */
  async function delivered(dep: TestDeployment, requestId: string, callsBefore: number) {
    const r = (await dep.db.requests.get(requestId))!;
    const docs = await dep.db.documents.listByRequest(requestId);
    const bytes = docs[0] ? new Uint8Array((await dep.db.documents.readBytes(docs[0].id))!) : undefined;
    const sent = world.sim.calls
      .slice(callsBefore)
      .flatMap((c) => c.attachments ?? [])
      .map((a) => a.bytes);
    return { r, docs, bytes, sent };
  }

  it('595 is delivered at once: the bytes of the XOP attachment, sealed by the Strafregister, purpose printed', async () => {
    const before = world.sim.calls.length;
    const { request } = await submit('595', citizen('jan'), { purpose: 'Sollicitatie bij de gemeente' });
    expect(request.state).toBe('waiting_source');
    await d.runJobs();
    const { r, docs, bytes, sent } = await delivered(d, request.id, before);
    expect(r.state).toBe('delivered');
    expect(r.purpose).toBe('Sollicitatie bij de gemeente');
    expect(docs[0]!.sealedBy).toBe('Centraal Strafregister');
    expect(sent).toHaveLength(1);
    expect(Buffer.from(bytes!).equals(Buffer.from(sent[0]!))).toBe(true);
    const text = world.pdftotext(bytes!).replace(/\s+/g, ' ');
    expect(text).toContain('Doel: Sollicitatie bij de gemeente');
    expect(text).toContain('Geen veroordelingen');
    const sig = world.pdfsig(bytes!);
    expect(sig).toContain('Signature is Valid.');
    expect(sig).toContain('Centraal Strafregister (simulated)');
    // Every Strafregister call of the request is in the consultation audit under its referte.
    const audit = await d.db.audit.list({ requestId: r.id, categories: ['consultation_started'] });
    const calls = world.sim.calls.slice(before).filter((c) => c.naam.includes('Strafregister'));
    expect(calls.map((c) => c.referte).sort()).toEqual(audit.map((a) => a.referte).sort());
  });

  it('596.1 asks for the activity chosen from the (cached) list; an activity not on it is a form error', async () => {
    const before = world.sim.calls.length;
    const { request } = await submit('596-1', citizen('bart'), {
      activity: '596.1-02',
      purpose: 'Taxivergunning',
    });
    await d.runJobs();
    const { r, bytes, sent } = await delivered(d, request.id, before);
    expect(r.state).toBe('delivered');
    expect(Buffer.from(bytes!).equals(Buffer.from(sent[0]!))).toBe(true);
    const text = world.pdftotext(bytes!).replace(/\s+/g, ' ');
    expect(text).toContain('Taxichauffeur');
    expect(text).toContain('Overdreven snelheid');
    const call = world.sim.calls.slice(before).find((c) => c.naam === 'GeefUittrekselStrafregister')!;
    expect(call.raw).toContain('<TypeUittreksel>596.1-02</TypeUittreksel>');

    await expect(submit('596-1', citizen('bart'), { activity: '596.1-99' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // The list was fetched once for both submissions (cached for a day), and again after a day.
    const typesCalls = () =>
      world.sim.calls.filter((c) => c.naam === 'GeefTypesUittrekselStrafregister').length;
    const n = typesCalls();
    expect(n).toBe(1);
    world.clock.advance(25 * HOUR);
    await expect(submit('596-1', citizen('bart'), { activity: '596.1-99' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(typesCalls()).toBe(2);
  });

  it('596.2 goes to review first, then waits for the Strafregister (polled on the clock), then is delivered', async () => {
    await expect(submit('596-2', citizen('jan'))).rejects.toBeInstanceOf(ValidationError); // purpose required
    const before = world.sim.calls.length;
    const { request } = await submit('596-2', citizen('jan'), { purpose: 'Monitor in de speelpleinwerking' });
    expect(request.state).toBe('in_review');
    expect((request.decision as { reasons: { reason: { nl: string } }[] }).reasons[0]!.reason.nl).toBe(
      RULE_MESSAGES.police596_2.nl,
    );
    await d.runJobs();
    expect(world.sim.calls.slice(before).some((c) => c.naam.includes('Strafregister'))).toBe(false);

    await d.requests.act(request.id, { action: 'approve' }, STAFF);
    await d.runJobs();
    let r = (await d.db.requests.get(request.id))!;
    expect(r.state).toBe('waiting_source');
    expect(JSON.parse(r.pendingToken!)).toMatchObject({ polls: 0 });
    expect(await d.db.documents.listByRequest(request.id)).toHaveLength(0);

    // Polls come at growing intervals (after 5, 10, 20, 40 min): four within the first 75 minutes.
    for (let i = 0; i < 15; i++) {
      world.clock.advance(5 * MINUTE);
      await d.runJobs();
    }
    const statusCalls = () =>
      world.sim.calls.slice(before).filter((c) => c.naam === 'GeefStatusUittrekselStrafregister').length;
    expect(statusCalls()).toBe(4);
    const times = world.sim.calls
      .slice(before)
      .filter((c) => c.naam === 'GeefStatusUittrekselStrafregister')
      .map((c) => c.at.getTime());
    expect(times.slice(1).map((t, i) => (t - times[i]!) / MINUTE)).toEqual([10, 20, 40]);
    r = (await d.db.requests.get(request.id))!;
    expect(r.state).toBe('waiting_source');

    // The police check is over after 2 hours; the next poll fetches the extract.
    world.clock.advance(2 * HOUR);
    await d.runJobs();
    const { r: done, bytes, sent } = await delivered(d, request.id, before);
    expect(done.state).toBe('delivered');
    expect(sent).toHaveLength(1);
    expect(Buffer.from(bytes!).equals(Buffer.from(sent[0]!))).toBe(true);
    expect(world.pdftotext(bytes!).replace(/\s+/g, ' ')).toContain('Doel: Monitor in de speelpleinwerking');
  });

  it('593 (eerherstel) is delivered', async () => {
    const before = world.sim.calls.length;
    const { request } = await submit('593', citizen('koen'), { purpose: 'Aanvraag tot eerherstel' });
    await d.runJobs();
    const { r, bytes, sent } = await delivered(d, request.id, before);
    expect(r.state).toBe('delivered');
    expect(Buffer.from(bytes!).equals(Buffer.from(sent[0]!))).toBe(true);
    expect(world.pdftotext(bytes!)).toContain('Eerherstel verleend op 2004-06-15');
  });

  it('under 16, non-resident and organisation are denied, a proxy goes to review, each with a clear message', async () => {
    const reason = async (p: ReturnType<typeof submit>) => {
      const { request, decision } = await p;
      return { state: request.state, nl: decision.reasons.map((x) => x.reason.nl).join(' ') };
    };
    const fien = personByKey('fien'); // 13
    expect(await reason(submit('595', citizen('fien')))).toEqual({
      state: 'denied',
      nl: RULE_MESSAGES.under16.nl,
    });
    expect(await reason(submit('595', citizen('sofie')))).toEqual({
      state: 'denied',
      nl: RULE_MESSAGES.nonResident.nl,
    });
    expect(await reason(submit('595', identityOf('notaris')))).toEqual({
      state: 'denied',
      nl: RULE_MESSAGES.organisation.nl,
    });
    expect(
      await reason(
        submit('595', citizen('jan'), { forWhom: 'organisation', subjectInsz: personByKey('marie').insz }),
      ),
    ).toEqual({ state: 'denied', nl: RULE_MESSAGES.organisation.nl });
    expect(
      (
        await reason(
          submit('595', citizen('jan'), { forWhom: 'other', subjectInsz: fien.insz, ground: 'volmacht' }),
        )
      ).state,
    ).toBe('denied');
    const proxy = await reason(
      submit('595', citizen('jan'), {
        forWhom: 'other',
        subjectInsz: personByKey('marie').insz,
        ground: 'Schriftelijke volmacht van Marie',
      }),
    );
    expect(proxy.state).toBe('in_review');
    expect(proxy.nl).toContain('volmacht en de kopie van de identiteitskaart');
    expect(proxy.nl).toContain('Schriftelijke volmacht van Marie');
    // The residence check is a GeefPersoon consultation in the audit log (system actor).
    const checks = await d.db.audit.list({ categories: ['consultation_started'] });
    expect(checks.some((a) => a.service === 'magda:GeefPersoon-02.02')).toBe(true);
  });

  it('gives up after the configured period: staff take over and the requester is told', async () => {
    const short = await world.deploy({ maxPendingDays: 0.05 }); // 72 minutes
    const { request } = await short.requests.submit({
      typeId: 'strafregister.model-596-2',
      input: { forWhom: 'self', purpose: 'Leerkracht' },
      locale: 'nl',
      identity: citizen('marie'),
    });
    await short.requests.act(request.id, { action: 'approve' }, STAFF);
    await short.runJobs();
    for (let i = 0; i < 20; i++) {
      world.clock.advance(5 * MINUTE);
      await short.runJobs();
    }
    const r = (await short.db.requests.get(request.id))!;
    expect(r.state).toBe('in_review');
    expect(r.pendingToken).toBeNull();
    const events = await short.db.events.list(request.id);
    expect(events.at(-1)!.reason).toBe(SOURCE_MESSAGES.noAnswer.nl);
    const mails = await short.db.outbox.listByRequest(request.id);
    expect(mails.filter((m) => (m.payload as { kind: string }).kind === 'in_review')).toHaveLength(2);
    expect(await short.db.documents.listByRequest(request.id)).toHaveLength(0);
  });

  it('request messages validate against the official XSDs', (ctx) => {
    if (!existsSync(XSD_ROOT) || !hasTool('xmllint')) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'sr-xsd-'));
    const seen = new Set<string>();
    try {
      world.sim.calls
        .filter((c) => c.naam.includes('Strafregister'))
        .forEach((call, i) => {
          const service = MAGDA_SERVICES[call.naam as keyof typeof MAGDA_SERVICES];
          const body = /<soapenv:Body[^>]*>([\s\S]*)<\/soapenv:Body>/.exec(call.raw)?.[1] ?? '';
          const file = join(dir, `m-${i}.xml`);
          writeFileSync(file, body);
          const xsd = join(XSD_ROOT, service.xsdFolder!, 'WebService', `${service.naam}.xsd`);
          execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
          seen.add(call.naam);
        });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect([...seen].sort()).toEqual([
      'GeefStatusUittrekselStrafregister',
      'GeefTypesUittrekselStrafregister',
      'GeefUittrekselStrafregister',
    ]);
  });
});
