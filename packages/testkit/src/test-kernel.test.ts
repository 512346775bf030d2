import { describe, expect, it } from 'vitest';
import { fakeIdentities } from './identities.js';
import { createTestKernel } from './test-kernel.js';
import { createTestPlugin, TEST_SERVICE } from './test-plugin.js';

describe('createTestKernel', () => {
  it('authorises and audits consultations without a database', async () => {
    const { kernel, audit, clock } = await createTestKernel({ plugins: [createTestPlugin()] });
    const jan = fakeIdentities.citizen();
    const decision = await kernel.authorise('test.attest', {
      requestTypeId: 'test.attest',
      requester: { kind: 'citizen', id: jan.subject, insz: jan.insz, level: jan.level },
      identity: jan,
      subject: { insz: jan.insz, relation: 'self' },
      form: {},
      now: clock.now(),
    });
    expect(decision.outcome).toBe('auto');
    const request = {
      id: 'r1',
      reference: 'SL-1',
      typeId: 'test.attest',
      locale: 'nl' as const,
      requester: { kind: 'citizen' as const, id: jan.subject, level: jan.level },
      subject: { insz: jan.insz, relation: 'self' as const },
      form: {},
      submittedAt: clock.now(),
    };
    const consult = await kernel.consultFor('test.attest', request);
    const result = await consult(TEST_SERVICE, async (referte) => referte);
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]!.referte).toBe(result);
    expect(audit.records[0]!.outcome?.outcome).toBe('ok');
    await expect(consult('magda:Undeclared-01.00', async () => 1)).rejects.toThrow(
      'Plugin "test" called source service "magda:Undeclared-01.00", which its source manifest does not declare',
    );
  });
});
