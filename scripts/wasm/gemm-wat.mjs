// Generates the WebAssembly text of the portable trainer's matrix product (SGEMM) and its
// packing routines: src/core/train/portable/wasm/gemm.wat (plain SIMD: multiply, then add)
// and gemmRelaxed.wat (relaxed SIMD: f32x4.relaxed_madd, a fused multiply-add where the
// machine has one). Run by scripts/build-wasm.mjs; the unrolled code is written here once
// instead of by hand.
//
// The product, C [M, N] (+)= A [M, K] · B [K, N], all row-major f32, N a multiple of NR:
//   B is packed first into column panels of NR: Bp[N/NR][K][NR] (packB from row-major B;
//   packBT from Bᵀ given row-major, i.e. B = Wᵀ for a row-major W [N, K]).
//   The driver blocks rows by MC (A's block stays in L2) and K by KC (a panel's KC x NR
//   block stays in L1), and calls an MR x NR micro-kernel (fewer rows at the bottom edge):
//   MR*NR/4 v128 accumulators, per k one splat of A per row and NR/4 loads of B.
// Strides are given in floats; addresses in bytes (16-byte aligned where a v128 is stored).
// The tile is what fits V8's 15 allocatable xmm registers with every load of a k step live
// at once: TurboFan schedules a loop body's loads first, so an unrolled body, or a taller
// tile, spills accumulators to the stack on every step (seen in --print-wasm-code). 4 x 8
// with one k step per iteration (8 accumulators + 2 panel vectors + 4 splats = 14) has no
// spills. Measured (CPU time, the default model's products, a machine shared with other
// jobs): 48-58 GFLOP/s with relaxed_madd (44-50 multiply-then-add), against a SIMD128 peak of
// about 66 (a loop of independent relaxed_madd); 6 x 8 with 4 k steps per iteration (15
// registers but spilling) 34-42; 3 x 8, 5 x 8, 6 x 8 with one step, 2 steps, and packing A
// too no faster.
let MR = 4; // rows per micro-kernel
let NR = 8; // columns per panel (two v128)
let UNROLL = 1; // k steps per loop iteration
let V = NR / 4;

