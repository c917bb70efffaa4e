// Where the run labels of a chart go ("run 2", "run 3"... at the top of their dashed line),
// so that no two overlap however many short runs there are: each label sits just right of its
// line (left of it when it would leave the plot), in the first of a few rows where it overlaps
// no label placed before it; one that fits nowhere is left out (its line is still drawn, and
// zooming in makes room). The latest runs are placed first. Pure (widths measured by the caller).

export interface LabelBox {
  /** The line's x and the label's width, in the same units (canvas pixels). */
  x: number;
  width: number;
}

export interface PlacedLabel {
  /** Row from the top (0, 1, ...), or -1: not shown. */
  row: number;
  /** The label's left edge. */
  left: number;
}

export interface LabelSpace {
  /** The plot's left and right edges. */
  left: number;
  right: number;
  rows: number;
  /** Space between the line and its label, and between two labels. */
  pad: number;
}

export function placeLabels(items: readonly LabelBox[], space: LabelSpace): PlacedLabel[] {
  const placed: PlacedLabel[] = items.map(() => ({ row: -1, left: 0 }));
  const taken: [number, number][][] = Array.from({ length: Math.max(0, space.rows) }, () => []);
  const order = items.map((_, i) => i).sort((a, b) => items[b].x - items[a].x);
  for (const i of order) {
    const { x, width } = items[i];
    if (width <= 0 || x < space.left || x > space.right) continue;
    let left = x + space.pad;
    if (left + width > space.right) left = x - space.pad - width;
    if (left < space.left) continue;
    const right = left + width;
    const row = taken.findIndex((spans) => spans.every(([a, b]) => right + space.pad <= a || left >= b + space.pad));
    if (row < 0) continue;
    taken[row].push([left, right]);
    placed[i] = { row, left };
  }
  return placed;
}
