/**
 * A binary min-heap that knows where each item sits, so an item can leave or move when its key
 * changes in O(log n) instead of being found by a scan. The routing board keeps queued
 * conversations and available agents in these.
 */
export class IndexedHeap<T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<string, number>();

  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly keyOf: (item: T) => string,
  ) {}

  /** How many items the heap holds. */
  get size(): number {
    return this.items.length;
  }

  /** The smallest item, without taking it out. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** True when an item with this key is in the heap. */
  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** The item with this key, or undefined. */
  get(key: string): T | undefined {
    const at = this.positions.get(key);
    return at === undefined ? undefined : this.items[at];
  }

  /** The items in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  /** Adds the item; an item with the same key is replaced. */
  push(item: T): void {
    const key = this.keyOf(item);
    const at = this.positions.get(key);
    if (at !== undefined) {
      this.items[at] = item;
      this.restore(at);
      return;
    }
    this.items.push(item);
    this.positions.set(key, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  /** Takes out the item with this key; false when there was none. */
  remove(key: string): boolean {
    const at = this.positions.get(key);
    if (at === undefined) return false;
    const last = this.items.pop() as T;
    this.positions.delete(key);
    if (at < this.items.length) {
      this.items[at] = last;
      this.positions.set(this.keyOf(last), at);
      this.restore(at);
    }
    return true;
  }

  /** Puts the item with this key back in order after its sort key changed in place. */
  update(key: string): void {
    const at = this.positions.get(key);
    if (at !== undefined) this.restore(at);
  }

  private restore(at: number): void {
    if (this.siftUp(at) === at) this.siftDown(at);
  }

  private siftUp(start: number): number {
    let at = start;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.compare(this.at(at), this.at(parent)) >= 0) break;
      this.swap(at, parent);
      at = parent;
    }
    return at;
  }

  private siftDown(start: number): void {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < this.items.length && this.compare(this.at(left), this.at(smallest)) < 0) smallest = left;
      if (right < this.items.length && this.compare(this.at(right), this.at(smallest)) < 0) smallest = right;
      if (smallest === at) return;
      this.swap(at, smallest);
      at = smallest;
    }
  }

  private at(index: number): T {
    return this.items[index] as T;
  }

  private swap(i: number, j: number): void {
    const a = this.at(i);
    const b = this.at(j);
    this.items[i] = b;
    this.items[j] = a;
    this.positions.set(this.keyOf(a), j);
    this.positions.set(this.keyOf(b), i);
  }
}
