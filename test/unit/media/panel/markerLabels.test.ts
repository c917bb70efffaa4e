// The run labels of a chart never overlap, however many short runs there are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LabelBox, placeLabels } from '../../../../media/panel/markerLabels';

const space = { left: 50, right: 650, rows: 2, pad: 4 };

/** Every pair of shown labels in one row is apart by at least the pad. */
function assertNoOverlap(items: readonly LabelBox[], placed: ReturnType<typeof placeLabels>): void {
  const shown = placed.map((p, i) => ({ ...p, right: p.left + items[i].width })).filter((p) => p.row >= 0);
  for (const a of shown) {
    assert.ok(a.left >= space.left && a.right <= space.right, 'inside the plot');
    for (const b of shown) if (a !== b && a.row === b.row) assert.ok(a.right + space.pad <= b.left || b.right + space.pad <= a.left, `overlap: ${JSON.stringify([a, b])}`);
  }
}

test('many short runs: no two labels overlap, the latest runs are labelled, the rest are left out', () => {
  // 60 runs of 5 pixels each, labels about 30 pixels wide.
  const items = Array.from({ length: 60 }, (_, i) => ({ x: 300 + i * 5, width: 30 }));
  const placed = placeLabels(items, space);
  assertNoOverlap(items, placed);
  const shown = placed.filter((p) => p.row >= 0).length;
  assert.ok(shown >= 4 && shown < 60, `${shown} shown`);
  assert.ok(placed[59].row >= 0, 'the latest run is labelled');
});

test('runs far apart are all labelled in the first row, right of their line', () => {
  const items = [100, 250, 400].map((x) => ({ x, width: 30 }));
  assert.deepEqual(placeLabels(items, space), [
    { row: 0, left: 104 },
    { row: 0, left: 254 },
    { row: 0, left: 404 },
  ]);
});

test('two close runs go to two rows; a label at the right edge goes left of its line; one outside the plot is not shown', () => {
  const items = [
    { x: 100, width: 30 },
    { x: 110, width: 30 },
    { x: 640, width: 30 },
    { x: 20, width: 30 },
  ];
  const placed = placeLabels(items, space);
  assert.deepEqual(
    placed.map((p) => p.row),
    [1, 0, 0, -1],
  );
  assert.equal(placed[2].left, 640 - 4 - 30);
  assertNoOverlap(items, placed);
});

test('random layouts never overlap', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 200; round++) {
    const items = Array.from({ length: 1 + Math.floor(random() * 40) }, () => ({ x: 40 + random() * 620, width: 10 + random() * 60 }));
    assertNoOverlap(items, placeLabels(items, space));
  }
});
