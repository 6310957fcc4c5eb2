# Run from the repository root: python3 ufunc-tests/src/test/resources/org/ufunc4j/data/gen_numpy_str_cases.py
# Generates numpy-str-cases.txt: arrays built from the SplitMix64 stream (rebuilt identically in
# FormatDifferentialTest) and NumPy's str() of each.
import numpy as np, math
M = 2**64
def sm(s, i):
    z = (s + (i + 1) * 0x9E3779B97F4A7C15) % M
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % M
    return z ^ (z >> 31)
SCALES = [1.0, 1e-3, 1e-5, 1e3, 1e5, 1e7, 1e9, 1e17, 1e300, 3.0]
DTYPES = ['float64', 'float32', 'int64', 'int8', 'bool']
def shape_of(seed):
    if seed % 10 == 0:
        return [1100] if seed % 20 == 0 else [40, 30]
    nd = seed % 5
    return [1 + (sm(seed, 1000 + k) >> 33) % 7 for k in range(nd)]
def values(seed, n, dtype):
    kind = (seed // 7) % 4
    S = SCALES[(seed // 3) % len(SCALES)]
    out = []
    for i in range(n):
        z = sm(seed, i)
        u = (z >> 11) * 2.0**-53
        if dtype == 'bool':
            out.append(u < 0.5); continue
        if dtype in ('int64', 'int8'):
            r = 2000 if dtype == 'int64' else 256
            out.append(int(math.floor(u * r)) - r // 2); continue
        if kind == 0: v = u
        elif kind == 1: v = (u - 0.5) * S
        elif kind == 2: v = float(math.floor(u * 200) - 100)
        else:
            c = z & 15
            v = [math.nan, math.inf, -math.inf, 0.0, -0.0][c] if c < 5 else (u - 0.5) * S
        out.append(v)
    return out
with open('ufunc-tests/src/test/resources/org/ufunc4j/data/numpy-str-cases.txt', 'w') as f:
    f.write('# seed dtype: NumPy %s str() of the array FormatDifferentialTest builds; cases end with %%%%\n' % np.__version__)
    for seed in range(1, 301):
        dtype = DTYPES[seed % len(DTYPES)]
        shape = shape_of(seed)
        n = int(np.prod(shape)) if shape else 1
        a = np.array(values(seed, n, dtype), dtype=dtype).reshape(shape)
        f.write('%d %s\n%s\n%%%%\n' % (seed, dtype, str(a)))
