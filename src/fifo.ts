/**
 * Insertion order for a bounded Map, kept outside the Map. Evicting the oldest entry of a JS Map by
 * iterating from its start costs O(deleted slots): V8 leaves holes at the front until the next rehash,
 * and a store that evicts on every insert walks them on every insert. A ring of keys is O(1).
 */
export class FifoKeys<K> {
  private items: K[] = [];
  private head = 0;

  push(key: K): void {
    this.items.push(key);
  }

  /** The oldest key still queued (it may have been deleted from the Map since: callers check). */
  peek(): K | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): K | undefined {
    if (this.head >= this.items.length) return undefined;
    const key = this.items[this.head++];
    // Compact once the consumed prefix dominates, so memory follows the live size.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return key;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
