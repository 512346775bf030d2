import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AuthorisationContext, defineRule, NO_RULE_DECIDED, type Outcome } from './authorisation.js';
import { type Clock, ManualClock } from './clock.js';
import { PluginError, SmartLoketError } from './errors.js';
import {
  defineSource,
  PermanentSourceError,
  type PipelineRequest,
  type SourceContext,
  type SourceDefinition,
  TransientSourceError,
} from './extension-points.js';
import { form } from './forms.js';
import { createKernel, DECLARATIVE_PLUGIN_ID, Kernel, UndeclaredSourceError } from './kernel.js';
import { definePlugin, PLUGIN_API_VERSION, PLUGIN_TAG, type PluginRegistrar } from './plugin.js';
import { defineRequestType, type RequestTypeDefinition } from './request-type.js';
import {
  type ConsultationAudit,
  type ConsultationOutcome,
  type ConsultationStart,
  coreServices,
  createServiceFactory,
  createServiceRef,
  silentLogger,
} from './services.js';
import { CORE_VERSION } from './version.js';

// ── helpers ─────────────────────────────────────────────────────────────────────────────

const noopSource = defineSource({ id: 'noop', fetch: async () => ({ kind: 'data', data: {} }) });

function requestType(id: string, extra: Partial<RequestTypeDefinition> = {}) {
  return defineRequestType({
    id,
    kind: 'certificate',
    title: { nl: id },
    theme: 'bevolking',
    form: form({}),
    subject: () => ({ relation: 'self' }),
    rules: [],
    source: noopSource,
    ...extra,
  });
}

function plugin(
  id: string,
  more: {
    packageName?: string;
    compat?: string;
    options?: z.ZodType;
    sources?: Parameters<typeof definePlugin>[0]['sources'];
    register?: (r: PluginRegistrar<any>) => void;
  } = {},
) {
  return definePlugin({
    id,
    packageName: more.packageName ?? `@acme/plugin-${id}`,
    compat: { core: more.compat ?? '>=0.1.0' },
    ...(more.options ? { options: more.options } : {}),
    ...(more.sources ? { sources: more.sources } : {}),
    register: more.register ?? ((r) => r.requestTypes.add(requestType(`${id}.attest`))),
  });
}

async function startError(promise: Promise<unknown>): Promise<PluginError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

class MemoryAudit implements ConsultationAudit {
  readonly log: (
    | { type: 'started'; record: ConsultationStart }
    | { type: 'finished'; id: string; outcome: ConsultationOutcome }
    | { type: 'call'; referte: string }
  )[] = [];
  async started(record: ConsultationStart): Promise<string> {
    this.log.push({ type: 'started', record });
    return `audit-${this.log.length}`;
  }
  async finished(id: string, outcome: ConsultationOutcome): Promise<void> {
    this.log.push({ type: 'finished', id, outcome });
  }
}

function infra(audit: ConsultationAudit, clock: Clock) {
  return [
    createServiceFactory({ ref: coreServices.consultationAudit, factory: () => audit }),
    createServiceFactory({ ref: coreServices.clock, factory: () => clock }),
  ];
}

function pipelineRequest(typeId: string): PipelineRequest {
  return {
    id: 'req-1',
    reference: 'SL-2026-000001',
    typeId,
    locale: 'nl',
    requester: { kind: 'citizen', id: 'sub-1', level: 'high' },
    subject: { relation: 'self', insz: '85073012335' },
    form: {},
    purpose: 'school',
    submittedAt: new Date('2026-01-05T09:00:00Z'),
  };
}

async function sourceContext(kernel: Kernel, typeId: string): Promise<SourceContext> {
  const request = pipelineRequest(typeId);
  return {
    request,
    municipality: {
      name: { nl: 'Gemeente' },
      nisCode: '11002',
      address: { street: 'Markt 1', postcode: '2000', city: 'Antwerpen' },
      baseUrl: 'https://loket.example',
    },
    now: new Date('2026-01-05T09:00:00Z'),
    attempt: 1,
    logger: silentLogger,
    consult: await kernel.consultFor(typeId, request),
  };
}

