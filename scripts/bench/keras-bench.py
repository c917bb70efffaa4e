# The reference point for `npm run bench:train`: the same network and training step as
# Recur's trainer, in Python Keras 3 on the same TensorFlow library (pip tensorflow-cpu),
# timed the same way. Run by train-bench.ts (which sets the thread environment), not by hand:
#
#   python keras-bench.py --batch B --seq T --steps N --warmup W [--cell lstm|gru|rnn]
#       [--embedding 64] [--hidden 256] [--layers 2] [--lr 2e-3] [--clip 5]
#
# Network: Embedding(256, E) -> L x stateful recurrent(H, return_sequences) -> Dense(256)
# logits; loss: cross-entropy at every position (sparse, from logits), mean over B*T; Adam
# with global-norm clipping (global_clipnorm). Stateful, like Recur's truncated BPTT: each
# step starts from the state the previous one ended with. Stream b of step k continues
# stream b of step k-1 in the same seeded text for both benches' data shape.
# Prints one JSON line: {"charsPerSec": ..., "steps": ..., "seconds": ...}.
import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

parser = argparse.ArgumentParser()
parser.add_argument("--batch", type=int, default=32)
parser.add_argument("--seq", type=int, default=64)
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--warmup", type=int, default=3)
parser.add_argument("--cell", default="lstm")
parser.add_argument("--embedding", type=int, default=64)
parser.add_argument("--hidden", type=int, default=256)
parser.add_argument("--layers", type=int, default=2)
parser.add_argument("--lr", type=float, default=2e-3)
parser.add_argument("--clip", type=float, default=5.0)
args = parser.parse_args()

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

# The same limits as Recur's worker (threadLimits.ts), also through the API in case this
# TensorFlow build reads the environment differently.
threads = int(os.environ.get("TF_NUM_INTRAOP_THREADS", "0"))
if threads > 0:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(int(os.environ.get("TF_NUM_INTEROP_THREADS", "1")))

B, T = args.batch, args.seq
Recurrent = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "rnn": keras.layers.SimpleRNN}[args.cell]
inputs = keras.Input(batch_shape=(B, T), dtype="int32")
x = keras.layers.Embedding(256, args.embedding)(inputs)
for _ in range(args.layers):
    x = Recurrent(args.hidden, return_sequences=True, stateful=True)(x)
logits = keras.layers.Dense(256)(x)
model = keras.Model(inputs, logits)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=args.lr, global_clipnorm=args.clip),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)

rng = np.random.default_rng(1)
total = args.warmup + args.steps
text = (32 + np.floor(rng.random(B * (total * T + 1)) * rng.random(B * (total * T + 1)) * 95)).astype("int32")
streams = text[: B * (total * T + 1)].reshape(B, total * T + 1)


def batch(k):
    return streams[:, k * T : (k + 1) * T], streams[:, k * T + 1 : (k + 1) * T + 1]


for k in range(args.warmup):
    model.train_on_batch(*batch(k))
start = time.perf_counter()
for k in range(args.warmup, total):
    loss = model.train_on_batch(*batch(k))  # returns the loss: one read back per step, as Recur's step
seconds = time.perf_counter() - start
print(json.dumps({"charsPerSec": B * T * args.steps / seconds, "steps": args.steps, "seconds": seconds, "loss": float(np.asarray(loss))}))
