"""The Python side of ufunc4j's seed-workload runner (WORKLOADS.md).

The Java runner (org.ufunc4j.bench.SeedRunner) starts this script once per workload, one process
at a time, so Java and Python never compete for the two cores. It passes the shape, the seed and
the sample indices; this script builds the inputs from the same SplitMix64 stream as
NDArray.random, runs the NumPy / numexpr / Numba variants that are installed, checks each result
against NumPy's, and prints one JSON object on stdout: the raw bits of the inputs and the values
of each result at the sample indices (so the Java side can prove the inputs are bit-identical and
the results agree with its own reference), and the wall times of each repetition.

Run by hand:  python3 seed_workloads.py --workload W1 --shape 64,64,64 --seed 1 --sample 0,7
              python3 seed_workloads.py --versions
Progress goes to stderr.
"""

import argparse
import json
import os
import platform
import sys
import time

# Numba reads its thread count once, at import: allow 2 and pick 1 or 2 per variant below.
os.environ.setdefault("NUMBA_NUM_THREADS", "2")
os.environ.setdefault("NUMEXPR_MAX_THREADS", "2")

import numpy as np  # noqa: E402  (after the environment is set)

try:
  import numexpr as ne
except ImportError:  # the runner reports the missing package; NumPy alone still runs
  ne = None
try:
  import numba as nb
except ImportError:
  nb = None

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_CHUNK = 1 << 22  # elements per step: bounds the uint64 temporaries to a few tens of MB


def splitmix64(seed, start, stop):
  """Elements start..stop-1 of the SplitMix64 stream with `seed`, as uint64 (wrapping arithmetic)."""
  i = np.arange(start + 1, stop + 1, dtype=np.uint64)
  with np.errstate(over="ignore"):
    z = np.uint64(seed) + i * _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
  return z ^ (z >> np.uint64(31))


def random(dtype, seed, shape):
  """Bit-identical with NDArray.random(dtype, seed, shape): float64 (z>>>11)*2^-53, float32 (z>>>40)*2^-24."""
  n = int(np.prod(shape))
  out = np.empty(n, dtype=dtype)
  for s in range(0, n, _CHUNK):
    e = min(n, s + _CHUNK)
    z = splitmix64(seed, s, e)
    if dtype == np.float64:
      out[s:e] = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    else:
      # z >>> 40 < 2^24 converts to float32 exactly, and the scaling by 2^-24 is exact too.
      out[s:e] = (z >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)
  return out.reshape(shape)


def log(msg):
  print(msg, file=sys.stderr, flush=True)


def versions():
  v = {"python": platform.python_version(), "numpy": np.__version__}
  v["numexpr"] = ne.__version__ if ne is not None else None
  v["numba"] = nb.__version__ if nb is not None else None
  return v


def numba_threading_layer():
  """The layer Numba's parallel target ran on (tbb, omp or workqueue), after a parallel call."""
  try:
    return nb.threading_layer()
  except Exception:  # no parallel call was made, or no Numba
    return None


# ----------------------------------------------------------------------------- workloads
# Each builder returns (inputs: dict name -> array, scalars: dict, variants: list of
# (name, family, threads, fn, setup, reset), ref). fn() returns the result array; setup() (or
# None) sets the thread count and reset() (or None) restores an input that a variant overwrites,
# both before every call, outside the timed region; ref(s, e) is NumPy's
# result for flat elements s..e-1 from the pristine inputs. Every workload is elementwise, so
# checking chunk by chunk needs no full-size reference copy (GiBs at the WORKLOADS.md sizes).


def _ne_variants(expr, env, out=None):
  vs = []
  if ne is None:
    return vs
  for t in (1, 2):
    vs.append(("numexpr T%d" % t, "numexpr", t,
               lambda: ne.evaluate(expr, local_dict=env, out=out),
               lambda t=t: ne.set_num_threads(t)))
  return vs


def _nb_vectorize(sig, pyfunc):
  """cpu and parallel Numba ufuncs of pyfunc, or {} without Numba."""
  if nb is None:
    return {}
  return {
      "cpu": nb.vectorize([sig], nopython=True, target="cpu")(pyfunc),
      "parallel": nb.vectorize([sig], nopython=True, target="parallel")(pyfunc),
  }


def _nb_variants(ufuncs, call):
  """Numba cpu (T1) and parallel (T1, T2) variants; call(u) runs ufunc u on the inputs."""
  vs = []
  if not ufuncs:
    return vs
  vs.append(("Numba cpu T1", "numba", 1, lambda: call(ufuncs["cpu"]), None))
  for t in (1, 2):
    vs.append(("Numba parallel T%d" % t, "numba", t, lambda: call(ufuncs["parallel"]),
               lambda t=t: nb.set_num_threads(t)))
  return vs