// ── plugins ─────────────────────────────────────────────────────────────────────────────

describe('Kernel: plugin validation', () => {
  it('starts plugins and registers their request types', async () => {
    const kernel = await createKernel({ plugins: [plugin('demo')] });
    expect(kernel.requestTypes().map((r) => r.definition.id)).toEqual(['demo.attest']);
    expect(kernel.requestType('demo.attest')?.pluginId).toBe('demo');
    expect(kernel.plugins()).toEqual([
      expect.objectContaining({
        id: 'demo',
        packageName: '@acme/plugin-demo',
        enabled: true,
        requestTypeIds: ['demo.attest'],
      }),
    ]);
  });

  it('refuses a duplicate plugin id, naming both packages', async () => {
    const error = await startError(
      createKernel({
        plugins: [plugin('demo', { packageName: '@acme/one' }), plugin('demo', { packageName: '@acme/two' })],
      }),
    );
    expect(error.message).toBe(
      'Plugin "demo": plugin id "demo" is registered twice (@acme/one and @acme/two)',
    );
    expect(error.pluginId).toBe('demo');
    expect(error.code).toBe('PLUGIN_INVALID');
  });

  it('refuses bad options, naming the plugin and every bad option path', async () => {
    const options = z.object({
      retries: z.number().int().min(0),
      endpoint: z.object({ url: z.url() }),
      languages: z.array(z.string()).default(['nl']),
    });
    const error = await startError(
      createKernel({
        plugins: [
          { plugin: plugin('demo', { options }), options: { retries: -1, endpoint: { url: 'nope' } } },
        ],
      }),
    );
    expect(error.message).toMatch(/^Plugin "demo": "demo" \(@acme\/plugin-demo\) has invalid options: /);
    expect(error.message).toContain('retries: ');
    expect(error.message).toContain('endpoint.url: ');
    expect(error.message).not.toContain('languages');
  });

  it('names "(options)" when the options are not an object at all', async () => {
    const error = await startError(
      createKernel({ plugins: [{ plugin: plugin('demo', { options: z.object({}) }), options: 42 }] }),
    );
    expect(error.message).toContain('has invalid options: (options): ');
  });

  it('gives register the parsed options with their defaults', async () => {
    let seen: unknown;
    const options = z.object({ renderFromData: z.array(z.string()).default([]), max: z.number().default(3) });
    const kernel = await createKernel({
      plugins: [
        { plugin: plugin('demo', { options, register: (r) => (seen = r.options) }), options: { max: 5 } },
      ],
    });
    expect(seen).toEqual({ renderFromData: [], max: 5 });
    expect(kernel.plugins()[0]?.options).toEqual({ renderFromData: [], max: 5 });
  });

  it('refuses an incompatible compat range, naming the package and both versions', async () => {
    const error = await startError(
      createKernel({ plugins: [plugin('demo', { compat: '^2.0.0' })], coreVersion: '1.4.0' }),
    );
    expect(error.message).toBe(
      'Plugin "demo": "demo" (@acme/plugin-demo) requires @smartloket/core ^2.0.0, but this deployment runs 1.4.0',
    );
    // Without an explicit coreVersion the kernel checks against its own version.
    const own = await startError(createKernel({ plugins: [plugin('demo', { compat: '^99.0.0' })] }));
    expect(own.message).toContain(`but this deployment runs ${CORE_VERSION}`);
    await expect(
      createKernel({ plugins: [plugin('demo', { compat: '^1.2.0' })], coreVersion: '1.4.0' }),
    ).resolves.toBeInstanceOf(Kernel);
  });

  it('refuses a missing or invalid compat range', async () => {
    const error = await startError(createKernel({ plugins: [plugin('demo', { compat: 'banana' })] }));
    expect(error.message).toBe(
      'Plugin "demo": "demo" (@acme/plugin-demo) declares no valid compat.core range',
    );
  });

  it('refuses a plain object, naming it', async () => {
    const error = await startError(
      createKernel({ plugins: [plugin('ok'), { id: 'bevolking', register() {} } as never] }),
    );
    expect(error.message).toBe(
      'Plugin "#2 "bevolking"": is not a SmartLoket plugin: make it with definePlugin() from @smartloket/core',
    );
  });

  it('refuses an object with another $$type, naming it', async () => {
    const foreign = { $$type: '@backstage/BackendFeature', id: 'catalog', register() {} };
    const error = await startError(createKernel({ plugins: [foreign as never] }));
    expect(error.message).toContain('"catalog"');
    expect(error.message).toContain('is not a SmartLoket plugin');
    // Also when wrapped in an entry with options.
    const wrapped = await startError(createKernel({ plugins: [{ plugin: foreign as never, options: {} }] }));
    expect(wrapped.message).toContain('"catalog"');
    expect(wrapped.message).toContain('is not a SmartLoket plugin');
  });

  it('names a foreign object by its package or name when it has no id', async () => {
    const vitePlugin = { name: 'vite:legacy', transform() {} };
    const error = await startError(createKernel({ plugins: [vitePlugin as never] }));
    expect(error.message).toContain('"vite:legacy"');
    const packaged = { $$type: 'other', packageName: '@acme/old-plugin' };
    expect((await startError(createKernel({ plugins: [packaged as never] }))).message).toContain(
      '"@acme/old-plugin"',
    );
  });

  it('refuses an outdated apiVersion, naming plugin, package and both API versions', async () => {
    const outdated = { ...plugin('demo'), apiVersion: 0 };
    const error = await startError(createKernel({ plugins: [outdated as never] }));
    expect(error.message).toBe(
      `Plugin "demo": "demo" (@acme/plugin-demo) uses plugin API version 0; this @smartloket/core ${CORE_VERSION} supports version ${PLUGIN_API_VERSION}. Upgrade the plugin.`,
    );
  });

  it('refuses a malformed plugin id', async () => {
    const bad = { ...plugin('demo'), id: 'Demo_Plugin', $$type: PLUGIN_TAG };
    const error = await startError(createKernel({ plugins: [bad] }));
    expect(error.message).toBe('Plugin "Demo_Plugin": id must be lowercase letters, digits and dashes');
  });

  it('refuses a request type whose id does not start with the plugin id', async () => {
    for (const id of ['other.attest', 'demox.attest']) {
      const error = await startError(
        createKernel({ plugins: [plugin('demo', { register: (r) => r.requestTypes.add(requestType(id)) })] }),
      );
      expect(error.message).toBe(`Plugin "demo": request type "${id}" must start with "demo."`);
    }
  });

  it('refuses an extension registered twice', async () => {
    const rule = defineRule({
      id: 'demo.rule',
      description: { nl: 'x' },
      decide: () => ({ outcome: 'auto', reason: { nl: 'x' } }),
    });
    const twiceRule = await startError(
      createKernel({
        plugins: [
          plugin('demo', {
            register: (r) => {
              r.rules.add(rule);
              r.rules.add(rule);
            },
          }),
        ],
      }),
    );
    expect(twiceRule.message).toBe('Plugin "demo": rule "demo.rule" is registered twice');
    const twiceType = await startError(
      createKernel({
        plugins: [
          plugin('demo', {
            register: (r) => {
              r.requestTypes.add(requestType('demo.a'));
              r.requestTypes.add(requestType('demo.a'));
            },
          }),
        ],
      }),
    );
    expect(twiceType.message).toBe('Plugin "demo": request type "demo.a" is registered twice');
  });

  it('registers rules, sources, renderers and signers by id', async () => {
    const kernel = await createKernel({
      plugins: [
        plugin('demo', {
          register: (r) => {
            r.rules.add(
              defineRule({
                id: 'demo.rule',
                description: { nl: 'x' },
                decide: () => ({ outcome: 'auto', reason: { nl: 'x' } }),
              }),
            );
            r.sources.add(noopSource);
            r.renderers.add({
              id: 'demo.renderer',
              deps: {},
              render: async () => ({ bytes: new Uint8Array(), mediaType: 'application/pdf' }),
            });
            r.signers.add({
              id: 'demo.signer',
              deps: {},
              create: () => ({ id: 's', sign: async (pdf) => pdf }),
            });
          },
        }),
      ],
    });
    expect(kernel.rule('demo.rule')?.id).toBe('demo.rule');
    expect(kernel.source('noop')).toBe(noopSource);
    expect(kernel.renderer('demo.renderer')?.id).toBe('demo.renderer');
    expect(kernel.signer('demo.signer')?.id).toBe('demo.signer');
    expect(kernel.rule('nope')).toBeUndefined();
  });

  it('cannot start twice, and is not usable before start', async () => {
    const kernel = new Kernel({ plugins: [plugin('demo')] });
    expect(() => kernel.requestTypes()).toThrow('Kernel: call start() first');
    await kernel.start();
    await expect(kernel.start()).rejects.toThrow('Kernel.start: already started');
  });
});

