/** Results that finish in any order, handed on in the order they were started. */

/**
 * Hands each item to `emit` in index order: an item that finishes early waits only for those before
 * it, so what is held at once is bounded by how far the fastest run ahead of the slowest.
 */
export class InOrder<T> {
  private readonly waiting = new Map<number, T>();
  private next = 0;
  private readonly emit: (item: T, index: number) => void;

  constructor(emit: (item: T, index: number) => void) {
    this.emit = emit;
  }

  /** Item `index` (0, 1, 2, … each once) is ready. */
  put(index: number, item: T): void {
    this.waiting.set(index, item);
    while (this.waiting.has(this.next)) {
      const ready = this.waiting.get(this.next)!;
      this.waiting.delete(this.next);
      this.emit(ready, this.next++);
    }
  }

  /** How many items have been handed on. */
  get emitted(): number {
    return this.next;
  }
}
