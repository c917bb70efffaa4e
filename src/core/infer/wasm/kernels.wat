;; The hot loops of inference in WebAssembly SIMD (128-bit, 4 x f32): the matrix-vector
;; product (about 8x the plain TypeScript loop in ../matVec.ts on the same machine), its
;; 16-bit form for products with hidden states (../quantize.ts), the
;; LSTM cell's nonlinearities (about 8x Math.exp / Math.tanh), and the two updates of an
;; adapted output layer (../adaptedHead.ts): a rank-one update and a scaling. Assembled by
;; scripts/build-wasm.mjs into kernelsModule.ts (the bytes, base64). Memory is provided by
;; the host (../linear.ts). All addresses are byte addresses, 16-byte aligned.
;;
;;   matVecAdd(W, rows, cols, v, out):  out[r] += Σ_c W[r, c] · v[c]
;;     W    byte address of a row-major [rows, cols] f32 matrix (16-byte aligned)
;;     v    byte address of [cols] f32;  out  byte address of [rows] f32
;;     rows a multiple of 4, cols a multiple of 8 (the host pads with zeros)
;;
;; Four rows at a time share each load of v; each row keeps two accumulators (columns
;; c..c+3 and c+4..c+7) to hide the add latency; at the end the four rows' accumulators
;; are reduced with shuffles into one vector [Σ row0, Σ row1, Σ row2, Σ row3].
(module
  (import "env" "memory" (memory 1))
  (func (export "matVecAdd") (param $W i32) (param $rows i32) (param $cols i32) (param $v i32) (param $out i32)
    (local $r i32) (local $c i32) (local $stride i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $x v128) (local $y v128)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $p0 (local.get $W))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
        (local.set $b2 (v128.const i32x4 0 0 0 0)) (local.set $b3 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $stride)))
            (local.set $x (v128.load (i32.add (local.get $v) (local.get $c))))
            (local.set $y (v128.load offset=16 (i32.add (local.get $v) (local.get $c))))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $p0) (local.get $c))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $p1) (local.get $c))))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $p2) (local.get $c))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $p3) (local.get $c))))))
            (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $y) (v128.load offset=16 (i32.add (local.get $p0) (local.get $c))))))
            (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $y) (v128.load offset=16 (i32.add (local.get $p1) (local.get $c))))))
            (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $y) (v128.load offset=16 (i32.add (local.get $p2) (local.get $c))))))
            (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $y) (v128.load offset=16 (i32.add (local.get $p3) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $colsLoop)))
        (local.set $a0 (f32x4.add (local.get $a0) (local.get $b0)))
        (local.set $a1 (f32x4.add (local.get $a1) (local.get $b1)))
        (local.set $a2 (f32x4.add (local.get $a2) (local.get $b2)))
        (local.set $a3 (f32x4.add (local.get $a3) (local.get $b3)))
        ;; x = [a0₀+a0₂, a1₀+a1₂, a0₁+a0₃, a1₁+a1₃],  y = the same for a2, a3
        (local.set $x (f32x4.add
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $y (f32x4.add
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
        ;; [x₀+x₂, x₁+x₃, y₀+y₂, y₁+y₃] = [Σ a0, Σ a1, Σ a2, Σ a3]
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $p0 (i32.add (local.get $p3) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rowsLoop))))

  ;; squash(p, n, scale): p[i] = σ(scale · p[i]) = 1 / (1 + e^(-scale · p[i])) for n floats
  ;; (n a multiple of 4), in place. e^x to float32 precision (Cephes expf): x = k ln2 + r,
  ;; |r| <= ln2/2, e^r by a degree-6 polynomial, 2^k by building the float's exponent bits.
  ;; One loop with the exponential written inline: V8 does not inline WebAssembly calls, and
  ;; a call per four lanes made the LSTM cell twice as slow. tanh(x) = 2 σ(2x) - 1.
  (func $squash (param $p i32) (param $n i32) (param $scale f32)
    (local $end i32) (local $s v128) (local $x v128) (local $k v128) (local $r v128) (local $q v128)
    (local.set $s (f32x4.neg (f32x4.splat (local.get $scale))))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (f32x4.mul (local.get $s) (v128.load (local.get $p))))
        (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)) (v128.const f32x4 88.3 88.3 88.3 88.3)))
        (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
        (local.set $r (f32x4.sub (f32x4.sub (local.get $x)
          (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
          (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
        (local.set $q (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
        (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
        (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
        ;; e^r = q r² + r + 1;  2^k = float bits (k + 127) << 23
        (v128.store (local.get $p) (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1)
          (f32x4.mul
            (f32x4.add (f32x4.add (f32x4.mul (local.get $q) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r)) (v128.const f32x4 1 1 1 1))
            (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $each))))

  ;; lstmCell(z, c, h, H, gates): one LSTM update for H units (H a multiple of 4).
  ;;   z      [4, H] pre-activations, blocks i, f, g, o (overwritten: scratch)
  ;;   c      [H] cell state, updated in place:  c = σ(f) c + σ(i) tanh(g)
  ;;   h      [H] written:  h = σ(o) tanh(c)
  ;;   gates  [4, H] written with σ(i), σ(f), tanh(g), σ(o), or 0 for none
  (func (export "lstmCell") (param $z i32) (param $c i32) (param $h i32) (param $H i32) (param $gates i32)
    (local $j i32) (local $block i32) (local $zj i32)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $cj v128)
    (local.set $block (i32.shl (local.get $H) (i32.const 2)))
    ;; z <- σ(i), σ(f), σ(2g), σ(o)
    (call $squash (local.get $z) (i32.shl (local.get $H) (i32.const 1)) (f32.const 1))
    (call $squash (i32.add (local.get $z) (i32.shl (local.get $block) (i32.const 1))) (local.get $H) (f32.const 2))
    (call $squash (i32.add (local.get $z) (i32.mul (local.get $block) (i32.const 3))) (local.get $H) (f32.const 1))
    ;; c <- σ(f) c + σ(i) tanh(g);  h <- c for now
    (block $done
      (loop $units
        (br_if $done (i32.ge_u (local.get $j) (local.get $block)))
        (local.set $zj (i32.add (local.get $z) (local.get $j)))
        (local.set $i (v128.load (local.get $zj)))
        (local.set $f (v128.load (i32.add (local.get $zj) (local.get $block))))
        (local.set $g (f32x4.sub (f32x4.mul (v128.const f32x4 2 2 2 2) (v128.load (i32.add (local.get $zj) (i32.shl (local.get $block) (i32.const 1)))))
          (v128.const f32x4 1 1 1 1)))
        (local.set $o (v128.load (i32.add (local.get $zj) (i32.mul (local.get $block) (i32.const 3)))))
        (local.set $cj (f32x4.add
          (f32x4.mul (local.get $f) (v128.load (i32.add (local.get $c) (local.get $j))))
          (f32x4.mul (local.get $i) (local.get $g))))
        (v128.store (i32.add (local.get $c) (local.get $j)) (local.get $cj))
        (v128.store (i32.add (local.get $h) (local.get $j)) (local.get $cj))
        (if (local.get $gates)
          (then
            (v128.store (i32.add (local.get $gates) (local.get $j)) (local.get $i))
            (v128.store (i32.add (i32.add (local.get $gates) (local.get $j)) (local.get $block)) (local.get $f))
            (v128.store (i32.add (i32.add (local.get $gates) (local.get $j)) (i32.shl (local.get $block) (i32.const 1))) (local.get $g))
            (v128.store (i32.add (i32.add (local.get $gates) (local.get $j)) (i32.mul (local.get $block) (i32.const 3))) (local.get $o))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $units)))
    ;; h <- σ(o) tanh(c) = σ(o) (2 σ(2c) - 1)
    (call $squash (local.get $h) (local.get $H) (f32.const 2))
    (local.set $j (i32.const 0))
    (block $done
      (loop $units
        (br_if $done (i32.ge_u (local.get $j) (local.get $block)))
        (v128.store (i32.add (local.get $h) (local.get $j)) (f32x4.mul
          (v128.load (i32.add (i32.add (local.get $z) (i32.mul (local.get $block) (i32.const 3))) (local.get $j)))
          (f32x4.sub (f32x4.mul (v128.const f32x4 2 2 2 2) (v128.load (i32.add (local.get $h) (local.get $j)))) (v128.const f32x4 1 1 1 1))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $units))))

;;   matVecAddQ16(W, rows, cols, v, unscale, out):  out[r] += unscale[r] · Σ_c W[r, c] · v[c]
;;     W  int16, four rows interleaved: for each block of four rows, for each group of eight
;;        columns, the four rows' eight weights (64 bytes), so one pointer walks a block
;;     v [cols] int16;  unscale [rows] f32;  out [rows] f32
;;     rows a multiple of 4, cols a multiple of 16 (the host pads with zeros); the host
;;     bounds the integer sums below 2^31 (../quantize.ts). i32x4.dot_i16x8_s does eight
;;     multiply-adds in one instruction: about 3x the f32 product on 1024 x 512.
;;   quantizeInput(v, n, factor, q):  q[c] = nearest(clamp(v[c], -1, 1) · factor) as int16
;;     v [n] f32, q [n] int16, n a multiple of 8
  (func (export "matVecAddQ16") (param $W i32) (param $rows i32) (param $cols i32) (param $v i32) (param $unscale i32) (param $out i32)
    (local $r i32) (local $p i32) (local $pv i32) (local $vEnd i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $x v128) (local $y v128)
    (local.set $vEnd (i32.add (local.get $v) (i32.shl (local.get $cols) (i32.const 1))))
    (local.set $p (local.get $W))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))
        (local.set $b2 (v128.const i32x4 0 0 0 0)) (local.set $b3 (v128.const i32x4 0 0 0 0))
        (local.set $pv (local.get $v))
        ;; 16 columns a turn: two loads of v, each shared by the four rows
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $pv) (local.get $vEnd)))
            (local.set $x (v128.load (local.get $pv)))
            (local.set $y (v128.load offset=16 (local.get $pv)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $x) (v128.load offset=0 (local.get $p)))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $x) (v128.load offset=16 (local.get $p)))))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $x) (v128.load offset=32 (local.get $p)))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $x) (v128.load offset=48 (local.get $p)))))
            (local.set $b0 (i32x4.add (local.get $b0) (i32x4.dot_i16x8_s (local.get $y) (v128.load offset=64 (local.get $p)))))
            (local.set $b1 (i32x4.add (local.get $b1) (i32x4.dot_i16x8_s (local.get $y) (v128.load offset=80 (local.get $p)))))
            (local.set $b2 (i32x4.add (local.get $b2) (i32x4.dot_i16x8_s (local.get $y) (v128.load offset=96 (local.get $p)))))
            (local.set $b3 (i32x4.add (local.get $b3) (i32x4.dot_i16x8_s (local.get $y) (v128.load offset=112 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 128)))
            (local.set $pv (i32.add (local.get $pv) (i32.const 32)))
            (br $colsLoop)))
        (local.set $a0 (i32x4.add (local.get $a0) (local.get $b0)))
        (local.set $a1 (i32x4.add (local.get $a1) (local.get $b1)))
        (local.set $a2 (i32x4.add (local.get $a2) (local.get $b2)))
        (local.set $a3 (i32x4.add (local.get $a3) (local.get $b3)))
        ;; the same reduction as matVecAdd's, in int32; then one conversion and scaling for four rows
        (local.set $x (i32x4.add
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $y (i32x4.add
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3))
          (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3))))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out)) (f32x4.mul (v128.load (local.get $unscale))
          (f32x4.convert_i32x4_s (i32x4.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)))))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $unscale (i32.add (local.get $unscale) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rowsLoop))))

  (func (export "quantizeInput") (param $v i32) (param $n i32) (param $factor f32) (param $q i32)
    (local $end i32) (local $f v128) (local $one v128) (local $minusOne v128)
    (local.set $f (f32x4.splat (local.get $factor)))
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $minusOne (v128.const f32x4 -1 -1 -1 -1))
    (local.set $end (i32.add (local.get $v) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
        (v128.store (local.get $q) (i16x8.narrow_i32x4_s
          (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (local.get $f)
            (f32x4.min (f32x4.max (v128.load (local.get $v)) (local.get $minusOne)) (local.get $one)))))
          (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (local.get $f)
            (f32x4.min (f32x4.max (v128.load offset=16 (local.get $v)) (local.get $minusOne)) (local.get $one)))))))
        (local.set $v (i32.add (local.get $v) (i32.const 32)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $each))))