def w1(shape, seed, dtype):
  rho = random(dtype, seed, shape)
  # The tutorial's float64 intermediate mean; the sum of float32 values k*2^-24 is exact in
  # float64 for any summation order, so this equals Java's mean bit for bit.
  rho_mean = rho.mean(dtype=np.float64).astype(dtype)
  expr = "exp((rho/rho_mean - 1)**2)"  # integer 1: no float32 -> float64 upcast in numexpr
  vs = [("NumPy", "numpy", 1, lambda: np.exp((rho / rho_mean - 1) ** 2), None)]
  vs += _ne_variants(expr, {"rho": rho, "rho_mean": rho_mean})
  t = nb.float32 if (nb is not None and dtype == np.float32) else (nb.float64 if nb is not None else None)

  def contrast(r, m):
    return np.exp((r / m - 1) ** 2)
  ufs = _nb_vectorize(t(t, t), contrast) if nb is not None else {}
  vs += _nb_variants(ufs, lambda u: u(rho, rho_mean))
  flat = rho.reshape(-1)
  ref = lambda s, e: np.exp((flat[s:e] / rho_mean - 1) ** 2)
  return {"rho": rho}, {"rho_mean": float(rho_mean)}, [v + (None,) for v in vs], ref


def w2(shape, seed, in_place):
  rho0 = random(np.float64, seed, shape)
  flat0 = rho0.reshape(-1)
  ref = lambda s, e: flat0[s:e] ** 2
  if not in_place:
    rho = rho0  # read only: no second copy (3.4 GiB at full size)
  else:
    rho = rho0.copy()

  def reset():
    np.copyto(rho, rho0)
  ufs = {}
  if nb is not None:
    def sq(x):
      return x * x
    ufs = _nb_vectorize(nb.float64(nb.float64), sq)
  if in_place:
    def numpy_inplace():
      r = rho  # the tutorial's `rho **= 2`; a local name, as the closure cannot rebind rho
      r **= 2
      return r
    vs = [("NumPy", "numpy", 1, numpy_inplace, None)]
    vs += _ne_variants("rho**2", {"rho": rho}, out=rho)
    vs += _nb_variants(ufs, lambda u: u(rho, out=rho))
    return {"rho": rho0, "_live": rho}, {}, [v + (reset,) for v in vs], ref
  vs = [("NumPy", "numpy", 1, lambda: rho ** 2, None)]
  vs += _ne_variants("rho**2", {"rho": rho})
  vs += _nb_variants(ufs, lambda u: u(rho))
  return {"rho": rho0}, {}, [v + (None,) for v in vs], ref


def w3(shape, seed):
  rho = random(np.float32, seed, shape)
  vs = [("NumPy", "numpy", 1, lambda: (np.sin(rho ** 2) + np.cos(rho ** 3)) ** .5, None)]
  vs += _ne_variants("(sin(rho**2) + cos(rho**3))**.5", {"rho": rho})
  ufs = {}
  if nb is not None:
    def many(x):
      return (np.sin(x ** 2) + np.cos(x ** 3)) ** np.float32(.5)
    ufs = _nb_vectorize(nb.float32(nb.float32), many)
  vs += _nb_variants(ufs, lambda u: u(rho))
  flat = rho.reshape(-1)
  ref = lambda s, e: (np.sin(flat[s:e] ** 2) + np.cos(flat[s:e] ** 3)) ** .5
  return {"rho": rho}, {}, [v + (None,) for v in vs], ref


def w5(shape, seed):
  a = random(np.float64, seed, shape)
  b = 2 * a  # exact; built outside the timed region, as on the Java side
  vs = [("NumPy", "numpy", 1, lambda: np.sin(a ** b) ** 2, None)]
  vs += _ne_variants("sin(a**b)**2", {"a": a, "b": b})
  ufs = {}
  if nb is not None:
    def vec_op(x, y):
      return np.sin(x ** y) ** 2.
    ufs = _nb_vectorize(nb.float64(nb.float64, nb.float64), vec_op)
  vs += _nb_variants(ufs, lambda u: u(a, b))
  fa, fb = a.reshape(-1), b.reshape(-1)
  ref = lambda s, e: np.sin(fa[s:e] ** fb[s:e]) ** 2
  return {"a": a}, {}, [v + (None,) for v in vs], ref


def w6(shape, seed):
  a = random(np.float64, seed, shape)
  b = 2 * a
  vs = [("NumPy", "numpy", 1, lambda: a ** b, None)]
  vs += _ne_variants("a**b", {"a": a, "b": b})
  if nb is not None:
    sig2 = [(nb.float64[:, :], nb.float64[:, :], nb.float64[:, :])]
    sig1 = [(nb.float64[:], nb.float64[:], nb.float64[:])]

    def whole(x, y, c):
      m, n = x.shape
      for i in range(m):
        for j in range(n):
          c[i, j] = x[i, j] ** y[i, j]

    def rows(x, y, c):
      n, = x.shape
      for j in range(n):
        c[j] = x[j] ** y[j]
    g = {}
    for target in ("cpu", "parallel"):
      g[("2d", target)] = nb.guvectorize(sig2, "(nx,ny),(nx,ny)->(nx,ny)", target=target, nopython=True)(whole)
      g[("1d", target)] = nb.guvectorize(sig1, "(ny),(ny)->(ny)", target=target, nopython=True)(rows)
    for lay, label in (("2d", "(nx,ny)"), ("1d", "(ny)")):
      vs.append(("Numba gu%s cpu T1" % label, "numba", 1, lambda lay=lay: g[(lay, "cpu")](a, b), None))
      for t in (1, 2):
        vs.append(("Numba gu%s parallel T%d" % (label, t), "numba", t,
                   lambda lay=lay: g[(lay, "parallel")](a, b), lambda t=t: nb.set_num_threads(t)))
  fa, fb = a.reshape(-1), b.reshape(-1)
  ref = lambda s, e: fa[s:e] ** fb[s:e]
  return {"a": a}, {}, [v + (None,) for v in vs], ref