describe('Kernel: disabled plugins', () => {
  it('lists a disabled plugin as disabled and registers none of its request types', async () => {
    let registered = false;
    const off = plugin('off', {
      register: (r) => {
        registered = true;
        r.requestTypes.add(requestType('off.attest'));
      },
    });
    const kernel = await createKernel({ plugins: [plugin('on'), { plugin: off, enabled: false }] });
    expect(registered).toBe(false);
    expect(kernel.requestTypes().map((r) => r.definition.id)).toEqual(['on.attest']);
    expect(kernel.requestType('off.attest')).toBeUndefined();
    expect(kernel.plugins().map((p) => [p.id, p.enabled, p.requestTypeIds])).toEqual([
      ['on', true, ['on.attest']],
      ['off', false, []],
    ]);
  });

  it('still validates the options of a disabled plugin', async () => {
    const off = plugin('off', { options: z.object({ max: z.number() }) });
    const error = await startError(
      createKernel({ plugins: [{ plugin: off, enabled: false, options: { max: 'three' } }] }),
    );
    expect(error.message).toMatch(/^Plugin "off": "off" \(@acme\/plugin-off\) has invalid options: max: /);
  });
});

// ── the consult guard ───────────────────────────────────────────────────────────────────

describe('Kernel: consulting sources', () => {
  const GEEF_ATTEST = 'magda:GeefAttest-02.00';
  const LEGAL_BASIS = 'Wet van 8 augustus 1983, art. 5';

  async function setup(fetch: SourceDefinition['fetch']) {
    const audit = new MemoryAudit();
    const clock = new ManualClock('2026-01-05T09:00:00Z');
    const source = defineSource({ id: 'demo.source', fetch });
    const kernel = await createKernel({
      plugins: [
        plugin('demo', {
          sources: { [GEEF_ATTEST]: { fields: ['Attest'], legalBasis: LEGAL_BASIS } },
          register: (r) => r.requestTypes.add(requestType('demo.attest', { source })),
        }),
      ],
      services: infra(audit, clock),
    });
    return { audit, clock, source, kernel, ctx: await sourceContext(kernel, 'demo.attest') };
  }

  it('refuses a service the plugin did not declare, before any call or audit record', async () => {
    let called = false;
    const { audit, source, ctx } = await setup(async (c) => {
      await c.consult('magda:GeefPersoon-02.02', async () => {
        called = true;
      });
      return { kind: 'data', data: {} };
    });
    const error = await source.fetch(ctx, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UndeclaredSourceError);
    expect((error as UndeclaredSourceError).code).toBe('SOURCE_UNDECLARED');
    expect((error as Error).message).toBe(
      'Plugin "demo" called source service "magda:GeefPersoon-02.02", which its source manifest does not declare',
    );
    expect(called).toBe(false);
    expect(audit.log).toEqual([]);
  });

  it('writes started before and finished after a declared call, with the legal basis and the same referte', async () => {
    const { audit, clock, source, ctx } = await setup(async (c) => {
      const answer = await c.consult(GEEF_ATTEST, async (referte) => {
        audit.log.push({ type: 'call', referte });
        clock.advance(1500);
        return { pdf: 'bytes' };
      });
      return { kind: 'data', data: answer };
    });
    await expect(source.fetch(ctx, {})).resolves.toEqual({ kind: 'data', data: { pdf: 'bytes' } });
    expect(audit.log.map((e) => e.type)).toEqual(['started', 'call', 'finished']);
    const [started, call, finished] = audit.log as [
      { type: 'started'; record: ConsultationStart },
      { type: 'call'; referte: string },
      { type: 'finished'; id: string; outcome: ConsultationOutcome },
    ];
    expect(started.record).toEqual({
      requestId: 'req-1',
      pluginId: 'demo',
      service: GEEF_ATTEST,
      legalBasis: LEGAL_BASIS,
      purpose: 'school',
      referte: call.referte,
      subjectId: '85073012335',
      actor: { type: 'citizen', id: 'sub-1' },
      at: new Date('2026-01-05T09:00:00Z'),
    });
    expect(call.referte).toMatch(/^[0-9a-f-]{36}$/);
    expect(finished).toEqual({
      type: 'finished',
      id: 'audit-1',
      outcome: { outcome: 'ok', at: new Date('2026-01-05T09:00:01.500Z') },
    });
  });

  it('uses a fresh referte per call, the subject and outcome the source gives', async () => {
    const { audit, source, ctx } = await setup(async (c) => {
      await c.consult(GEEF_ATTEST, async () => null, { subjectId: '0123456749', outcome: () => 'not_found' });
      await c.consult(GEEF_ATTEST, async () => 1);
      return { kind: 'data', data: {} };
    });
    await source.fetch(ctx, {});
    const starts = audit.log.flatMap((e) => (e.type === 'started' ? [e.record] : []));
    const ends = audit.log.flatMap((e) => (e.type === 'finished' ? [e.outcome.outcome] : []));
    expect(starts[0]?.subjectId).toBe('0123456749');
    expect(starts[0]?.referte).not.toBe(starts[1]?.referte);
    expect(ends).toEqual(['not_found', 'ok']);
  });

  it.each([
    [
      'transient',
      () => new TransientSourceError('MAGDA_99996', 'unavailable'),
      'transient_error',
      'MAGDA_99996',
    ],
    [
      'permanent',
      () => new PermanentSourceError('MAGDA_30003', 'unknown', { nl: 'onbekend' }),
      'refused',
      'MAGDA_30003',
    ],
    ['unexpected', () => new TypeError('boom'), 'error', undefined],
  ] as const)('records a %s error as the outcome and rethrows it', async (_why, make, outcome, code) => {
    const thrown = make();
    const { audit, source, ctx } = await setup(async (c) => {
      await c.consult(GEEF_ATTEST, async () => {
        throw thrown;
      });
      return { kind: 'data', data: {} };
    });
    await expect(source.fetch(ctx, {})).rejects.toBe(thrown);
    const finished = audit.log.find((e) => e.type === 'finished');
    expect(finished).toEqual({
      type: 'finished',
      id: 'audit-1',
      outcome: { outcome, code, at: expect.any(Date) },
    });
  });

  it('refuses an unknown request type', async () => {
    const { kernel } = await setup(async () => ({ kind: 'data', data: {} }));
    await expect(kernel.consultFor('demo.nope', pipelineRequest('demo.nope'))).rejects.toThrow(
      'Unknown request type "demo.nope"',
    );
  });
});