/** a*b + c, fused or not. */
function madd(fma, a, b, c) {
  return fma ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add ${c} (f32x4.mul ${a} ${b}))`;
}

/** One k step of an mr x NR tile: NR/4 loads of the panel, then per row a splat and NR/4 multiply-adds. */
function kStep(fma, mr, u) {
  const lines = [];
  for (let j = 0; j < V; j++) lines.push(`(local.set $b${j} (v128.load offset=${(u * NR + 4 * j) * 4} (local.get $b)))`);
  for (let i = 0; i < mr; i++) {
    lines.push(`(local.set $x (v128.load32_splat offset=${u * 4} (local.get $a${i})))`);
    for (let j = 0; j < V; j++) lines.push(`(local.set $c${i}_${j} ${madd(fma, '(local.get $x)', `(local.get $b${j})`, `(local.get $c${i}_${j})`)})`);
  }
  return lines;
}

/** The k loop(s) of an mr x NR tile: whole iterations of UNROLL steps, then the rest. */
function kLoops(fma, mr) {
  const body = [];
  body.push(`(local.set $a0 (local.get $a))`);
  for (let i = 1; i < mr; i++) body.push(`(local.set $a${i} (i32.add (local.get $a${i - 1}) (local.get $lda)))`);
  body.push(`(local.set $n (i32.shr_u (local.get $k) (i32.const ${Math.log2(UNROLL)})))`);
  body.push(`(block $done4 (loop $loop4`);
  body.push(`  (br_if $done4 (i32.eqz (local.get $n)))`);
  for (let u = 0; u < UNROLL; u++) body.push(...kStep(fma, mr, u).map((l) => '  ' + l));
  body.push(`  (local.set $b (i32.add (local.get $b) (i32.const ${UNROLL * NR * 4})))`);
  for (let i = 0; i < mr; i++) body.push(`  (local.set $a${i} (i32.add (local.get $a${i}) (i32.const ${UNROLL * 4})))`);
  body.push(`  (local.set $n (i32.sub (local.get $n) (i32.const 1)))`);
  body.push(`  (br $loop4)))`);
  if (UNROLL > 1) body.push(...remainderLoop(fma, mr));
  return body;
}

/** The k steps after the last whole unrolled iteration. */
function remainderLoop(fma, mr) {
  const body = [];
  body.push(`(local.set $n (i32.and (local.get $k) (i32.const ${UNROLL - 1})))`);
  body.push(`(block $done1 (loop $loop1`);
  body.push(`  (br_if $done1 (i32.eqz (local.get $n)))`);
  body.push(...kStep(fma, mr, 0).map((l) => '  ' + l));
  body.push(`  (local.set $b (i32.add (local.get $b) (i32.const ${NR * 4})))`);
  for (let i = 0; i < mr; i++) body.push(`  (local.set $a${i} (i32.add (local.get $a${i}) (i32.const 4)))`);
  body.push(`  (local.set $n (i32.sub (local.get $n) (i32.const 1)))`);
  body.push(`  (br $loop1)))`);
  return body;
}

/** $tile_mr: C[mr, NR] (+)= A[mr, K] · panel[K, NR]. */
function microKernel(fma, mr) {
  const locals = [];
  for (let i = 0; i < mr; i++) locals.push(`(local $a${i} i32)`);
  for (let i = 0; i < mr; i++) for (let j = 0; j < V; j++) locals.push(`(local $c${i}_${j} v128)`);
  for (let j = 0; j < V; j++) locals.push(`(local $b${j} v128)`);
  const body = kLoops(fma, mr);
  // Store: C = tile, or C += tile.
  for (let i = 0; i < mr; i++) {
    const row = i === 0 ? '(local.get $c)' : `(local.tee $c (i32.add (local.get $c) (local.get $ldc)))`;
    body.push(`(local.set $a0 ${row})`);
    for (let j = 0; j < V; j++) {
      const off = `offset=${16 * j}`;
      body.push(`(v128.store ${off} (local.get $a0) (if (result v128) (local.get $acc) (then (f32x4.add (v128.load ${off} (local.get $a0)) (local.get $c${i}_${j}))) (else (local.get $c${i}_${j}))))`);
    }
  }
  return [
    `  ;; C[${mr}, ${NR}] (+)= A[${mr}, k] (row stride lda bytes) · panel[k, ${NR}]`,
    `  (func $tile${mr} (param $a i32) (param $lda i32) (param $b i32) (param $c i32) (param $ldc i32) (param $k i32) (param $acc i32)`,
    `    (local $n i32) (local $x v128) ${locals.join(' ')}`,
    ...body.map((l) => '    ' + l),
    '  )',
  ].join('\n');
}

/** The row-edge dispatch: rows rem (1..MR-1) through $tile{rem}. */
function edgeDispatch() {
  const lines = [];
  for (let r = 1; r < MR; r++)
    lines.push(
      `(if (i32.eq (local.get $rem) (i32.const ${r})) (then (call $tile${r} (local.get $pa) (local.get $ldaB) (local.get $pb) (local.get $pcC) (local.get $ldcB) (local.get $kc) (local.get $accK))))`,
    );
  return lines;
}

const driver = () => `
  ;; gemm(M, N, K, A, lda, Bp, C, ldc, acc, MC, KC): C[M, N] (+)= A[M, K] · B[K, N], B packed
  ;; (packB/packBT), N a multiple of ${NR}. acc = 0 overwrites C, 1 adds to it. MC, KC: block
  ;; sizes (rows of A, steps of K) chosen by the host for the caches.
  (func (export "gemm") (param $M i32) (param $N i32) (param $K i32) (param $A i32) (param $lda i32) (param $Bp i32) (param $C i32) (param $ldc i32) (param $acc i32) (param $MC i32) (param $KC i32)
    (local $ldaB i32) (local $ldcB i32) (local $ic i32) (local $mEnd i32) (local $pc i32) (local $kc i32) (local $accK i32)
    (local $jr i32) (local $ir i32) (local $rem i32) (local $pa i32) (local $pb i32) (local $pc0 i32) (local $pcC i32)
    (local.set $ldaB (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldcB (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $ic (i32.const 0))
    (block $mDone (loop $mLoop
      (br_if $mDone (i32.ge_u (local.get $ic) (local.get $M)))
      (local.set $mEnd (select (i32.add (local.get $ic) (local.get $MC)) (local.get $M) (i32.lt_u (i32.add (local.get $ic) (local.get $MC)) (local.get $M))))
      (local.set $pc (i32.const 0))
      (block $kDone (loop $kLoop
        (br_if $kDone (i32.ge_u (local.get $pc) (local.get $K)))
        (local.set $kc (select (local.get $KC) (i32.sub (local.get $K) (local.get $pc)) (i32.lt_u (local.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
        (local.set $accK (i32.or (local.get $acc) (i32.ne (local.get $pc) (i32.const 0))))
        (local.set $jr (i32.const 0))
        (block $nDone (loop $nLoop
          (br_if $nDone (i32.ge_u (local.get $jr) (local.get $N)))
          ;; panel jr/${NR}, rows pc.. of it: Bp + ((jr/${NR}) K + pc) ${NR} floats
          (local.set $pb (i32.add (local.get $Bp) (i32.shl (i32.add (i32.mul (i32.shr_u (local.get $jr) (i32.const ${Math.log2(NR)})) (local.get $K)) (local.get $pc)) (i32.const ${Math.log2(NR * 4)}))))
          (local.set $pc0 (i32.add (local.get $C) (i32.shl (local.get $jr) (i32.const 2))))
          (local.set $ir (local.get $ic))
          (block $rDone (loop $rLoop
            (br_if $rDone (i32.gt_u (i32.add (local.get $ir) (i32.const ${MR})) (local.get $mEnd)))
            (call $tile${MR}
              (i32.add (local.get $A) (i32.add (i32.mul (local.get $ir) (local.get $ldaB)) (i32.shl (local.get $pc) (i32.const 2))))
              (local.get $ldaB) (local.get $pb)
              (i32.add (local.get $pc0) (i32.mul (local.get $ir) (local.get $ldcB)))
              (local.get $ldcB) (local.get $kc) (local.get $accK))
            (local.set $ir (i32.add (local.get $ir) (i32.const ${MR})))
            (br $rLoop)))
          (local.set $rem (i32.sub (local.get $mEnd) (local.get $ir)))
          (local.set $pa (i32.add (local.get $A) (i32.add (i32.mul (local.get $ir) (local.get $ldaB)) (i32.shl (local.get $pc) (i32.const 2)))))
          (local.set $pcC (i32.add (local.get $pc0) (i32.mul (local.get $ir) (local.get $ldcB))))
          ${edgeDispatch().join('\n          ')}
          (local.set $jr (i32.add (local.get $jr) (i32.const ${NR})))
          (br $nLoop)))
        (local.set $pc (i32.add (local.get $pc) (local.get $KC)))
        (br $kLoop)))
      (local.set $ic (local.get $mEnd))
      (br $mLoop)))
  )`;

const packing = () => `
  ;; packB(src, ld, K, N, dst): dst[N/${NR}][K][${NR}] from row-major src [K, N] (row stride ld floats).
  (func (export "packB") (param $src i32) (param $ld i32) (param $K i32) (param $N i32) (param $dst i32)
    (local $j i32) (local $k i32) (local $s i32) (local $ldB i32)
    (local.set $ldB (i32.shl (local.get $ld) (i32.const 2)))
    (block $jDone (loop $jLoop
      (br_if $jDone (i32.ge_u (local.get $j) (local.get $N)))
      (local.set $s (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $k (local.get $K))
      (block $kDone (loop $kLoop
        (br_if $kDone (i32.eqz (local.get $k)))
        ${Array.from({ length: V }, (_, v) => `(v128.store offset=${16 * v} (local.get $dst) (v128.load offset=${16 * v} (local.get $s)))`).join('\n        ')}
        (local.set $s (i32.add (local.get $s) (local.get $ldB)))
        (local.set $dst (i32.add (local.get $dst) (i32.const ${NR * 4})))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $kLoop)))
      (local.set $j (i32.add (local.get $j) (i32.const ${NR})))
      (br $jLoop)))
  )

  ;; packBT(src, ld, K, N, dst): dst[N/${NR}][K][${NR}] for B = Wᵀ, W = src row-major [N, K]
  ;; (row stride ld floats): dst[j][k][n] = W[j ${NR} + n, k]. K a multiple of 4 (4 x 4 transposes).
  (func (export "packBT") (param $src i32) (param $ld i32) (param $K i32) (param $N i32) (param $dst i32)
    (local $j i32) (local $k i32) (local $ldB i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $d i32) (local $h i32)
    (local.set $ldB (i32.shl (local.get $ld) (i32.const 2)))
    (block $jDone (loop $jLoop
      (br_if $jDone (i32.ge_u (local.get $j) (local.get $N)))
      (local.set $h (i32.const 0))
      (block $hDone (loop $hLoop ;; the panel's ${V} groups of 4 rows of W
        (br_if $hDone (i32.ge_u (local.get $h) (i32.const ${V})))
        (local.set $r0 (i32.add (local.get $src) (i32.mul (i32.add (local.get $j) (i32.shl (local.get $h) (i32.const 2))) (local.get $ldB))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $ldB)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $ldB)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $ldB)))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $h) (i32.const 4))))
        (local.set $k (i32.const 0))
        (block $kDone (loop $kLoop
          (br_if $kDone (i32.ge_u (local.get $k) (local.get $K)))
          (local.set $x0 (v128.load (i32.add (local.get $r0) (i32.shl (local.get $k) (i32.const 2)))))
          (local.set $x1 (v128.load (i32.add (local.get $r1) (i32.shl (local.get $k) (i32.const 2)))))
          (local.set $x2 (v128.load (i32.add (local.get $r2) (i32.shl (local.get $k) (i32.const 2)))))
          (local.set $x3 (v128.load (i32.add (local.get $r3) (i32.shl (local.get $k) (i32.const 2)))))
          ;; 4 x 4 transpose: t0 = [x0₀ x1₀ x0₁ x1₁], t1 = [x0₂ x1₂ x0₃ x1₃], t2, t3 likewise for x2, x3
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
          (v128.store offset=0 (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store offset=${NR * 4} (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store offset=${NR * 8} (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store offset=${NR * 12} (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $d (i32.add (local.get $d) (i32.const ${NR * 16})))
          (local.set $k (i32.add (local.get $k) (i32.const 4)))
          (br $kLoop)))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $hLoop)))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $K) (i32.const ${NR})) (i32.const 2))))
      (local.set $j (i32.add (local.get $j) (i32.const ${NR})))
      (br $jLoop)))
  )`;

/** The whole module's text (mr; nr and unroll powers of 2: other tile shapes, for measuring them). */
export function gemmWat({ fma, mr = 4, nr = 8, unroll = 1 }) {
  [MR, NR, UNROLL, V] = [mr, nr, unroll, nr / 4];
  const tiles = Array.from({ length: MR }, (_, i) => microKernel(fma, i + 1));
  return [
    `;; GENERATED by scripts/wasm/gemm-wat.mjs (${fma ? 'relaxed SIMD: fused multiply-add' : 'plain SIMD: multiply, then add'}): do not edit; edit the generator.`,
    ";; The portable trainer's matrix product: see the generator for the contract.",
    '(module',
    '  (import "env" "memory" (memory 1 65536 shared))',
    ...tiles,
    driver(),
    packing(),
    ')',
    '',
  ].join('\n');
}
