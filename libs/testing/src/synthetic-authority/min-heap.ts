/**
 * A binary min-heap ordered by two numbers (a time, then a sequence number that keeps equal times in insertion
 * order): the simulation's agenda and its output buffer, both of which see hundreds of thousands of entries.
 */
export interface Keyed {
  readonly key: number;
  readonly seq: number;
}

const before = (x: Keyed, y: Keyed): boolean => x.key < y.key || (x.key === y.key && x.seq < y.seq);

export class MinHeap<T extends Keyed> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, items[parent] as T)) break;
      items[i] = items[parent] as T;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(items[r] as T, items[l] as T) ? r : l;
      if (!before(items[child] as T, last)) break;
      items[i] = items[child] as T;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
