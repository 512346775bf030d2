/**
 * Model 596.1 in the portal: the regulated activity is a choice loaded from the Strafregister's
 * list (GeefTypesUittrekselStrafregister through the MAGDA simulator) in the requester's language.
 */
import { FIELD_MESSAGES, ValidationError } from '@smartloket/core';
import type { TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillRequest, startTestPortal, type TestPortal } from '../support/portal.js';
import { citizen, hasTool, startWorld, type World } from './support.js';

const tools = hasTool('pdftotext') && hasTool('pdfsig') && hasTool('certutil');
const TYPE = 'strafregister.model-596-1';

describe.runIf(tools)('596.1: the activity is chosen from the Strafregister list', () => {
  let world: World;
  let d: TestDeployment;
  let portal: TestPortal;

  beforeAll(async () => {
    world = await startWorld();
    d = await world.deploy();
    portal = await startTestPortal({ deployment: d });
  });
  afterAll(async () => {
    await portal?.close();
    await world?.close();
  });

  it.each([
    ['nl', 'nl-BE,nl;q=0.9', 'Taxichauffeur', 'Bewakingsagent (private veiligheid)'],
    ['fr', 'fr-BE,fr;q=0.9', 'Chauffeur de taxi', 'Agent de gardiennage (sécurité privée)'],
  ] as const)('shows the activities as a choice (%s)', async (_locale, accept, taxi, guard) => {
    const client = await portal.login('jan');
    const page = await client.get(`/request/${TYPE}`, { 'accept-language': accept });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/type="radio" name="activity" value="596\.1-02"/);
    expect(page.text).toContain(taxi);
    expect(page.text).toContain(guard);
    // Only the 596.1 activities, not the other models.
    expect(page.text).not.toContain('value="596.2"');
  });

  it.each([
    ['nl', 'nl-BE,nl;q=0.9'],
    ['fr', 'fr-BE,fr;q=0.9'],
  ] as const)(
    'refuses an activity that is not on the list, with a translated message (%s)',
    async (locale, accept) => {
      const client = await portal.login('jan');
      const before = await d.db.requests.count();
      const { last } = await fillRequest(
        client,
        TYPE,
        [{ forWhom: 'self', activity: '596.1-99', purpose: 'Taxivergunning', language: 'nl' }],
        { 'accept-language': accept },
      );
      expect(last.status).toBe(422);
      expect(last.text).toContain(FIELD_MESSAGES['choice.invalid'][locale]);
      expect(last.text).toContain('id="f-activity-error"');
      expect(await d.db.requests.count()).toBe(before);
    },
  );

  it('the runtime refuses a value not on the list too (an API client or a forged form), and stores nothing', async () => {
    const before = await d.db.requests.count();
    const error = await d.requests
      .submit({
        typeId: TYPE,
        input: { forWhom: 'self', activity: '596.1-99' },
        locale: 'fr',
        identity: citizen('bart'),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'activity', code: 'choice.invalid', message: FIELD_MESSAGES['choice.invalid'] },
    ]);
    // Required: with a list to choose from, no activity is an error too.
    await expect(
      d.requests.submit({
        typeId: TYPE,
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: citizen('bart'),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await d.db.requests.count()).toBe(before);
  });

  it('an activity from the list goes on to the summary and is filed', async () => {
    const client = await portal.login('jan');
    const { draft, csrf, last } = await fillRequest(client, TYPE, [
      { forWhom: 'self', activity: '596.1-02', purpose: 'Taxivergunning', language: 'nl' },
    ]);
    expect(last.text).toContain('Controleer uw aanvraag');
    expect(last.text).toContain('Taxichauffeur');
    const done = await client.post(`/request/${TYPE}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1] as string;
    const request = (await d.db.requests.get(id))!;
    expect(request.form?.activity).toBe('596.1-02');
    expect(request.decision?.outcome).toBe('auto');
  });
});
