import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * In-memory storage of the dev provider's artifacts (sessions, interactions, codes, grants).
 * One store per provider instance, so two dev providers in one process never share state.
 */
export function memoryAdapterFactory(): (name: string) => Adapter {
  const store = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();

  function get(key: string): AdapterPayload | undefined {
    const e = store.get(key);
    if (!e) return undefined;
    if (e.expiresAt !== undefined && e.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return e.payload;
  }

  return (name: string): Adapter => {
    const key = (id: string) => `${name}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        store.set(key(id), {
          payload: structuredClone(payload),
          expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined,
        });
        if (payload.grantId) {
          const set = byGrant.get(payload.grantId) ?? new Set<string>();
          set.add(key(id));
          byGrant.set(payload.grantId, set);
        }
        if (payload.uid)
          store.set(`${name}:uid:${payload.uid}`, {
            payload: { uid: id } as AdapterPayload,
            expiresAt: undefined,
          });
        if (payload.userCode) {
          store.set(`${name}:userCode:${payload.userCode}`, {
            payload: { uid: id } as AdapterPayload,
            expiresAt: undefined,
          });
        }
      },
      async find(id) {
        const p = get(key(id));
        return p ? structuredClone(p) : undefined;
      },
      async findByUid(uid) {
        const ref = get(`${name}:uid:${uid}`);
        return ref?.uid ? this.find(ref.uid) : undefined;
      },
      async findByUserCode(userCode) {
        const ref = get(`${name}:userCode:${userCode}`);
        return ref?.uid ? this.find(ref.uid) : undefined;
      },
      async consume(id) {
        const p = get(key(id));
        if (p) p.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of byGrant.get(grantId) ?? []) store.delete(k);
        byGrant.delete(grantId);
      },
    };
  };
}