// ── services ────────────────────────────────────────────────────────────────────────────

describe('Kernel: services wired by token', () => {
  const a = createServiceRef<{ name: string }>('test.a');
  const b = createServiceRef<{ name: string; a: { name: string } }>('test.b');
  const c = createServiceRef<{ name: string }>('test.c');

  function wiring(log: string[]) {
    let made = 0;
    return {
      count: () => made,
      services: [
        createServiceFactory({
          ref: a,
          factory: () => {
            made++;
            log.push('make a');
            return { name: 'a' };
          },
          dispose: () => void log.push('dispose a'),
        }),
        createServiceFactory({
          ref: b,
          deps: { a },
          factory: async ({ a: dep }) => {
            made++;
            log.push('make b');
            return { name: 'b', a: dep };
          },
          dispose: async () => void log.push('dispose b'),
        }),
        createServiceFactory({
          ref: c,
          deps: { b, a },
          factory: ({ b: dep }) => {
            made++;
            log.push('make c');
            return { name: `c(${dep.name})` };
          },
          dispose: () => void log.push('dispose c'),
        }),
      ],
    };
  }

  it('resolves dependencies first, once each (singletons), and disposes in reverse order', async () => {
    const log: string[] = [];
    const w = wiring(log);
    const kernel = await createKernel({ plugins: [], services: w.services });
    const [c1, c2] = await Promise.all([kernel.get(c), kernel.get(c)]);
    expect(c1).toEqual({ name: 'c(b)' });
    expect(c1).toBe(c2);
    const b1 = await kernel.get(b);
    expect(b1.a).toBe(await kernel.get(a));
    expect(w.count()).toBe(3);
    expect(log).toEqual(['make a', 'make b', 'make c']);
    await kernel.stop();
    expect(log.slice(3)).toEqual(['dispose c', 'dispose b', 'dispose a']);
    await kernel.stop(); // idempotent
    expect(log).toHaveLength(6);
  });

  it('resolves a deps record for a rule or source', async () => {
    const kernel = await createKernel({ plugins: [], services: wiring([]).services });
    const deps = await kernel.resolveDeps({ first: a, second: b });
    expect(deps.first.name).toBe('a');
    expect(deps.second.a).toBe(deps.first);
    expect(kernel.has(a)).toBe(true);
    expect(kernel.has(coreServices.clock)).toBe(false);
  });

  it('rejects a missing service with SERVICE_MISSING, also through a dependency', async () => {
    const missing = createServiceRef<unknown>('test.missing');
    const needsMissing = createServiceRef<unknown>('test.needs-missing');
    const kernel = await createKernel({
      plugins: [],
      services: [createServiceFactory({ ref: needsMissing, deps: { missing }, factory: () => 1 })],
    });
    const direct = kernel.get(missing); // a promise, not a synchronous throw
    await expect(direct).rejects.toThrow('No implementation is registered for service "test.missing"');
    await expect(direct).rejects.toMatchObject({ code: 'SERVICE_MISSING' });
    await expect(kernel.get(needsMissing)).rejects.toThrow(
      'No implementation is registered for service "test.missing"',
    );
  });

  it('rejects a circular dependency, naming the cycle', async () => {
    const x = createServiceRef<unknown>('test.x');
    const y = createServiceRef<unknown>('test.y');
    const kernel = await createKernel({
      plugins: [],
      services: [
        createServiceFactory({ ref: x, deps: { y }, factory: () => 'x' }),
        createServiceFactory({ ref: y, deps: { x }, factory: () => 'y' }),
      ],
    });
    await expect(kernel.get(x)).rejects.toThrow('circular service dependency test.x -> test.y -> test.x');
    await expect(kernel.get(y)).rejects.toThrow('circular service dependency test.y -> test.x -> test.y');
  });

  it('rejects a circular dependency that is reached after an asynchronous dependency', async () => {
    const slow = createServiceRef<unknown>('test.slow');
    const x = createServiceRef<unknown>('test.x');
    const y = createServiceRef<unknown>('test.y');
    const kernel = await createKernel({
      plugins: [],
      services: [
        createServiceFactory({ ref: slow, factory: async () => 'slow' }),
        createServiceFactory({ ref: x, deps: { slow, y }, factory: () => 'x' }),
        createServiceFactory({ ref: y, deps: { x }, factory: () => 'y' }),
      ],
    });
    await expect(kernel.get(x)).rejects.toThrow('circular service dependency test.x -> test.y -> test.x');
    // Two concurrent gets entering the cycle from both ends.
    const both = await Promise.allSettled([kernel.get(x), kernel.get(y)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('lets deployment services win over plugin defaults, and refuses a service provided twice by plugins', async () => {
    const ref = createServiceRef<string>('test.greeting');
    const fromPlugin = plugin('demo', {
      register: (r) => r.services.add(createServiceFactory({ ref, factory: () => 'plugin' })),
    });
    const kernel = await createKernel({
      plugins: [fromPlugin],
      services: [createServiceFactory({ ref, factory: () => 'deployment' })],
    });
    expect(await kernel.get(ref)).toBe('deployment');
    expect(await (await createKernel({ plugins: [fromPlugin] })).get(ref)).toBe('plugin');
    const other = plugin('other', {
      register: (r) => r.services.add(createServiceFactory({ ref, factory: () => 'other' })),
    });
    const error = await startError(createKernel({ plugins: [fromPlugin, other] }));
    expect(error.message).toBe('Plugin "other": service "test.greeting" is provided twice');
  });

  it('keeps values of a per-unit scope out of the kernel singletons', async () => {
    const clock = new ManualClock('2026-01-05T09:00:00Z');
    const audit = new MemoryAudit();
    const kernel = await createKernel({
      plugins: [
        plugin('demo', {
          sources: { 'magda:GeefAttest-02.00': { fields: [], legalBasis: 'basis' } },
        }),
      ],
      services: infra(audit, clock),
    });
    expect(await kernel.get(coreServices.clock)).toBe(clock);

    const scope = kernel.scope();
    const scopedClock = new ManualClock('2030-01-01T00:00:00Z');
    const scopedAudit = new MemoryAudit();
    scope.registerInstance(coreServices.clock.id, scopedClock);
    scope.registerInstance(coreServices.consultationAudit.id, scopedAudit);
    scope.registerInstance('request.identity', { subject: 'citizen-1' });
    expect(scope.resolve(coreServices.clock.id)).toBe(scopedClock);

    // The kernel and a second scope still see the singleton; the per-unit value is not there.
    expect(await kernel.get(coreServices.clock)).toBe(clock);
    const second = kernel.scope();
    expect(second.resolve(coreServices.clock.id)).toBe(clock);
    expect(second.isRegistered('request.identity', true)).toBe(false);

    // The consult guard (a core singleton consumer) writes to the kernel's audit with its clock.
    const consult = await kernel.consultFor('demo.attest', pipelineRequest('demo.attest'));
    await consult('magda:GeefAttest-02.00', async () => 'ok');
    expect(scopedAudit.log).toEqual([]);
    expect(audit.log.map((e) => e.type)).toEqual(['started', 'finished']);
    expect(audit.log[0]).toMatchObject({ record: { at: new Date('2026-01-05T09:00:00Z') } });
  });
});

// ── authorise ───────────────────────────────────────────────────────────────────────────

describe('Kernel.authorise', () => {
  const ctx: AuthorisationContext = {
    requestTypeId: 'demo.attest',
    requester: { kind: 'citizen', id: 'sub-1', level: 'high' },
    subject: { relation: 'self' },
    form: {},
    now: new Date('2026-01-05T09:00:00Z'),
  };
  const rule = (id: string, outcome: Outcome | 'abstain') =>
    defineRule({
      id,
      description: { nl: id },
      decide: () => ({ outcome, reason: { nl: `${id} says ${outcome}` } }),
    });

  async function decide(outcomes: (Outcome | 'abstain')[]) {
    const rules = outcomes.map((o, i) => rule(`r${i}`, o));
    const kernel = await createKernel({
      plugins: [
        plugin('demo', { register: (r) => r.requestTypes.add(requestType('demo.attest', { rules })) }),
      ],
    });
    return kernel.authorise('demo.attest', ctx);
  }

  it.each([
    [['auto', 'review', 'deny'], 'deny', ['r2']],
    [['deny', 'auto'], 'deny', ['r0']],
    [['auto', 'review'], 'review', ['r1']],
    [['review', 'auto', 'review'], 'review', ['r0', 'r2']],
    [['auto', 'abstain', 'auto'], 'auto', ['r0', 'r2']],
    [['abstain', 'deny', 'abstain', 'deny'], 'deny', ['r1', 'r3']],
  ] as const)('%j → %s', async (outcomes, expected, reasonRules) => {
    const d = await decide([...outcomes]);
    expect(d.outcome).toBe(expected);
    expect(d.reasons).toEqual(
      reasonRules.map((id) => ({ ruleId: id, reason: { nl: `${id} says ${expected}` } })),
    );
    expect(d.verdicts.map((v) => v.outcome)).toEqual(outcomes);
  });

  it('sends the request to review when every rule abstains, or when there is no rule', async () => {
    for (const outcomes of [['abstain', 'abstain'], []] as const) {
      const d = await decide([...outcomes]);
      expect(d.outcome).toBe('review');
      expect(d.reasons).toEqual([{ ruleId: 'core.none', reason: NO_RULE_DECIDED }]);
    }
  });

  it('resolves each rule’s deps by token', async () => {
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const timed = defineRule({
      id: 'demo.timed',
      description: { nl: 'x' },
      deps: { clock: coreServices.clock },
      decide: (_ctx, { clock: c }) => ({ outcome: 'auto', reason: { nl: c.now().toISOString() } }),
    });
    const kernel = await createKernel({
      plugins: [
        plugin('demo', {
          register: (r) => r.requestTypes.add(requestType('demo.attest', { rules: [timed] })),
        }),
      ],
      services: [createServiceFactory({ ref: coreServices.clock, factory: () => clock })],
    });
    const d = await kernel.authorise('demo.attest', ctx);
    expect(d.reasons[0]?.reason.nl).toBe('2026-06-01T00:00:00.000Z');
  });

  it('refuses an unknown request type', async () => {
    const kernel = await createKernel({ plugins: [] });
    const error = await kernel.authorise('demo.nope', ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartLoketError);
    expect(error).toMatchObject({
      code: 'REQUEST_TYPE_UNKNOWN',
      message: 'Unknown request type "demo.nope"',
    });
  });
});

describe('Kernel: declarative request types', () => {
  const report = (title: string) =>
    defineRequestType({
      id: 'gemeente.feestzaal',
      kind: 'report',
      title: { nl: title },
      theme: 'vrije-tijd',
      form: form({}),
      subject: () => ({ relation: 'none' }),
      rules: [],
    });

  it('registers versions beside plugins: new requests get the current one, filed ones keep theirs', async () => {
    const kernel = await createKernel({ plugins: [plugin('demo')] });
    kernel.declareRequestType(report('v1'), 1);
    kernel.declareRequestType(report('v2'), 2);
    expect(kernel.requestTypes().map((r) => [r.definition.id, r.pluginId, r.version])).toEqual([
      ['demo.attest', 'demo', undefined],
      ['gemeente.feestzaal', DECLARATIVE_PLUGIN_ID, 2],
    ]);
    expect(kernel.requestType('gemeente.feestzaal')?.definition.title.nl).toBe('v2');
    expect(kernel.requestType('gemeente.feestzaal', 1)?.definition.title.nl).toBe('v1');
    expect(kernel.requestType('gemeente.feestzaal', 9)?.version).toBe(2);
    expect(kernel.requestType('demo.attest', 3)?.pluginId).toBe('demo');
  });

  it('keeps an older version known without making it current', async () => {
    const kernel = await createKernel({ plugins: [plugin('demo')] });
    kernel.declareRequestType(report('v2'), 2);
    kernel.declareRequestType(report('v1'), 1, { current: false });
    expect(kernel.requestType('gemeente.feestzaal')?.version).toBe(2);
    expect(kernel.requestType('gemeente.feestzaal', 1)?.definition.title.nl).toBe('v1');
    kernel.withdrawRequestType('gemeente.feestzaal');
    kernel.withdrawRequestType('demo.attest');
    expect(kernel.requestType('gemeente.feestzaal')).toBeUndefined();
    expect(kernel.requestType('gemeente.feestzaal', 2)?.definition.title.nl).toBe('v2');
    expect(kernel.requestType('demo.attest')?.pluginId).toBe('demo');
  });

  it("refuses a plugin's id, a source and a version that is not 1, 2, ...", async () => {
    const kernel = await createKernel({ plugins: [plugin('demo')] });
    expect(() => kernel.declareRequestType(requestType('demo.attest'), 1)).toThrow(
      'already registered by plugin "demo"',
    );
    expect(() => kernel.declareRequestType(requestType('gemeente.attest'), 1)).toThrow(
      'cannot consult a source',
    );
    expect(() => kernel.declareRequestType(report('x'), 0)).toThrow('version must be 1, 2, ...');
  });
});
