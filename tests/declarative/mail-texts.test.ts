import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer } from '@smartloket/notifier-mail';
import {
  createTestDeployment,
  fakeIdentities,
  type TestDeployment,
  type TestSeal,
  testSeal,
} from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';
import { feestzaalFixture, fileFeestzaal } from './feestzaal.js';

/**
 * A declarative type's own e-mail texts (`mailTexts`, core's slot of a request type): the
 * receipt, approval and refusal mails carry them, filled in the requester's language with the
 * reference and the answers, as text (escaped in the HTML part). Real SMTP to the dev mailbox.
 */
const fixture = feestzaalFixture;
const clerk = { type: 'staff' as const, id: fakeIdentities.caseHandler().subject, name: 'Karin Goossens' };

describe('the e-mail texts of a declarative type', () => {
  let dir: string;
  let seal: TestSeal;
  let mailbox: DevMailbox;
  let t: TestDeployment;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-mail-texts-'));
    mkdirSync(join(dir, 'types'));
    const def = JSON.parse(readFileSync(fixture, 'utf8'));
    def.mailTexts = {
      receipt: {
        nl: 'Uw aanvraag voor {{answers.datum}} ({{answers.soort}}) is genoteerd.',
        fr: 'Votre demande pour le {{answers.datum}} ({{answers.soort}}) est notée. Musique : {{answers.muziek}}.',
      },
      approved: {
        nl: 'Haal de sleutel af aan het onthaal.',
        fr: 'Retirez la clé à l’accueil ({{reference}}).',
      },
      refused: { nl: 'Bel ons gerust.', fr: 'N’hésitez pas à nous appeler pour « {{title}} ».' },
    };
    writeFileSync(join(dir, 'types/feestzaal.json'), JSON.stringify(def));
    seal = testSeal();
    mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
    t = await createTestDeployment({
      plugins: [],
      services: [seal.service],
      baseDir: dir,
      databaseUrl: `sqlite:${join(dir, 'db.sqlite')}`,
      config: { requestTypes: ['./types/*.json'], deliveryWaitMs: 0 },
      mailSender: createOutboxMailSender({
        mailer: createSmtpMailer({
          ...mailbox.smtp,
          from: { name: 'Smartegem', address: 'loket@smartegem.example' },
        }),
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await mailbox?.stop();
    seal?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The mail about `reference` whose subject starts with `subject`. */
  const mail = async (reference: string, subject: string) => {
    await t.runJobs();
    return [...mailbox.messages()].find(
      (m) => m.subject.includes(reference) && m.subject.startsWith(subject),
    );
  };

  it('the receipt carries the text with the answers in the requester’s language, escaped as text', async () => {
    const request = await fileFeestzaal(t, {
      datum: '2026-06-13',
      soort: 'feest',
      muziek: '<b>Jazz</b> & {{reference}}',
    });
    const receipt = await mail(request.reference, 'Votre demande');
    expect(receipt?.text).toContain(
      'Votre demande pour le 13/06/2026 (Fête) est notée. Musique : <b>Jazz</b> & {{reference}}.',
    );
    // Text, never markup: the answer is escaped in the HTML part, and not filled in a second time.
    expect(receipt?.html).toContain('Musique : &lt;b&gt;Jazz&lt;/b&gt; &amp; {{reference}}.');
    expect(receipt?.html).not.toContain('<b>Jazz');
  });

  it('the approval and the refusal carry theirs', async () => {
    const approved = await fileFeestzaal(t, { datum: '2026-06-14', soort: 'vergadering' });
    await t.requests.act(approved.id, { action: 'approve' }, clerk);
    const delivered = await mail(approved.reference, 'Votre document est prêt');
    expect((await t.db.requests.get(approved.id))?.state).toBe('delivered');
    expect(delivered?.text).toContain(`Retirez la clé à l’accueil (${approved.reference}).`);
    expect(delivered?.text).not.toContain('Votre demande pour le');

    const refused = await fileFeestzaal(t, { datum: '2026-06-15', soort: 'vergadering' });
    await t.requests.act(refused.id, { action: 'refuse', reason: 'La salle est occupée.' }, clerk);
    const decision = await mail(refused.reference, 'Décision');
    expect(decision?.text).toContain('La salle est occupée.');
    expect(decision?.text).toContain(
      "N’hésitez pas à nous appeler pour « Demande d'utilisation de la salle des fêtes ».",
    );
  });
});
