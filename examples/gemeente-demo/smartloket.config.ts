import { DEMO_MUNICIPALITY, INSZ } from '@smartloket/dev-population';
import { SMARTEGEM_BOUNDARY } from '@smartloket/dev-world/geo';
import { molliePaymentsPlugin } from '@smartloket/payment-mollie';
import { bevolkingPlugin } from '@smartloket/plugin-bevolking';
import { burgerlijkeStandPlugin } from '@smartloket/plugin-burgerlijke-stand';
import { meldingPlugin } from '@smartloket/plugin-melding';
import { meldingenPlugin } from '@smartloket/plugin-meldingen';
import { strafregisterPlugin } from '@smartloket/plugin-strafregister';
import { defineConfig } from '@smartloket/runtime';
import { createTestPlugin } from '@smartloket/testkit';

/**
 * The demo deployment: SQLite in .data/, every development part (MAGDA simulator, dev login,
 * dev mailbox, test seal keys with a test TSA and OCSP responder, the Mollie payment simulator, the
 * e-Box simulator) and every plugin of the repository.
 */
const dataDir = process.env.SMARTLOKET_DATA_DIR ?? '.data';

export default defineConfig({
  municipality: { ...DEMO_MUNICIPALITY, colours: { primary: '#1b4f72' } },
  dataDir,
  database: { url: `sqlite:${dataDir}/demo.sqlite` },
  server: { port: Number(process.env.PORT ?? 3000) },
  // Test seal keys, sealed PAdES B-LT: a signature timestamp from the dev world's test TSA and a
  // DSS with the OCSP response of its test responder (both started by `smartloket dev`).
  signer: { kind: 'dev-keys', level: 'B-LT' },
  // The Mijn Burgerprofiel header on every portal page, from the dev world's stand-in (a real
  // municipality sets its widget id and environment 'prod' or 'tni': docs/deploying).
  globalHeader: { widgetId: '00000000-0000-4000-8000-000000000000', environment: 'dev' },
  // Fees are paid online through Mollie; `smartloket dev` points the provider at the dev world's
  // Mollie simulator, whose checkout page lets the tester pick paid, failed, cancelled or expired
  // (a real municipality leaves `simulator` out and sets MOLLIE_API_KEY: docs/deploying/payments.md).
  payments: { provider: 'mollie', simulator: true },
  // Documents also go to the requester's e-Box: the dev world's e-Box simulator, whose page is
  // printed as "e-Box (dev)". Koen never opened his e-Box (NO_DIGITAL_USER): he relies on e-mail.
  // A real municipality sets kind 'ebox' with what the onboarding gave it (docs/deploying).
  ebox: {
    kind: 'simulator',
    // A synthetic KBO number for the demo municipality.
    senderOrganizationId: '0207356108',
    senderApplicationId: 'smartloket:smartegem',
    messageTypes: [
      {
        requestTypes: ['bevolking.*', 'burgerlijke-stand.*', 'strafregister.*', 'demo.*'],
        messageTypeId: 'SmartLoketAttest',
        events: ['delivered'],
      },
      { requestTypes: ['*'], messageTypeId: 'SmartLoketStatus', events: ['refused', 'waiting_requester'] },
    ],
    noDigitalUser: [INSZ.koen],
  },
  plugins: [
    // Three certificates cost a fee under the demo's fee regulation, paid online before the
    // request is filed (the back-office, Beheer -> Modules, sets other amounts from a day on).
    {
      plugin: bevolkingPlugin,
      options: {
        fees: {
          gezinssamenstelling: { amountCents: 500 },
          hoofdverblijfplaats: { amountCents: 300 },
          'belgische-nationaliteit': { amountCents: 750 },
        },
      },
    },
    burgerlijkeStandPlugin,
    // Criminal-record extracts; the MAGDA simulator answers them (596.2 after a police check).
    strafregisterPlugin,
    // A third-party plugin made with `smartloket new plugin` (examples/plugin-melding).
    meldingPlugin,
    // Online payment of fees (retributies): Bancontact, cards and the Belgian banks' buttons.
    { plugin: molliePaymentsPlugin, options: { methods: ['bancontact', 'creditcard', 'kbc', 'belfius'] } },
    // Reports about public space with a place in Smartegem (fictitious, laid on real coordinates
    // in the dev world). `simulator: true`: `smartloket dev` starts the dev world's address
    // register simulator and map tiles and points the plugin at them, so the demo works offline
    // (a real municipality leaves it out: the public Flemish register and its own map, see
    // docs/deploying).
    {
      plugin: meldingenPlugin,
      options: { municipality: 'Smartegem', boundary: SMARTEGEM_BOUNDARY, simulator: true },
    },
    { plugin: createTestPlugin({ id: 'demo' }), enabled: process.env.SMARTLOKET_DEMO_TEST_PLUGIN === '1' },
  ],
});
