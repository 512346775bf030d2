import { describe, expect, it } from 'vitest';
import { devBanner } from './run.js';

describe('the banner of smartloket dev', () => {
  const urls = [
    { name: 'TSA/OCSP/CRL (dev)', url: 'http://127.0.0.1:41004' },
    { name: 'MAGDA', url: 'https://127.0.0.1:41001' },
    { name: 'login (dev)', url: 'http://127.0.0.1:41002' },
    { name: 'mailbox (dev)', url: 'http://127.0.0.1:41003' },
  ];
  const banner = devBanner('http://localhost:3000', undefined, urls);

  it('lists what a person can open first: portal, back-office with its persona, mailbox', () => {
    const [open, behind] = banner.split('Used by SmartLoket, not pages to open:');
    expect(open).toContain('portal        http://localhost:3000');
    expect(open).toContain('back-office   http://localhost:3000/backoffice');
    expect(open).toContain('Karin Goossens');
    expect(open).toContain('Jan Peeters');
    expect(open).toContain('mailbox (dev) http://127.0.0.1:41003');
    expect(open).not.toContain('41001');
    expect(open).not.toContain('41002');
    expect(open).not.toContain('41004');
    expect(behind).toContain('TSA/OCSP/CRL (dev) http://127.0.0.1:41004');
    expect(behind).toContain('login (dev)   http://127.0.0.1:41002');
    expect(behind).toContain('"Aanmelden" in the portal leads there');
    expect(behind).toContain('MAGDA         https://127.0.0.1:41001');
    expect(behind).toContain('client certificate');
  });

  it('adds metrics to what can be opened, and leaves out the second part without dev servers', () => {
    const plain = devBanner('http://localhost:3000/', 'http://127.0.0.1:9464/metrics', []);
    expect(plain).toContain('back-office   http://localhost:3000/backoffice');
    expect(plain).toContain('metrics       http://127.0.0.1:9464/metrics');
    expect(plain).not.toContain('not pages to open');
  });
});
