import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createOutput, dev } from '@smartloket/cli';
import { INSZ } from '@smartloket/dev-population';
import { loginAs } from '@smartloket/dev-world/identity';
import { verifyPdf } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';
import { fillRequest, hidden, PortalClient } from '../support/portal.js';
import { until } from '../support/wait.js';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * The README's demo, end to end: `smartloket dev` on the demo deployment starts the MAGDA
 * simulator, the dev identity provider, the dev mailbox, test keys and the dev trust services
 * (TSA, OCSP, CRL) for B-LT seals; a citizen logs in,
 * requests a certificate, downloads a sealed PDF and gets the e-mail; a melding made with
 * `smartloket new plugin` (examples/plugin-melding) is filed with a photo, shows up in the
 * back-office inbox and its status on the requester's personal page.
 */
describe('smartloket dev (the demo deployment)', () => {
  let dir: string;
  let running: Awaited<ReturnType<typeof dev>>;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-demo-'));
    process.env.SMARTLOKET_DATA_DIR = dir;
    const port = await freePort();
    running = await dev({ cwd: join(root, 'examples/gemeente-demo'), port }, createOutput({ quiet: true }));
    base = `http://localhost:${port}`;
  });
  afterAll(async () => {
    running?.server?.close();
    await running?.worker?.stop(1000);
    await running?.deployment.close();
    await running?.dev?.stop();
    delete process.env.SMARTLOKET_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports (meldingen) search addresses and show map tiles from the dev world's simulator, not the network", async () => {
    const geo = running.dev.urls.find((u) => u.name === 'address register and map tiles (dev)');
    expect(geo?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The address step offers the simulated register's Kerkstraat 12 (Lambert 72 as the value).
    const choices = await running.deployment.requests.choices({
      typeId: 'meldingen.verlichting',
      locale: 'nl',
      values: { description: 'Lamp brandt niet', address: 'Kerkstraat 12' },
    });
    expect(choices.addressMatch).toEqual({
      status: 'ok',
      options: [{ value: '121889.10,183529.01', label: { nl: 'Kerkstraat 12, 9999 Smartegem' } }],
    });
    // The form's map loads its tiles from the simulator: the CSP allows exactly that origin.
    const page = await fetch(`${base}/request/meldingen.verlichting`);
    const imgSrc = page.headers.get('content-security-policy')?.match(/img-src ([^;]*)/)?.[1] ?? '';
    expect(imgSrc.split(' ')).toContain(geo!.url);
    const tile = await fetch(`${geo!.url}/tiles/16/33490/21950.png`);
    expect(tile.headers.get('content-type')).toBe('image/png');
  });

  it('delivers a sealed certificate to a citizen who logs in with itsme, and mails them', async () => {
    const catalogue = (await (await fetch(`${base}/api/v1/catalogue`)).json()) as {
      items: { id: string; costCents: number | null }[];
    };
    expect(catalogue.items.map((i) => i.id)).toContain('bevolking.gezinssamenstelling');
    // Three types with a fee in the demo (paid through the Mollie simulator); the rest is free.
    const cost = (id: string) => catalogue.items.find((i) => i.id === id)?.costCents;
    expect(cost('bevolking.gezinssamenstelling')).toBe(500);
    expect(cost('bevolking.hoofdverblijfplaats')).toBe(300);
    expect(cost('bevolking.belgische-nationaliteit')).toBe(750);
    expect(cost('bevolking.hoofdverblijfplaats-historiek-gemeente')).toBeNull();

    const client = new PortalClient(base);
    const login = await loginAs('jan', 'itsme', { baseUrlOfRp: base, loginPath: '/login', jar: client.jar });
    expect(login.response?.status).toBe(200);
    await login.response?.body?.cancel();

    const typeId = 'bevolking.hoofdverblijfplaats-historiek-gemeente';
    const { draft, csrf, last } = await fillRequest(client, typeId, [
      { forWhom: 'self', purpose: 'Woonsubsidie', language: 'nl', use: 'domestic' },
    ]);
    expect(last.status).toBe(200);
    const done = await client.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1];
    expect(id).toBeDefined();

    const request = await until(
      () => running.deployment.db.requests.get(id!),
      (r) => r?.state === 'delivered',
    );
    expect(request?.state).toBe('delivered');
    const [doc] = await running.deployment.db.documents.listByRequest(id!);
    const download = await client.raw(`/my/requests/${id}/documents/${doc!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const pdf = Buffer.from(await download.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The municipality's test seal: pdfsig checks it against the dev NSS trust store. Async: pdfsig
    // asks the dev world's OCSP responder (the certificate's AIA), in this process.
    const file = join(dir, 'delivered.pdf');
    writeFileSync(file, pdf);
    const report = (
      await run('pdfsig', ['-nssdir', `sql:${join(dir, 'dev/seal/nssdb')}`, file], { encoding: 'utf8' })
    ).stdout;
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('Certificate is Trusted.');
    expect(report).not.toContain('Signature #2'); // B-LT: no document timestamp
    // The test seal says TEST once (the dev PKI adds it; the composition must not add it again).
    expect(report).toMatch(/O=[^,\n]*\(TEST\)/);
    expect(report).not.toContain('(TEST) (TEST)');

    // B-LT, as the demo config asks: a signature timestamp from the dev world's test TSA and a DSS
    // with the chain and the OCSP response of its test responder, saying "good".
    const trust = running.dev!.urls.find((u) => u.name === 'TSA/OCSP/CRL (dev)');
    expect(trust?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const verified = await verifyPdf(pdf, {
      trustedCertificatesPem: readFileSync(join(dir, 'dev/seal/ca.pem'), 'utf8'),
    });
    expect(verified.valid).toBe(true);
    const [seal] = verified.signatures;
    expect(seal!.timestamp).toMatchObject({ imprintOk: true, signatureOk: true });
    expect(seal!.timestamp!.authority).toContain('TEST timestamp authority');
    expect(seal!.dss.ocsps).toBeGreaterThanOrEqual(1);
    expect(seal!.dss.certs).toBeGreaterThanOrEqual(3); // seal, CA, TSA
    expect(seal!.certificate.revoked).toBe(false);
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/Type \/DSS [^\n]*\/OCSPs \[[^\]]+\][^\n]*\/VRI <</);

    // The mail reaches the dev mailbox, with a link to the request on the personal page.
    const mailbox = running.dev!.urls.find((u) => u.name.startsWith('mailbox'))!.url;
    const mails = await until(
      async () =>
        (await (await fetch(new URL('/api/messages', mailbox))).json()) as {
          subject: string;
          to: unknown;
          links: string[];
        }[],
      (list) => list.some((m) => m.links.some((l) => l.includes(`/my/requests/${id}`))),
    );
    const delivered = mails.find((m) => m.links.some((l) => l.includes(`/my/requests/${id}`)));
    expect(delivered).toBeDefined();
    expect(delivered!.subject).not.toContain('Peeters');

    // The certificate reaches Jan's simulated e-Box too (ebox.kind 'simulator'), whose page the
    // demo prints as "e-Box (dev)".
    const ebox = running.dev!.urls.find((u) => u.name === 'e-Box (dev)')!.url;
    const box = new URL(`/ebox/citizen/${INSZ.jan}`, ebox);
    const page = await until(
      async () => (await fetch(box)).text(),
      (html) => html.includes(request!.reference),
    );
    expect(page).toContain(request!.reference);
    const pdfLink = /href="(\/ebox\/citizen\/\d+\/[^"]+\/0)"/.exec(page)![1]!;
    const inBox = Buffer.from(await (await fetch(new URL(pdfLink, ebox))).arrayBuffer());
    expect(inBox.equals(pdf)).toBe(true);
  });

  it('a certificate with a fee is paid on the Mollie simulator checkout page, then filed and delivered', async () => {
    const client = new PortalClient(base);
    const login = await loginAs('jan', 'itsme', { baseUrlOfRp: base, loginPath: '/login', jar: client.jar });
    expect(login.response?.status).toBe(200);
    await login.response?.body?.cancel();
    const typeId = 'bevolking.gezinssamenstelling';
    const { draft, csrf, last } = await fillRequest(client, typeId, [
      { forWhom: 'self', purpose: 'Kinderbijslag', language: 'nl', use: 'domestic' },
    ]);
    expect(last.status).toBe(200);
    expect(last.text).toMatch(/€(\s|&nbsp;|&#160;)5,00/);
    const before = await running.deployment.db.requests.count({});
    // Submitting sends the requester to the checkout page of the dev world's Mollie simulator.
    const submit = await client.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(submit.status).toBe(303);
    const checkout = new URL(submit.location!);
    const simulator = running.dev!.urls.find((u) => u.name === 'Mollie simulator (API)');
    expect(simulator).toBeDefined();
    expect(checkout.pathname).toMatch(/^\/checkout\/tr_\w+$/);
    const page = await (await fetch(checkout)).text();
    expect(page).toMatch(/€(\s|&nbsp;|&#160;)5,00/);
    expect(await running.deployment.db.requests.count({})).toBe(before);
    // The tester pays with Bancontact; the simulator notifies the counter and sends the browser back.
    const paid = await fetch(checkout, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=bancontact&status=paid',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const back = await client.get(new URL(paid.headers.get('location')!).pathname);
    expect(back.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(back.location ?? '')?.[1];
    expect(id).toBeDefined();
    const request = await until(
      () => running.deployment.db.requests.get(id!),
      (r) => r?.state === 'delivered',
    );
    expect(request?.state).toBe('delivered');
    expect(request?.fee?.amountCents).toBe(500);
  });

  it('lists "Melding openbaar domein" and the strafregister; a melding with place, description and photo reaches staff and the requester follows it', async () => {
    const catalogue = (await (await fetch(`${base}/api/v1/catalogue`)).json()) as {
      items: { id: string; kind: string; title: { nl: string } }[];
    };
    const melding = catalogue.items.find((i) => i.id === 'melding.openbaar-domein');
    expect(melding).toMatchObject({ kind: 'report', title: { nl: 'Melding openbaar domein' } });
    expect(catalogue.items.map((i) => i.id)).toContain('strafregister.model-595');
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('Melding openbaar domein');
    // The Mijn Burgerprofiel header on the portal, from the dev world's stand-in (globalHeader).
    const entry =
      /<script src="(http:\/\/127\.0\.0\.1:\d+\/api\/v2\/widget\/[0-9a-f-]{36}\/entry)"><\/script>/.exec(
        home,
      );
    expect(entry).not.toBeNull();
    const script = await fetch(entry![1]!);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('window.globalHeaderClient');

    const jan = new PortalClient(base);
    const login = await loginAs('jan', 'itsme', { baseUrlOfRp: base, loginPath: '/login', jar: jan.jar });
    await login.response?.body?.cancel();

    const typeId = 'melding.openbaar-domein';
    const form = await jan.get(`/request/${typeId}`);
    expect(form.status).toBe(200);
    const draft = hidden(form.text, '_draft');
    const csrf = hidden(form.text, '_csrf');
    // A 1×1 PNG, as a phone would send it.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const step = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: csrf,
      _draft: draft,
      _step: '0',
      _action: 'next',
      category: 'wegdek',
      place: 'Markt 1, voor het stadhuis',
      description: 'Een losliggende stoeptegel waarover mensen struikelen.',
    })) {
      step.append(k, v);
    }
    step.append('photo', new Blob([png], { type: 'image/png' }), 'tegel.png');
    const summary = await jan.postMultipart(`/request/${typeId}`, step);
    expect(summary.status).toBe(200);
    const done = await jan.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1];
    expect(id).toBeDefined();

    const request = await running.deployment.db.requests.get(id!);
    expect(request).toMatchObject({ typeId, state: 'submitted' });
    expect(request!.form).toMatchObject({ place: 'Markt 1, voor het stadhuis', category: 'wegdek' });
    const uploads = await running.deployment.db.uploads.listByRequest(id!);
    expect(uploads.map((u) => u.fileName)).toEqual(['tegel.png']);

    // Staff see it in the back-office inbox and take it in hand.
    const karin = new PortalClient(base);
    const staffLogin = await loginAs('karin', 'eid', {
      baseUrlOfRp: base,
      loginPath: '/login',
      jar: karin.jar,
    });
    await staffLogin.response?.body?.cancel();
    const inbox = await karin.get('/backoffice');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(request!.reference);
    await running.deployment.requests.act(id!, { action: 'start' }, { type: 'staff', id: 'dev:karin' });

    // The requester follows the status on the personal page.
    const my = await jan.get('/my');
    expect(my.text).toContain(request!.reference);
    const page = await jan.get(`/my/requests/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('In behandeling');
  });
});
