import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11Types from 'pkcs11js';

type Pkcs11Module = typeof Pkcs11Types;
type Handle = Buffer;

// pkcs11js is a native CommonJS module: loaded on first use, so importing this package costs nothing.
let native: Pkcs11Module | undefined;
function pkcs11(): Pkcs11Module {
  native ??= createRequire(import.meta.url)('pkcs11js') as Pkcs11Module;
  return native;
}

/** The token, the key or the PIN is not usable; the message says which and why (never the PIN). */
export class Pkcs11TokenError extends Error {
  override readonly name = 'Pkcs11TokenError';
}

/** Where the PIN comes from: an environment variable or a file (never the config file itself). */
export type PinSource = { pinEnv: string; pinFile?: undefined } | { pinFile: string; pinEnv?: undefined };

/** What {@link Pkcs11Token} needs. */
export interface Pkcs11TokenOptions {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  /** The token's label (the slot is found by label, never by number). */
  tokenLabel: string;
  /** The user PIN, read when the token is (re)opened. */
  pin: () => string;
  /** Sessions kept open for signing in parallel (default 4). */
  poolSize?: number | undefined;
}

/** The key types the seal supports. */
export type TokenKeyType = 'rsa' | 'ec';

/** A key pair on the token, found by label. */
export interface TokenKey {
  type: TokenKeyType;
  /** The public key, read from the token. */
  publicKey: KeyObject;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();

/** Raw r||s (PKCS#11 ECDSA) to the DER ECDSA-Sig-Value CMS needs. */
export function ecdsaRawToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = Buffer.from(b.subarray(i));
    return (v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v) as Buffer;
  };
  const r = int(raw.subarray(0, half));
  const s = int(raw.subarray(half));
  const body = Buffer.concat([Buffer.from([2, r.length]), r, Buffer.from([2, s.length]), s]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** PKCS#11 return values after which the module, session and login are set up again. */
function isReconnectable(e: unknown): boolean {
  const p = pkcs11();
  const code = (e as { code?: number }).code;
  return (
    e instanceof p.Pkcs11Error &&
    [
      p.CKR_SESSION_HANDLE_INVALID,
      p.CKR_SESSION_CLOSED,
      p.CKR_DEVICE_REMOVED,
      p.CKR_DEVICE_ERROR,
      p.CKR_TOKEN_NOT_PRESENT,
      p.CKR_CRYPTOKI_NOT_INITIALIZED,
      p.CKR_USER_NOT_LOGGED_IN,
      p.CKR_OBJECT_HANDLE_INVALID,
      p.CKR_KEY_HANDLE_INVALID,
    ].includes(code as number)
  );
}

const trimLabel = (s: string) => s.replace(/[\s\0]+$/, '');

/**
 * One PKCS#11 token: the module loaded once, a small pool of logged-in sessions, keys found by
 * label. When the HSM restarts (session handle invalid, device removed, module not initialised)
 * the module is set up again and the operation retried once. The private key never leaves it.
 */
export class Pkcs11Token {
  private mod: InstanceType<Pkcs11Module['PKCS11']> | undefined;
  private slot: Handle | undefined;
  private idle: Handle[] = [];
  private open = 0;
  private waiting: ((s: Handle | undefined) => void)[] = [];
  private generation = 0;
  private readonly poolSize: number;
  /** How many times the module was set up (1 after the first use; more after reconnects). */
  connects = 0;

  constructor(private readonly options: Pkcs11TokenOptions) {
    this.poolSize = Math.max(1, options.poolSize ?? 4);
  }

  /** The loaded module, for tests that simulate an HSM restart. */
  get module(): InstanceType<Pkcs11Module['PKCS11']> {
    return this.connect();
  }

  private connect(): InstanceType<Pkcs11Module['PKCS11']> {
    if (this.mod) return this.mod;
    const p = pkcs11();
    const mod = new p.PKCS11();
    try {
      mod.load(this.options.module);
    } catch (e) {
      throw new Pkcs11TokenError(
        `cannot load PKCS#11 module ${this.options.module}: ${(e as Error).message}`,
      );
    }
    try {
      // OS locking: signatures run on libuv's thread pool (C_SignAsync) while other sessions are
      // used from the main thread. Without this flag a module may assume one thread at a time;
      // SoftHSM2 then runs without mutexes and corrupts its heap under concurrent seals.
      mod.C_Initialize({ flags: p.CKF_OS_LOCKING_OK });
    } catch (e) {
      if ((e as { code?: number }).code !== p.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw e;
    }
    const slot = mod
      .C_GetSlotList(true)
      .find((s) => trimLabel(mod.C_GetTokenInfo(s).label) === this.options.tokenLabel);
    if (!slot) {
      throw new Pkcs11TokenError(`no token labelled "${this.options.tokenLabel}" in ${this.options.module}`);
    }
    this.mod = mod;
    this.slot = slot;
    this.idle = [];
    this.open = 0;
    this.generation++;
    this.connects++;
    return mod;
  }

  private openSession(): Handle {
    const p = pkcs11();
    const mod = this.connect();
    const s = mod.C_OpenSession(this.slot!, p.CKF_SERIAL_SESSION | p.CKF_RW_SESSION);
    this.open++;
    try {
      mod.C_Login(s, p.CKU_USER, this.options.pin());
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === p.CKR_USER_ALREADY_LOGGED_IN) return s;
      mod.C_CloseSession(s);
      this.open--;
      if (code === p.CKR_PIN_INCORRECT || code === p.CKR_PIN_LEN_RANGE) {
        throw new Pkcs11TokenError(`the PIN of token "${this.options.tokenLabel}" is wrong`);
      }
      if (code === p.CKR_PIN_LOCKED) {
        throw new Pkcs11TokenError(`the PIN of token "${this.options.tokenLabel}" is locked`);
      }
      throw e;
    }
    return s;
  }

  private async acquire(): Promise<{ session: Handle; generation: number }> {
    // Bounded: a waiter is woken with no session only by a reset, which frees the whole pool.
    for (let i = 0; i < 1000; i++) {
      const s = this.idle.pop();
      if (s) return { session: s, generation: this.generation };
      if (this.open < this.poolSize) {
        const session = this.openSession();
        return { session, generation: this.generation };
      }
      const session = await new Promise<Handle | undefined>((r) => this.waiting.push(r));
      if (session) return { session, generation: this.generation };
    }
    throw new Pkcs11TokenError(`no session on token "${this.options.tokenLabel}" after many resets`);
  }

  private release(session: Handle, generation: number): void {
    if (generation !== this.generation) return;
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  /** Drops the module and every session: the next operation sets them up again. */
  private reset(): void {
    const mod = this.mod;
    this.mod = undefined;
    this.slot = undefined;
    this.idle = [];
    this.open = 0;
    this.generation++;
    try {
      mod?.C_Finalize();
    } catch {
      // Already gone (that is why we reset).
    }
    // The library stays loaded (no dlclose): unloading a module while an operation on another
    // thread is still in it is unsafe, and nothing is gained by unloading.
    // Whoever waits for a session asks again (and opens a fresh one).
    for (const w of this.waiting.splice(0)) w(undefined);
  }

  /** Runs `fn` on a pooled, logged-in session; reconnects once when the HSM went away. */
  async withSession<T>(
    fn: (mod: InstanceType<Pkcs11Module['PKCS11']>, session: Handle) => Promise<T> | T,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let lease: { session: Handle; generation: number } | undefined;
      try {
        lease = await this.acquire();
        const result = await fn(this.connect(), lease.session);
        this.release(lease.session, lease.generation);
        return result;
      } catch (e) {
        if (isReconnectable(e)) {
          // The first to notice resets; the others just retry on the new generation.
          if (!lease || lease.generation === this.generation) this.reset();
          if (attempt === 0) continue;
        } else if (lease) {
          this.release(lease.session, lease.generation);
        }
        throw e;
      }
    }
  }

  private findObject(
    mod: InstanceType<Pkcs11Module['PKCS11']>,
    session: Handle,
    cls: number,
    label: string,
  ): Handle | undefined {
    const p = pkcs11();
    mod.C_FindObjectsInit(session, [
      { type: p.CKA_CLASS, value: cls },
      { type: p.CKA_LABEL, value: label },
    ]);
    try {
      return mod.C_FindObjects(session) ?? undefined;
    } finally {
      mod.C_FindObjectsFinal(session);
    }
  }

  /** The key pair labelled `label`: its type and public key (throws when either half is missing). */
  async key(label: string): Promise<TokenKey> {
    const p = pkcs11();
    return this.withSession((mod, session) => {
      const priv = this.findObject(mod, session, p.CKO_PRIVATE_KEY, label);
      if (!priv)
        throw new Pkcs11TokenError(
          `no private key labelled "${label}" on token "${this.options.tokenLabel}"`,
        );
      const pub = this.findObject(mod, session, p.CKO_PUBLIC_KEY, label);
      if (!pub)
        throw new Pkcs11TokenError(`no public key labelled "${label}" on token "${this.options.tokenLabel}"`);
      const [kt] = mod.C_GetAttributeValue(session, priv, [{ type: p.CKA_KEY_TYPE }]);
      const keyType = Number((kt!.value as Buffer).readBigUInt64LE(0));
      if (keyType === p.CKK_RSA) {
        const [n, e] = mod.C_GetAttributeValue(session, pub, [
          { type: p.CKA_MODULUS },
          { type: p.CKA_PUBLIC_EXPONENT },
        ]);
        const publicKey = createPublicKey({
          key: {
            kty: 'RSA',
            n: (n!.value as Buffer).toString('base64url'),
            e: (e!.value as Buffer).toString('base64url'),
          },
          format: 'jwk',
        });
        return { type: 'rsa', publicKey };
      }
      if (keyType === p.CKK_EC) {
        const [point] = mod.C_GetAttributeValue(session, pub, [{ type: p.CKA_EC_POINT }]);
        let q = point!.value as Buffer;
        // CKA_EC_POINT is an OCTET STRING around the uncompressed point (04 41 04 x y).
        if (q[0] === 0x04 && q[1] === q.length - 2) q = q.subarray(2);
        if (q.length !== 65 || q[0] !== 0x04)
          throw new Pkcs11TokenError(`key "${label}" is not an EC P-256 key`);
        const publicKey = createPublicKey({
          key: {
            kty: 'EC',
            crv: 'P-256',
            x: q.subarray(1, 33).toString('base64url'),
            y: q.subarray(33).toString('base64url'),
          },
          format: 'jwk',
        });
        return { type: 'ec', publicKey };
      }
      throw new Pkcs11TokenError(`key "${label}" has an unsupported type (${keyType}): use RSA or EC P-256`);
    });
  }

  /**
   * Signs `data` with the private key labelled `label`: SHA-256 with RSA PKCS#1 v1.5, or ECDSA
   * P-256 over a SHA-256 computed here, returned DER-encoded (as CMS and X.509 want it).
   */
  async sign(label: string, type: TokenKeyType, data: Uint8Array): Promise<Buffer> {
    const p = pkcs11();
    return this.withSession(async (mod, session) => {
      const priv = this.findObject(mod, session, p.CKO_PRIVATE_KEY, label);
      if (!priv)
        throw new Pkcs11TokenError(
          `no private key labelled "${label}" on token "${this.options.tokenLabel}"`,
        );
      if (type === 'rsa') {
        mod.C_SignInit(session, { mechanism: p.CKM_SHA256_RSA_PKCS }, priv);
        return Buffer.from(await mod.C_SignAsync(session, Buffer.from(data), Buffer.alloc(1024)));
      }
      mod.C_SignInit(session, { mechanism: p.CKM_ECDSA }, priv);
      const raw = await mod.C_SignAsync(session, sha256(data), Buffer.alloc(132));
      return ecdsaRawToDer(raw);
    });
  }

  /** Generates a key pair on the token (private key not extractable, sensitive). */
  async generateKey(label: string, type: 'rsa-2048' | 'rsa-3072' | 'ec-p256'): Promise<TokenKey> {
    const p = pkcs11();
    await this.withSession((mod, session) => {
      if (this.findObject(mod, session, p.CKO_PRIVATE_KEY, label)) {
        throw new Pkcs11TokenError(
          `token "${this.options.tokenLabel}" already holds a key labelled "${label}"`,
        );
      }
      const id = sha256(Buffer.from(label)).subarray(0, 16);
      const common = [
        { type: p.CKA_TOKEN, value: true },
        { type: p.CKA_LABEL, value: label },
        { type: p.CKA_ID, value: id },
      ];
      const priv = [
        ...common,
        { type: p.CKA_PRIVATE, value: true },
        { type: p.CKA_SENSITIVE, value: true },
        { type: p.CKA_EXTRACTABLE, value: false },
        { type: p.CKA_SIGN, value: true },
      ];
      if (type === 'ec-p256') {
        // OID 1.2.840.10045.3.1.7 (prime256v1), DER.
        const params = Buffer.from('06082a8648ce3d030107', 'hex');
        mod.C_GenerateKeyPair(
          session,
          { mechanism: p.CKM_EC_KEY_PAIR_GEN },
          [...common, { type: p.CKA_VERIFY, value: true }, { type: p.CKA_EC_PARAMS, value: params }],
          priv,
        );
      } else {
        mod.C_GenerateKeyPair(
          session,
          { mechanism: p.CKM_RSA_PKCS_KEY_PAIR_GEN },
          [
            ...common,
            { type: p.CKA_VERIFY, value: true },
            { type: p.CKA_MODULUS_BITS, value: type === 'rsa-3072' ? 3072 : 2048 },
            { type: p.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
          ],
          priv,
        );
      }
    });
    return this.key(label);
  }

  /** Logs out and closes every session (C_Finalize); the library itself stays loaded. */
  close(): void {
    const mod = this.mod;
    this.mod = undefined;
    this.idle = [];
    this.open = 0;
    this.generation++;
    if (!mod) return;
    try {
      mod.C_Finalize();
    } catch {
      // Nothing left to close.
    }
    // The library stays loaded for the life of the process (see reset).
  }
}
