import { createTestDeployment, fakeIdentities, type TestDeployment } from '@smartloket/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { meldingPlugin } from '../index.js';
import { openbaarDomeinId } from './openbaar-domein.js';

const input = {
  category: 'wegdek',
  place: 'Markt 1',
  description: 'Een losliggende stoeptegel.',
  photo: { uploadId: 'upload-1', fileName: 'tegel.jpg', mediaType: 'image/jpeg', size: 120_000 },
};

describe('melding.openbaar-domein', () => {
  let t: TestDeployment | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('is in the catalogue, for citizens, organisations and anonymous requesters', async () => {
    t = await createTestDeployment({ plugins: [meldingPlugin] });
    const rt = t.kernel.requestTypes().find((x) => x.definition.id === openbaarDomeinId);
    expect(rt?.definition.kind).toBe('report');
    expect(rt?.definition.title.nl).toBe('Melding openbaar domein');
    expect([...(rt?.definition.audience ?? [])].sort()).toEqual(['anonymous', 'citizen', 'organisation']);
    expect(Object.keys(rt?.definition.form.fields ?? {})).toEqual([
      'category',
      'place',
      'description',
      'photo',
    ]);
  });

  it('is filed by a citizen with a photo and handled by staff until resolved, step by step', async () => {
    t = await createTestDeployment({ plugins: [meldingPlugin] });
    const { request } = await t.requests.submit({
      typeId: openbaarDomeinId,
      input,
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    expect(request.state).toBe('submitted');
    expect((request.form as { photo?: { fileName: string } }).photo?.fileName).toBe('tegel.jpg');
    const staff = { type: 'staff' as const, id: fakeIdentities.caseHandler().subject };
    await t.requests.act(request.id, { action: 'start' }, staff);
    const resolved = await t.requests.act(
      request.id,
      { action: 'resolve', reason: 'Tegel hersteld.' },
      staff,
    );
    expect(resolved.state).toBe('resolved');
    const events = await t.db.events.list(request.id);
    expect(events.map((e) => e.toState)).toEqual(['submitted', 'in_progress', 'resolved']);
    // The requester is told of each status change.
    await t.runJobs();
    const mails = await t.db.outbox.listByRequest(request.id);
    expect(mails.map((m) => (m.payload as { kind: string }).kind)).toEqual(
      expect.arrayContaining(['receipt', 'report_status_changed']),
    );
  });

  it('may be filed anonymously, without a photo', async () => {
    t = await createTestDeployment({ plugins: [meldingPlugin] });
    const { photo: _photo, ...withoutPhoto } = input;
    const { request } = await t.requests.submit({
      typeId: openbaarDomeinId,
      input: withoutPhoto,
      locale: 'nl',
      ...fakeIdentities.anonymous(),
    });
    expect(request.state).toBe('submitted');
    expect(request.requester.kind).toBe('anonymous');
  });

  it('refuses a report without a description, or with a photo that is not an image', async () => {
    t = await createTestDeployment({ plugins: [meldingPlugin] });
    const file = (over: Record<string, unknown>) =>
      t!.requests.submit({
        typeId: openbaarDomeinId,
        input: { ...input, ...over },
        locale: 'nl',
        identity: fakeIdentities.citizen(),
      });
    await expect(file({ description: '' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'description', code: 'required' })],
    });
    await expect(
      file({ photo: { ...input.photo, mediaType: 'application/x-msdownload' } }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ code: 'invalid' })] });
  });

  it('can be switched off with the disabledTypes option', async () => {
    t = await createTestDeployment({
      plugins: [{ plugin: meldingPlugin, options: { disabledTypes: [openbaarDomeinId] } }],
    });
    expect(t.kernel.requestTypes().map((x) => x.definition.id)).not.toContain(openbaarDomeinId);
  });
});