;;   addOuter(W, rows, cols, u, v):  W[r, c] += u[r] · v[c]   (same layout and padding as matVecAdd)
;;   scale(W, n, f):                 W[i] *= f for n floats (n a multiple of 4)
;;   blend(W, T, n, f):              W[i] = T[i] + f · (W[i] − T[i]) for n floats (n a multiple of 4)
  (func (export "addOuter") (param $W i32) (param $rows i32) (param $cols i32) (param $u i32) (param $v i32)
    (local $r i32) (local $c i32) (local $stride i32) (local $ur v128)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (block $rowsDone
      (loop $rowsLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ur (f32x4.splat (f32.load (local.get $u))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $stride)))
            (v128.store (i32.add (local.get $W) (local.get $c)) (f32x4.add
              (v128.load (i32.add (local.get $W) (local.get $c)))
              (f32x4.mul (local.get $ur) (v128.load (i32.add (local.get $v) (local.get $c))))))
            (v128.store offset=16 (i32.add (local.get $W) (local.get $c)) (f32x4.add
              (v128.load offset=16 (i32.add (local.get $W) (local.get $c)))
              (f32x4.mul (local.get $ur) (v128.load offset=16 (i32.add (local.get $v) (local.get $c))))))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br $colsLoop)))
        (local.set $W (i32.add (local.get $W) (local.get $stride)))
        (local.set $u (i32.add (local.get $u) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))

  (func (export "scale") (param $W i32) (param $n i32) (param $f f32)
    (local $i i32) (local $end i32) (local $fv v128)
    (local.set $fv (f32x4.splat (local.get $f)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (v128.store (i32.add (local.get $W) (local.get $i)) (f32x4.mul (local.get $fv) (v128.load (i32.add (local.get $W) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $each))))

  (func (export "blend") (param $W i32) (param $T i32) (param $n i32) (param $f f32)
    (local $i i32) (local $end i32) (local $fv v128) (local $t v128)
    (local.set $fv (f32x4.splat (local.get $f)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $t (v128.load (i32.add (local.get $T) (local.get $i))))
        (v128.store (i32.add (local.get $W) (local.get $i)) (f32x4.add (local.get $t)
          (f32x4.mul (local.get $fv) (f32x4.sub (v128.load (i32.add (local.get $W) (local.get $i))) (local.get $t)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $each))))
)
