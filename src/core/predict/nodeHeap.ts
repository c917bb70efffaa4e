// A max-heap of (node, mass) for PredictorStack.topBytes's best-first search over a byte's
// binary tree: at most 2 nodes are pushed per pop, so 512 slots suffice for a byte.

export class NodeHeap {
  private readonly nodes: Int32Array;
  private readonly masses: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity);
    this.masses = new Float64Array(capacity);
  }

  reset(): void {
    this.size = 0;
  }

  topMass(): number {
    return this.masses[0];
  }

  push(node: number, mass: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.masses[parent] >= mass) break;
      this.nodes[i] = this.nodes[parent];
      this.masses[i] = this.masses[parent];
      i = parent;
    }
    this.nodes[i] = node;
    this.masses[i] = mass;
  }

  pop(): number {
    const top = this.nodes[0];
    const lastNode = this.nodes[--this.size];
    const lastMass = this.masses[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.masses[child + 1] > this.masses[child]) child++;
      if (this.masses[child] <= lastMass) break;
      this.nodes[i] = this.nodes[child];
      this.masses[i] = this.masses[child];
      i = child;
    }
    this.nodes[i] = lastNode;
    this.masses[i] = lastMass;
    return top;
  }
}
