/**
 * A set of strings whose hashes the caller has already computed (roster-plain.ts hashes each
 * email while it checks it). JavaScript's Set spends about half a microsecond an insertion at
 * 100,000 strings, more than the rest of the plain roster's reading: this open-addressing table
 * of indices compares hashes first and strings only when those agree.
 */
export class StringSet {
  private readonly values: string[] = [];
  private hashes = new Int32Array(1024);
  /** Index + 1 into `values`; 0 for an empty slot. Always at most half full. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.values.length;
  }

  /** Adds `value`; false when it was already there. `hash` must be the same for equal strings. */
  add(value: string, hash: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) {
        const index = this.values.length;
        this.values.push(value);
        if (index === this.hashes.length) {
          const hashes = new Int32Array(index * 2);
          hashes.set(this.hashes);
          this.hashes = hashes;
        }
        this.hashes[index] = hash;
        this.slots[i] = index + 1;
        if ((index + 1) * 2 > this.slots.length) this.grow();
        return true;
      }
      if (this.hashes[slot - 1] === hash && this.values[slot - 1] === value) return false;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.values.length; index++) {
      let i = this.hashes[index]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = index + 1;
    }
    this.slots = slots;
  }
}

/** One step of FNV-1a: the hash of a string so far, and its next character code. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}
export const HASH_START = 0x811c9dc5 | 0;
