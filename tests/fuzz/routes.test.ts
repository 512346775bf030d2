/**
 * Property-based fuzzing of every route of the portal, the back-office and the API: the routes
 * come from the express router stack (a new route is fuzzed without touching this file), their
 * parameters are filled with hostile strings, bodies are broken JSON, broken multipart, oversize,
 * wrong content types and forms with odd fields, sent anonymously and in citizen, staff and API
 * client sessions. No answer may be a 5xx or show a stack trace, and no personal data of the
 * test persons may reach the log. Bounded by a run count and a time budget that stops early
 * (never fails) on a slow machine; the number of runs is printed.
 */
import { forEachDatabase } from '@smartloket/db/testing';
import { PERSONAS } from '@smartloket/dev-population';
import { createLogger } from '@smartloket/runtime';
import { createApiClient } from '@smartloket/server';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hidden, type PortalClient, startTestPortal, type TestPortal } from '../support/portal.js';
import { type FuzzRoute, hostileRequest, routesOf, type Session, STACK_TRACE, send } from './support.js';

/** Upper bound of generated requests per database; the time budget usually ends a run first. */
const MAX_RUNS = Number(process.env.SMARTLOKET_FUZZ_RUNS ?? 4000);
/** Generation stops after this long (the property is then reported as passed for what ran). */
const BUDGET_MS = Number(process.env.SMARTLOKET_FUZZ_BUDGET_MS ?? 35_000);

/** Personal data of the test persons that must never be logged. */
const PERSONAL = PERSONAS.flatMap((p) => [
  p.insz,
  `${p.insz.slice(0, 2)}.${p.insz.slice(2, 4)}.${p.insz.slice(4, 6)}-${p.insz.slice(6, 9)}.${p.insz.slice(9)}`,
  `${p.givenName} ${p.familyName}`,
  ...('email' in p ? [p.email] : []),
]);

forEachDatabase('route fuzzing', (databaseUrl, testDb) => {
  let d: TestDeployment;
  let portal: TestPortal;
  const logLines: string[] = [];
  const sessions: Session[] = [];
  let routes: FuzzRoute[] = [];

  beforeAll(async () => {
    d = await createTestDeployment({
      plugins: [createTestPlugin()],
      databaseUrl: databaseUrl(),
      databaseOwnerUrl: testDb.ownerUrl,
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
      config: { api: { rateLimitPerMinute: 1_000_000 } },
    });
    portal = await startTestPortal({
      deployment: d,
      worker: false,
      app: {
        rateLimits: {
          login: { windowMs: 60_000, limit: 1_000_000 },
          submit: { windowMs: 60_000, limit: 1_000_000 },
        },
      },
    });
    const app = portal.server.listeners('request')[0] as unknown as Parameters<typeof routesOf>[0];
    // Paths no route knows (404, CSRF refusals) with hostile first segments too.
    routes = [
      ...routesOf(app),
      ...['get', 'post'].flatMap((method) =>
        ['/:unknown', '/api/v1/:unknown', '/backoffice/:unknown/:more'].map((path) => ({ method, path })),
      ),
    ];

    const csrfOf = async (client: PortalClient, path: string) =>
      hidden((await client.get(path)).text, '_csrf');
    const jan = await portal.login('jan');
    const karin = await portal.login('karin');
    const { secret } = await createApiClient(d.db, { name: 'fuzz', scopes: ['read', 'act', 'admin'] });
    sessions.push(
      { kind: 'anonymous', client: portal.client() },
      { kind: 'citizen', client: jan, csrf: await csrfOf(jan, '/request/test.attest') },
      { kind: 'staff', client: karin, csrf: await csrfOf(karin, '/backoffice') },
      { kind: 'api', client: portal.client(), bearer: secret },
    );
    logLines.length = 0;
  });
  afterAll(async () => {
    await portal?.close();
    await d?.close();
  });

  it('finds the routes of the portal, back-office and API in the router stack', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'get /request/:typeId',
      'post /my/requests/:id/cancel',
      'get /backoffice/requests/:id',
      'get /api/v1/requests/:id',
      'post /api/v1/oauth/token',
      'get /verify/:code',
    ])
      expect(paths).toContain(expected);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.path.includes(':unknown')).length).toBe(6);
  });

  it('never answers a hostile request with a 5xx, a stack trace or personal data in the log', async () => {
    const statuses = new Map<number, number>();
    let runs = 0;
    const check = async (request: Parameters<typeof send>[1]) => {
      const before = logLines.length;
      const answer = await send(portal.url, request, sessions);
      runs++;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const where = `${request.method.toUpperCase()} ${request.path} (${request.session}, ${request.bodyKind})`;
      expect(answer.status, where).toBeLessThan(500);
      expect(answer.body, where).not.toMatch(STACK_TRACE);
      const logged = logLines.slice(before).join('\n');
      for (const personal of PERSONAL)
        expect(logged, `${where} logged personal data`).not.toContain(personal);
    };

    // Every route at least once, in every session: bad encodings in its parameters, broken JSON.
    for (const route of routes)
      for (const session of sessions)
        await check({
          method: route.method,
          path: route.path.replace(/[:*]\w+/g, '%c0%ae%ff').replace(/[{}]/g, ''),
          session: session.kind,
          withCsrf: true,
          bodyKind: route.method === 'get' ? 'none' : 'json-broken',
          body: route.method === 'get' ? undefined : '{"a":',
          headers: route.method === 'get' ? {} : { 'content-type': 'application/json' },
        });

    await fc.assert(
      fc.asyncProperty(
        hostileRequest(
          routes,
          PERSONAS.map((p) => p.insz),
        ),
        check,
      ),
      {
        numRuns: MAX_RUNS,
        interruptAfterTimeLimit: BUDGET_MS,
        markInterruptAsFailure: false,
      },
    );
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.info(
      `[fuzz ${testDb.dialect}] ${runs} generated requests over ${routes.length} routes: ${summary.join(' ')}`,
    );
    expect(runs).toBeGreaterThan(0);
  });
});