def build(workload, shape, seed):
  if workload == "W1":
    return w1(shape, seed, np.float32)
  if workload == "W1d":
    return w1(shape, seed, np.float64)
  if workload == "W2":
    return w2(shape, seed, True)
  if workload == "W2n":
    return w2(shape, seed, False)
  if workload == "W3":
    return w3(shape, seed)
  if workload == "W5":
    return w5(shape, seed)
  if workload == "W6":
    return w6(shape, seed)
  raise SystemExit("unknown workload " + workload)


def bits(arr, idx):
  flat = arr.reshape(-1)
  view = flat.view(np.uint32 if arr.dtype == np.float32 else np.uint64)
  return ["%x" % int(view[i]) for i in idx]


def main():
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--versions", action="store_true", help="print the package versions as JSON and exit")
  p.add_argument("--workload")
  p.add_argument("--shape", help="comma-separated, e.g. 512,512,512")
  p.add_argument("--seed", type=int)
  p.add_argument("--warmup", type=int, default=2)
  p.add_argument("--repeats", type=int, default=5)
  p.add_argument("--sample", default="0", help="comma-separated flat indices to report")
  p.add_argument("--rtol", type=float, default=1e-6)
  p.add_argument("--atol", type=float, default=0.0)
  args = p.parse_args()
  if args.versions:
    print(json.dumps(versions()))
    return
  shape = tuple(int(s) for s in args.shape.split(","))
  idx = [int(s) for s in args.sample.split(",")]
  log("python %s: building inputs for %s %s" % (args.workload, shape, "seed %d" % args.seed))
  inputs, scalars, variants, ref = build(args.workload, shape, args.seed)
  inputs_live = inputs.pop("_live", None)  # the array an in-place variant writes into
  n = int(np.prod(shape))
  ref_dtype = ref(0, min(n, 1)).dtype
  out = {
      "workload": args.workload, "versions": versions(), "shape": list(shape),
      "inputs": {k: bits(v, idx) for k, v in inputs.items()},
      "scalars": {k: float(v).hex() for k, v in scalars.items()},
      "variants": [],
  }
  for name, family, threads, fn, setup, reset in variants:
    rec = {"name": name, "family": family, "threads": threads, "ok": False, "times_ms": []}
    out["variants"].append(rec)
    try:
      # Verification first (it is also the first warm-up call, which compiles Numba's kernels).
      if setup:
        setup()
      if reset:
        reset()
      r = fn()
      if reset and not np.shares_memory(r, inputs_live):
        rec["error"] = "the result is not written into the input (an in-place workload)"
        log("python %s %s: WRONG RESULT, not timed" % (args.workload, name))
        continue
      dtype_ok = r.dtype == ref_dtype and r.shape == shape
      close = dtype_ok and all(
          np.allclose(r.reshape(-1)[s:min(n, s + _CHUNK)], ref(s, min(n, s + _CHUNK)),
                      rtol=args.rtol, atol=args.atol, equal_nan=False)
          for s in range(0, n, _CHUNK))
      rec["dtype"] = str(r.dtype)
      rec["samples"] = [float(x).hex() for x in r.reshape(-1)[idx]]
      if not close:
        rec["error"] = "result differs from NumPy's (dtype %s, shape %s)" % (r.dtype, r.shape)
        log("python %s %s: WRONG RESULT, not timed" % (args.workload, name))
        continue
      del r
      for k in range(args.warmup + args.repeats):
        if setup:
          setup()
        if reset:
          reset()
        t0 = time.perf_counter()
        r = fn()
        t1 = time.perf_counter()
        del r
        if k >= args.warmup:
          rec["times_ms"].append((t1 - t0) * 1e3)
        log("python %s %s: %s %d/%d %.2f ms" % (
            args.workload, name, "warm-up" if k < args.warmup else "rep",
            k + 1 if k < args.warmup else k - args.warmup + 1,
            args.warmup if k < args.warmup else args.repeats, (t1 - t0) * 1e3))
      rec["ok"] = True
    except Exception as e:  # a failing variant (e.g. a Numba version quirk) must not hide the others
      rec["error"] = "%s: %s" % (type(e).__name__, e)
      log("python %s %s: FAILED %s" % (args.workload, name, rec["error"]))
  if nb is not None:
    out["versions"]["numba threading layer"] = numba_threading_layer()
  print(json.dumps(out))


if __name__ == "__main__":
  main()
