import { REQUEST_ACTIONS, REQUEST_STATES } from '@smartloket/core';
import type { TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalClient, startTestPortal, type TestPortal } from '../support/portal.js';
import { citizen, startWorld, type World } from './support.js';

/** The page's visible text: no head, no tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Codes that must never reach a clerk's screen (as the back-office crawl of the server checks). */
function codesIn(text: string, ruleIds: string[]): string[] {
  const found: string[] = [];
  for (const s of REQUEST_STATES) if (new RegExp(`\\b${s}\\b`).test(text)) found.push(`state ${s}`);
  for (const a of REQUEST_ACTIONS) if (new RegExp(`\\b${a}\\b`).test(text)) found.push(`action ${a}`);
  for (const id of ruleIds) if (text.includes(id)) found.push(`rule ${id}`);
  if (/[{[]\s*"[^"]*"\s*:/.test(text)) found.push('JSON');
  for (const s of ['(self)', 'requester:', 'staff:', 'system:', 'uploadId'])
    if (text.includes(s)) found.push(s);
  for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)) found.push(`code ${m[0]}`);
  return found;
}

/**
 * The bevolking plugin's requests on the back-office (issue 19: no page shows a state code, a rule
 * id or raw JSON for any request in the demo data), against the MAGDA simulator: a certificate
 * delivered automatically, one for a child (legal representative per the register), one for
 * another person with a ground (to review), and the inbox, each state filter and the audit trail.
 */
describe('bevolking requests on the back-office, in words', () => {
  let world: World;
  let d: TestDeployment;
  let portal: TestPortal;
  let karin: PortalClient;
  const ids: string[] = [];

  beforeAll(async () => {
    world = await startWorld();
    d = await world.deploy();
    portal = await startTestPortal({ deployment: d });
    const submit = async (key: string, input: Record<string, unknown>) => {
      const { request } = await d.requests.submit({
        typeId: `bevolking.${key}`,
        input,
        locale: 'nl',
        identity: citizen('jan'),
      });
      ids.push(request.id);
    };
    await submit('gezinssamenstelling', { forWhom: 'self' });
    await submit('hoofdverblijfplaats', { forWhom: 'child', subjectInsz: '14650206274' });
    await submit('hoofdverblijfplaats', {
      forWhom: 'other',
      subjectInsz: '83640407754',
      ground: 'Volmacht van de betrokkene',
    });
    await d.runJobs();
    karin = await portal.login('karin', 'itsme');
  });
  afterAll(async () => {
    await portal?.close();
    await world?.close();
  });

  it('shows no state code, rule id or raw JSON on the inbox, the filters, the request pages and the audit trail', async () => {
    const states = new Set<string>();
    for (const id of ids) states.add((await d.db.requests.get(id))!.state);
    // At least one delivered automatically and one waiting for a clerk.
    expect(states).toContain('delivered');
    expect(states).toContain('in_review');

    const ruleIds = ['core.none', 'settings.auto-delivery-off'];
    for (const rt of d.kernel.requestTypes()) for (const r of rt.definition.rules) ruleIds.push(r.id);
    const paths = [
      '/backoffice',
      ...REQUEST_STATES.map((s) => `/backoffice?status=${s}`),
      ...ids.map((id) => `/backoffice/requests/${id}`),
      '/backoffice/counter',
    ];
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      const page = await karin.get(path);
      expect(page.status, path).toBe(200);
      const codes = codesIn(visibleText(page.text), ruleIds);
      if (codes.length) found[path] = codes;
    }
    // The audit trail (administrators and reporters) of the same requests.
    const pieter = await portal.login('pieter', 'itsme');
    const audit = await pieter.get('/backoffice/audit');
    expect(audit.status).toBe(200);
    const auditCodes = codesIn(visibleText(audit.text), ruleIds);
    if (auditCodes.length) found['/backoffice/audit'] = auditCodes;
    expect(found).toEqual({});
    expect(visibleText((await karin.get(`/backoffice/requests/${ids[0]}`)).text)).toContain(
      'Digitaal afgeleverd',
    );
    // The request for another person tells who asks for whom and the ground given.
    const other = visibleText((await karin.get(`/backoffice/requests/${ids[2]}`)).text);
    expect(other).toContain('Volmacht van de betrokkene');
  });
});
