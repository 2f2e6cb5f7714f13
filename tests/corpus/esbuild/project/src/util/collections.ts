export type Key = string | number;

export class TypedMap<K extends Key, V> implements Iterable<[K, V]> {
  private readonly items = new Map<K, V>();

  set(k: K, v: V): this {
    this.items.set(k, v);
    return this;
  }

  get(k: K): V | undefined {
    return this.items.get(k);
  }

  getOr<D>(k: K, fallback: D): V | D {
    return this.items.has(k) ? (this.items.get(k) as V) : fallback;
  }

  map<W>(f: (v: V, k: K) => W): TypedMap<K, W> {
    const out = new TypedMap<K, W>();
    for (const [k, v] of this.items) out.set(k, f(v, k));
    return out;
  }

  get size(): number {
    return this.items.size;
  }

  [Symbol.iterator](): Iterator<[K, V]> {
    return this.items.entries();
  }
}

export function groupBy<T, K extends Key>(xs: readonly T[], key: (x: T) => K): Record<K, T[]> {
  const out = {} as Record<K, T[]>;
  for (const x of xs) {
    const k = key(x);
    (out[k] ??= []).push(x);
  }
  return out;
}

export function sortBy<T>(xs: readonly T[], ...keys: Array<(x: T) => number | string>): T[] {
  return [...xs].sort((a, b) => {
    for (const k of keys) {
      const ka = k(a), kb = k(b);
      if (ka < kb) return -1;
      if (ka > kb) return 1;
    }
    return 0;
  });
}

export function* chunks<T>(xs: readonly T[], n: number): Generator<T[], void, undefined> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

export const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};
