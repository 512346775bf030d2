import forge from 'node-forge';
import type { Pkcs11Token, TokenKey } from './token.js';

const { asn1 } = forge;
const { Class, Type } = asn1;
type Asn1 = forge.asn1.Asn1;

const seq = (v: Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, v);
const set = (v: Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SET, true, v);
const oid = (o: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(o).getBytes());
const nul = () => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
const der = (a: Asn1) => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const fromDer = (b: Uint8Array) => asn1.fromDer(forge.util.createBuffer(Buffer.from(b).toString('binary')));

const attributeOids: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  L: '2.5.4.7',
  organizationIdentifier: '2.5.4.97',
  serialNumber: '2.5.4.5',
};

/** What {@link createCsr} needs. */
export interface CsrOptions {
  /** Subject, in order, e.g. `[['C', 'BE'], ['O', 'Gemeente Zottegem'], ['CN', 'Gemeente Zottegem']]`. */
  subject: Array<[string, string]>;
}

/**
 * A PKCS#10 certificate request for the token key labelled `keyLabel`, signed on the token
 * (SHA-256 with RSA or ECDSA). Returns PEM.
 */
export async function createCsr(
  token: Pkcs11Token,
  keyLabel: string,
  key: TokenKey,
  options: CsrOptions,
): Promise<string> {
  const name = seq(
    options.subject.map(([k, v]) => {
      const id = attributeOids[k];
      if (!id) throw new Error(`unsupported subject attribute ${k}`);
      const type = k === 'C' || k === 'serialNumber' ? Type.PRINTABLESTRING : Type.UTF8;
      return set([seq([oid(id), asn1.create(Class.UNIVERSAL, type, false, forge.util.encodeUtf8(v))])]);
    }),
  );
  const spki = fromDer(key.publicKey.export({ type: 'spki', format: 'der' }));
  const info = seq([
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, '\x00'),
    name,
    spki,
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, []),
  ]);
  const tbs = der(info);
  const signature = await token.sign(keyLabel, key.type, tbs);
  const sigAlg =
    key.type === 'rsa' ? seq([oid('1.2.840.113549.1.1.11'), nul()]) : seq([oid('1.2.840.10045.4.3.2')]);
  const csr = der(
    seq([
      info,
      sigAlg,
      asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, `\x00${signature.toString('binary')}`),
    ]),
  );
  const lines = csr
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines}\n-----END CERTIFICATE REQUEST-----\n`;
}
