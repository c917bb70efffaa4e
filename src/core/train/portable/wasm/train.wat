;; The portable trainer's elementwise kernels in WebAssembly SIMD (4 x f32): the recurrent
;; cells forward and backward, softmax cross-entropy, the gradient's squared norm, Adam, and
;; the row moves around the matrix products (gemm.wat). Assembled by scripts/build-wasm.mjs
;; into trainModule.ts; the memory is the host's (../kernels.ts), shared with gemm.wat.
;;
;; Addresses are byte addresses, 16-byte aligned; counts are in elements. Every row width
;; (Hp: hidden units padded to a multiple of 8; gate blocks of Hp; the vocabulary, 256) is a
;; multiple of 4, so loops step a v128 at a time with no tail. Row r of a chunk buffer is
;; position (t, b) with r = t B + b (time-major).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; e^x for 4 lanes, to float32 precision (Cephes expf's polynomial): x = k ln2 + r,
  ;; |r| <= ln2/2, e^r by a degree-6 polynomial, 2^k by building the float's exponent bits.
  ;; k is rounded by adding 1.5 * 2^23 (t's low mantissa bits are then k, so no float-to-int
  ;; conversion), and the clamp uses pmin/pmax (one instruction each; f32x4.min/max's NaN
  ;; rules cost about eight on x64).
  (func $exp (param $x v128) (result v128)
    (local $t v128) (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.pmax (v128.const f32x4 -87.3 -87.3 -87.3 -87.3) (f32x4.pmin (v128.const f32x4 88.3 88.3 88.3 88.3) (local.get $x))))
    (local.set $t (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504)) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $k (f32x4.sub (local.get $t) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x)
      (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    ;; e^r = p r² + r + 1;  2^k = float bits (k + 127) << 23 = (bits(t) - 0x4b400000 + 127) << 23
    (f32x4.mul
      (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r)) (v128.const f32x4 1 1 1 1))
      (i32x4.shl (i32x4.sub (local.get $t) (v128.const i32x4 0x4b3fff81 0x4b3fff81 0x4b3fff81 0x4b3fff81)) (i32.const 23))))

  ;; σ(x) = 1 / (1 + e^-x)
  (func $sigmoid (param $x v128) (result v128)
    (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp (f32x4.neg (local.get $x))))))

  ;; tanh(x) = 2 σ(2x) - 1
  (func $tanh (param $x v128) (result v128)
    (f32x4.sub (f32x4.mul (v128.const f32x4 2 2 2 2) (call $sigmoid (f32x4.add (local.get $x) (local.get $x)))) (v128.const f32x4 1 1 1 1)))

  ;; s (1 - s): the derivative of σ at σ = s
  (func $dsig (param $s v128) (result v128)
    (f32x4.mul (local.get $s) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $s))))

  ;; 1 - y²: the derivative of tanh at tanh = y
  (func $dtanh (param $y v128) (result v128)
    (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $y) (local.get $y))))

  ;; lstmForward(z, cPrev, c, h, rows, Hp): one step of `rows` rows.
  ;;   z      [rows, 4Hp] pre-activations i, f, g, o; overwritten with σ(i), σ(f), tanh(g), σ(o)
  ;;   cPrev  [rows, Hp];  c [rows, Hp] = σ(f) cPrev + σ(i) tanh(g);  h [rows, Hp] = σ(o) tanh(c)
  (func (export "lstmForward") (param $z i32) (param $cPrev i32) (param $c i32) (param $h i32) (param $rows i32) (param $Hp i32)
    (local $blk i32) (local $j i32) (local $p i32) (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $cj v128)
    (local.set $blk (i32.shl (local.get $Hp) (i32.const 2)))
    (block $rowsDone (loop $rowsLoop
      (br_if $rowsDone (i32.eqz (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $done (loop $units
        (br_if $done (i32.ge_u (local.get $j) (local.get $blk)))
        (local.set $p (i32.add (local.get $z) (local.get $j)))
        (local.set $i (call $sigmoid (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $i))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (local.set $f (call $sigmoid (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $f))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (local.set $g (call $tanh (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $g))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (local.set $o (call $sigmoid (v128.load (local.get $p))))
        (v128.store (local.get $p) (local.get $o))
        (local.set $cj (f32x4.add
          (f32x4.mul (local.get $f) (v128.load (i32.add (local.get $cPrev) (local.get $j))))
          (f32x4.mul (local.get $i) (local.get $g))))
        (v128.store (i32.add (local.get $c) (local.get $j)) (local.get $cj))
        (v128.store (i32.add (local.get $h) (local.get $j)) (f32x4.mul (local.get $o) (call $tanh (local.get $cj))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $units)))
      (local.set $z (i32.add (local.get $z) (i32.shl (local.get $blk) (i32.const 2))))
      (local.set $cPrev (i32.add (local.get $cPrev) (local.get $blk)))
      (local.set $c (i32.add (local.get $c) (local.get $blk)))
      (local.set $h (i32.add (local.get $h) (local.get $blk)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $rowsLoop))))

  ;; lstmBackward(gates, cPrev, c, dh, dc, rows, Hp): one step back.
  ;;   gates [rows, 4Hp] σ(i), σ(f), tanh(g), σ(o); overwritten with dz = d loss / d(i, f, g, o pre-activations)
  ;;   cPrev, c [rows, Hp]: the cell state before and after the step;  dh [rows, Hp]: d loss / d h_t
  ;;   dc [rows, Hp]: in, d loss / d c_t from step t+1; out, d loss / d c_{t-1}
  ;;     tc = tanh c;  dct = dc + dh o (1 - tc²)
  ;;     dz = [dct g i(1-i), dct cPrev f(1-f), dct i (1-g²), dh tc o(1-o)];  dc <- dct f
  (func (export "lstmBackward") (param $gates i32) (param $cPrev i32) (param $c i32) (param $dh i32) (param $dc i32) (param $rows i32) (param $Hp i32)
    (local $blk i32) (local $j i32) (local $p i32) (local $i v128) (local $f v128) (local $g v128) (local $o v128)
    (local $tc v128) (local $dhj v128) (local $dct v128)
    (local.set $blk (i32.shl (local.get $Hp) (i32.const 2)))
    (block $rowsDone (loop $rowsLoop
      (br_if $rowsDone (i32.eqz (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $done (loop $units
        (br_if $done (i32.ge_u (local.get $j) (local.get $blk)))
        (local.set $p (i32.add (local.get $gates) (local.get $j)))
        (local.set $i (v128.load (local.get $p)))
        (local.set $f (v128.load (i32.add (local.get $p) (local.get $blk))))
        (local.set $g (v128.load (i32.add (local.get $p) (i32.shl (local.get $blk) (i32.const 1)))))
        (local.set $o (v128.load (i32.add (local.get $p) (i32.mul (local.get $blk) (i32.const 3)))))
        (local.set $tc (call $tanh (v128.load (i32.add (local.get $c) (local.get $j)))))
        (local.set $dhj (v128.load (i32.add (local.get $dh) (local.get $j))))
        (local.set $dct (f32x4.add (v128.load (i32.add (local.get $dc) (local.get $j)))
          (f32x4.mul (f32x4.mul (local.get $dhj) (local.get $o)) (call $dtanh (local.get $tc)))))
        (v128.store (local.get $p) (f32x4.mul (f32x4.mul (local.get $dct) (local.get $g)) (call $dsig (local.get $i))))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (v128.store (local.get $p) (f32x4.mul (f32x4.mul (local.get $dct) (v128.load (i32.add (local.get $cPrev) (local.get $j)))) (call $dsig (local.get $f))))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (v128.store (local.get $p) (f32x4.mul (f32x4.mul (local.get $dct) (local.get $i)) (call $dtanh (local.get $g))))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (v128.store (local.get $p) (f32x4.mul (f32x4.mul (local.get $dhj) (local.get $tc)) (call $dsig (local.get $o))))
        (v128.store (i32.add (local.get $dc) (local.get $j)) (f32x4.mul (local.get $dct) (local.get $f)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $units)))
      (local.set $gates (i32.add (local.get $gates) (i32.shl (local.get $blk) (i32.const 2))))
      (local.set $cPrev (i32.add (local.get $cPrev) (local.get $blk)))
      (local.set $c (i32.add (local.get $c) (local.get $blk)))
      (local.set $dh (i32.add (local.get $dh) (local.get $blk)))
      (local.set $dc (i32.add (local.get $dc) (local.get $blk)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $rowsLoop))))

  ;; gruForward(xp, hp, hPrev, h, rows, Hp): one step (PyTorch's GRU).
  ;;   xp [rows, 3Hp] x W + b, blocks r, z, n; overwritten with r, z, n (activated)
  ;;   hp [rows, 3Hp] hPrev W_h + b_h (kept: its n block is needed backward)
  ;;   r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r hn);  h [rows, Hp] = n + z (hPrev - n)
  (func (export "gruForward") (param $xp i32) (param $hp i32) (param $hPrev i32) (param $h i32) (param $rows i32) (param $Hp i32)
    (local $blk i32) (local $j i32) (local $p i32) (local $q i32) (local $r v128) (local $z v128) (local $n v128)
    (local.set $blk (i32.shl (local.get $Hp) (i32.const 2)))
    (block $rowsDone (loop $rowsLoop
      (br_if $rowsDone (i32.eqz (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $done (loop $units
        (br_if $done (i32.ge_u (local.get $j) (local.get $blk)))
        (local.set $p (i32.add (local.get $xp) (local.get $j)))
        (local.set $q (i32.add (local.get $hp) (local.get $j)))
        (local.set $r (call $sigmoid (f32x4.add (v128.load (local.get $p)) (v128.load (local.get $q)))))
        (v128.store (local.get $p) (local.get $r))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (local.set $q (i32.add (local.get $q) (local.get $blk)))
        (local.set $z (call $sigmoid (f32x4.add (v128.load (local.get $p)) (v128.load (local.get $q)))))
        (v128.store (local.get $p) (local.get $z))
        (local.set $p (i32.add (local.get $p) (local.get $blk)))
        (local.set $q (i32.add (local.get $q) (local.get $blk)))
        (local.set $n (call $tanh (f32x4.add (v128.load (local.get $p)) (f32x4.mul (local.get $r) (v128.load (local.get $q))))))
        (v128.store (local.get $p) (local.get $n))
        (v128.store (i32.add (local.get $h) (local.get $j))
          (f32x4.add (local.get $n) (f32x4.mul (local.get $z) (f32x4.sub (v128.load (i32.add (local.get $hPrev) (local.get $j))) (local.get $n)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $units)))
      (local.set $xp (i32.add (local.get $xp) (i32.mul (local.get $blk) (i32.const 3))))
      (local.set $hp (i32.add (local.get $hp) (i32.mul (local.get $blk) (i32.const 3))))
      (local.set $hPrev (i32.add (local.get $hPrev) (local.get $blk)))
      (local.set $h (i32.add (local.get $h) (local.get $blk)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $rowsLoop))))

  ;; gruBackward(xp, hp, hPrev, dh, dhPrev, rows, Hp): one step back.
  ;;   xp [rows, 3Hp] r, z, n; overwritten with d(x W + b) = [dar, daz, dan]
  ;;   hp [rows, 3Hp] (hr, hz, hn); overwritten with d(hPrev W_h + b_h) = [dar, daz, dan r]
  ;;   dh [rows, Hp]: d loss / d h_t;  dhPrev [rows, Hp] += dh z (the direct path to h_{t-1})
  ;;     dan = dh (1-z)(1-n²);  daz = dh (hPrev - n) z(1-z);  dar = dan hn r(1-r)
  (func (export "gruBackward") (param $xp i32) (param $hp i32) (param $hPrev i32) (param $dh i32) (param $dhPrev i32) (param $rows i32) (param $Hp i32)
    (local $blk i32) (local $j i32) (local $p i32) (local $q i32) (local $r v128) (local $z v128) (local $n v128)
    (local $dhj v128) (local $dan v128) (local $daz v128) (local $dar v128)
    (local.set $blk (i32.shl (local.get $Hp) (i32.const 2)))
    (block $rowsDone (loop $rowsLoop
      (br_if $rowsDone (i32.eqz (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $done (loop $units
        (br_if $done (i32.ge_u (local.get $j) (local.get $blk)))
        (local.set $p (i32.add (local.get $xp) (local.get $j)))
        (local.set $q (i32.add (local.get $hp) (local.get $j)))
        (local.set $r (v128.load (local.get $p)))
        (local.set $z (v128.load (i32.add (local.get $p) (local.get $blk))))
        (local.set $n (v128.load (i32.add (local.get $p) (i32.shl (local.get $blk) (i32.const 1)))))
        (local.set $dhj (v128.load (i32.add (local.get $dh) (local.get $j))))
        (local.set $dan (f32x4.mul (f32x4.mul (local.get $dhj) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $z))) (call $dtanh (local.get $n))))
        (local.set $daz (f32x4.mul (f32x4.mul (local.get $dhj) (f32x4.sub (v128.load (i32.add (local.get $hPrev) (local.get $j))) (local.get $n))) (call $dsig (local.get $z))))
        (local.set $dar (f32x4.mul (f32x4.mul (local.get $dan) (v128.load (i32.add (local.get $q) (i32.shl (local.get $blk) (i32.const 1))))) (call $dsig (local.get $r))))
        (v128.store (local.get $p) (local.get $dar))
        (v128.store (i32.add (local.get $p) (local.get $blk)) (local.get $daz))
        (v128.store (i32.add (local.get $p) (i32.shl (local.get $blk) (i32.const 1))) (local.get $dan))
        (v128.store (local.get $q) (local.get $dar))
        (v128.store (i32.add (local.get $q) (local.get $blk)) (local.get $daz))
        (v128.store (i32.add (local.get $q) (i32.shl (local.get $blk) (i32.const 1))) (f32x4.mul (local.get $dan) (local.get $r)))
        (local.set $p (i32.add (local.get $dhPrev) (local.get $j)))
        (v128.store (local.get $p) (f32x4.add (v128.load (local.get $p)) (f32x4.mul (local.get $dhj) (local.get $z))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $units)))
      (local.set $xp (i32.add (local.get $xp) (i32.mul (local.get $blk) (i32.const 3))))
      (local.set $hp (i32.add (local.get $hp) (i32.mul (local.get $blk) (i32.const 3))))
      (local.set $hPrev (i32.add (local.get $hPrev) (local.get $blk)))
      (local.set $dh (i32.add (local.get $dh) (local.get $blk)))
      (local.set $dhPrev (i32.add (local.get $dhPrev) (local.get $blk)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $rowsLoop))))

  ;; rnnForward(z, h, n): h = tanh(z) over n floats.
  (func (export "rnnForward") (param $z i32) (param $h i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
      (v128.store (local.get $h) (call $tanh (v128.load (local.get $z))))
      (local.set $z (i32.add (local.get $z) (i32.const 16)))
      (local.set $h (i32.add (local.get $h) (i32.const 16)))
      (br $each))))

  ;; rnnBackward(z, h, dh, n): z <- dz = dh (1 - h²) over n floats.
  (func (export "rnnBackward") (param $z i32) (param $h i32) (param $dh i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
      (v128.store (local.get $z) (f32x4.mul (v128.load (local.get $dh)) (call $dtanh (v128.load (local.get $h)))))
      (local.set $z (i32.add (local.get $z) (i32.const 16)))
      (local.set $h (i32.add (local.get $h) (i32.const 16)))
      (local.set $dh (i32.add (local.get $dh) (i32.const 16)))
      (br $each))))

  ;; Largest lane and sum of lanes.
  (func $maxLanes (param $x v128) (result f32)
    (f32.max (f32.max (f32x4.extract_lane 0 (local.get $x)) (f32x4.extract_lane 1 (local.get $x)))
             (f32.max (f32x4.extract_lane 2 (local.get $x)) (f32x4.extract_lane 3 (local.get $x)))))
  (func $sumLanes (param $x v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $x)) (f32x4.extract_lane 1 (local.get $x)))
             (f32.add (f32x4.extract_lane 2 (local.get $x)) (f32x4.extract_lane 3 (local.get $x)))))

  ;; softmaxXent(x, targets, rows, V, scale, mode, stats): per row of logits x [rows, V]
  ;; with target ids targets [rows] (i32), V a multiple of 4:
  ;;   stats [rows, 3] = (Σ e^(x - max), max, x[target]), so nats = log Σ + max - x[target]
  ;;   mode 0: x <- softmax(x);  mode 1: x <- scale (softmax(x) - onehot(target)), the gradient
  ;;   of scale Σ nats with respect to the logits.
  (func (export "softmaxXent") (param $x i32) (param $targets i32) (param $rows i32) (param $V i32) (param $scale f32) (param $mode i32) (param $stats i32)
    (local $end i32) (local $p i32) (local $m v128) (local $s v128) (local $e v128) (local $max f32) (local $sum f32) (local $t i32) (local $k v128)
    (block $rowsDone (loop $rowsLoop
      (br_if $rowsDone (i32.eqz (local.get $rows)))
      (local.set $end (i32.add (local.get $x) (i32.shl (local.get $V) (i32.const 2))))
      (local.set $t (i32.add (local.get $x) (i32.shl (i32.load (local.get $targets)) (i32.const 2))))
      (f32.store offset=8 (local.get $stats) (f32.load (local.get $t)))
      (local.set $m (v128.load (local.get $x)))
      (local.set $p (i32.add (local.get $x) (i32.const 16)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (f32x4.max (local.get $m) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l1)))
      (local.set $max (call $maxLanes (local.get $m)))
      (local.set $m (f32x4.splat (local.get $max)))
      (local.set $s (v128.const f32x4 0 0 0 0))
      (local.set $p (local.get $x))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $e (call $exp (f32x4.sub (v128.load (local.get $p)) (local.get $m))))
        (v128.store (local.get $p) (local.get $e))
        (local.set $s (f32x4.add (local.get $s) (local.get $e)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l2)))
      (local.set $sum (call $sumLanes (local.get $s)))
      (f32.store offset=0 (local.get $stats) (local.get $sum))
      (f32.store offset=4 (local.get $stats) (local.get $max))
      (local.set $k (f32x4.splat (select (f32.div (local.get $scale) (local.get $sum)) (f32.div (f32.const 1) (local.get $sum)) (local.get $mode))))
      (local.set $p (local.get $x))
      (block $d3 (loop $l3
        (br_if $d3 (i32.ge_u (local.get $p) (local.get $end)))
        (v128.store (local.get $p) (f32x4.mul (v128.load (local.get $p)) (local.get $k)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l3)))
      (if (local.get $mode) (then (f32.store (local.get $t) (f32.sub (f32.load (local.get $t)) (local.get $scale)))))
      (local.set $x (local.get $end))
      (local.set $targets (i32.add (local.get $targets) (i32.const 4)))
      (local.set $stats (i32.add (local.get $stats) (i32.const 12)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $rowsLoop))))

  ;; sumSquares(x, n): Σ x² over n floats (n a multiple of 4), accumulated in f64.
  (func (export "sumSquares") (param $x i32) (param $n i32) (result f64)
    (local $end i32) (local $v v128) (local $a v128) (local $b v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $v (v128.load (local.get $x)))
      (local.set $v (f32x4.mul (local.get $v) (local.get $v)))
      (local.set $a (f64x2.add (local.get $a) (f64x2.promote_low_f32x4 (local.get $v))))
      (local.set $b (f64x2.add (local.get $b) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (br $each)))
    (local.set $a (f64x2.add (local.get $a) (local.get $b)))
    (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))

  ;; adam(p, g, m, v, n, gScale, beta1, beta2, stepSize, epsHat): over n floats (a multiple of 4),
  ;; with the clipped gradient g' = gScale g (../adam.ts's maths, ε folded into epsHat):
  ;;   m <- β1 m + (1-β1) g';  v <- β2 v + (1-β2) g'²;  p <- p - stepSize m / (√v + epsHat)
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $gScale f32) (param $beta1 f32) (param $beta2 f32) (param $stepSize f32) (param $epsHat f32)
    (local $end i32) (local $gs v128) (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $lr v128) (local $eps v128)
    (local $gi v128) (local $mi v128) (local $vi v128)
    (local.set $gs (f32x4.splat (local.get $gScale)))
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $c1 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c2 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $lr (f32x4.splat (local.get $stepSize)))
    (local.set $eps (f32x4.splat (local.get $epsHat)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $gi (f32x4.mul (v128.load (local.get $g)) (local.get $gs)))
      (local.set $mi (f32x4.add (f32x4.mul (local.get $b1) (v128.load (local.get $m))) (f32x4.mul (local.get $c1) (local.get $gi))))
      (local.set $vi (f32x4.add (f32x4.mul (local.get $b2) (v128.load (local.get $v))) (f32x4.mul (local.get $c2) (f32x4.mul (local.get $gi) (local.get $gi)))))
      (v128.store (local.get $m) (local.get $mi))
      (v128.store (local.get $v) (local.get $vi))
      (v128.store (local.get $p) (f32x4.sub (v128.load (local.get $p))
        (f32x4.div (f32x4.mul (local.get $lr) (local.get $mi)) (f32x4.add (f32x4.sqrt (local.get $vi)) (local.get $eps)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (local.set $m (i32.add (local.get $m) (i32.const 16)))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (br $each))))

  ;; gatherRows(table, ids, rows, width, dst): dst[r, :] = table[ids[r], :] (width floats).
  (func (export "gatherRows") (param $table i32) (param $ids i32) (param $rows i32) (param $width i32) (param $dst i32)
    (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.eqz (local.get $rows)))
      (memory.copy (local.get $dst) (i32.add (local.get $table) (i32.mul (i32.load (local.get $ids)) (local.get $bytes))) (local.get $bytes))
      (local.set $dst (i32.add (local.get $dst) (local.get $bytes)))
      (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $each))))

  ;; scatterAddRows(src, ids, rows, width, dst): dst[ids[r], :] += src[r, :] (width floats).
  (func (export "scatterAddRows") (param $src i32) (param $ids i32) (param $rows i32) (param $width i32) (param $dst i32)
    (local $bytes i32) (local $d i32) (local $end i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.eqz (local.get $rows)))
      (local.set $d (i32.add (local.get $dst) (i32.mul (i32.load (local.get $ids)) (local.get $bytes))))
      (local.set $end (i32.add (local.get $src) (local.get $bytes)))
      (block $rowDone (loop $row
        (br_if $rowDone (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $d) (f32x4.add (v128.load (local.get $d)) (v128.load (local.get $src))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $row)))
      (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $each))))

  ;; colSums(src, rows, width, dst): dst[w] = Σ_r src[r, w].
  (func (export "colSums") (param $src i32) (param $rows i32) (param $width i32) (param $dst i32)
    (local $bytes i32) (local $j i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (memory.fill (local.get $dst) (i32.const 0) (local.get $bytes))
    (block $done (loop $each
      (br_if $done (i32.eqz (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $rowDone (loop $row
        (br_if $rowDone (i32.ge_u (local.get $j) (local.get $bytes)))
        (v128.store (i32.add (local.get $dst) (local.get $j)) (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $j))) (v128.load (i32.add (local.get $src) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $row)))
      (local.set $src (i32.add (local.get $src) (local.get $bytes)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $each))))

  ;; zero(dst, n): n floats of zeros.
  (func (export "zero") (param $dst i32) (param $n i32)
    (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $n) (i32.const 2))))

  ;; fillRows(dst, rows, width, row): dst[r, :] = row (width floats).
  (func (export "fillRows") (param $dst i32) (param $rows i32) (param $width i32) (param $row i32)
    (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.eqz (local.get $rows)))
      (memory.copy (local.get $dst) (local.get $row) (local.get $bytes))
      (local.set $dst (i32.add (local.get $dst) (local.get $bytes)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $each))))

  ;; transpose(src, rows, cols, dst): dst [cols, rows] = srcᵀ, src [rows, cols] row-major,
  ;; cols a multiple of 4. Four rows at a time by 4 x 4 shuffles, then the last rows one by one.
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $r i32) (local $c i32) (local $ldS i32) (local $ldD i32) (local $s i32) (local $d i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ldS (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $ldD (i32.shl (local.get $rows) (i32.const 2)))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $ldS))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
      (local.set $c (i32.const 0))
      (block $cDone (loop $cLoop
        (br_if $cDone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $x0 (v128.load (local.get $s)))
        (local.set $x1 (v128.load (i32.add (local.get $s) (local.get $ldS))))
        (local.set $x2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $ldS) (i32.const 1)))))
        (local.set $x3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $ldS) (i32.const 3)))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
        (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $d) (local.get $ldD)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $d) (i32.shl (local.get $ldD) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (v128.store (i32.add (local.get $d) (i32.mul (local.get $ldD) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $s (i32.add (local.get $s) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.shl (local.get $ldD) (i32.const 2))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $cLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $rLoop)))
    (block $tDone (loop $tLoop
      (br_if $tDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $cDone (loop $cLoop
        (br_if $cDone (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
          (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $tLoop))))
)
