#!/usr/bin/env python3
"""Near-minimax polynomial coefficients for ufunc4j's own float64 sin, cos and pow.

Prints the coefficients of DoubleTranscendentals (ufunc-core, internal.math) as Java hex
literals, with the relative error of the fit before rounding to double:

    sin(r) = r + r^3 (SIN1 + SIN2 z + ... + SIN6 z^5),        z = r^2, |r| <= pi/4
    cos(r) = 1 - z/2 + z^2 (COS1 + COS2 z + ... + COS6 z^5)
    log(m) = 2s + (2/3)s^3 + s^5 (LOG1 + LOG2 z + ...),       z = s^2, s = (m-1)/(m+1), |s| <= 0.1716
    exp(r) = 1 + r + r^2 (EXP1 + EXP2 r + ...),               |r| <= ln2/2 (a hair wider)
    tanh(x) = x + x^3 (TANH1 + TANH2 z + ... + TANH11 z^10),  z = x^2, |x| < 0.55

Method: Lawson's iteration (iteratively reweighted least squares) on a Chebyshev grid, in 60-digit
arithmetic with mpmath, on the relative error of sin and cos themselves. Needs only mpmath
(python3 -m pip install mpmath); takes about 15 seconds.
"""
import mpmath as mp

mp.mp.dps = 60


def lawson(f, weight, a, b, degree, nodes=400, iterations=60):
    """Coefficients c[0..degree] minimising max |weight(x) (sum c_k x^k - f(x))| on [a, b]."""
    xs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (i + mp.mpf(0.5)) / nodes) for i in range(nodes)]
    fs = [f(x) for x in xs]
    ws = [weight(x) for x in xs]
    u = [mp.mpf(1) / nodes] * nodes
    m = degree + 1
    for _ in range(iterations):
        normal = mp.matrix(m, m)
        rhs = mp.matrix(m, 1)
        for x, fx, w, ui in zip(xs, fs, ws, u):
            powers = [x ** k for k in range(m)]
            c = ui * w * w
            for j in range(m):
                rhs[j] += c * powers[j] * fx
                for k in range(m):
                    normal[j, k] += c * powers[j] * powers[k]
        coef = mp.lu_solve(normal, rhs)
        errors = [w * (sum(coef[k] * x ** k for k in range(m)) - fx) for x, fx, w in zip(xs, fs, ws)]
        total = sum(ui * abs(e) for ui, e in zip(u, errors))
        u = [ui * abs(e) / total for ui, e in zip(u, errors)]
    return [coef[k] for k in range(m)], max(abs(e) for e in errors)


def sin_tail(z):
    r = mp.sqrt(z)
    return mp.mpf(-1) / 6 if z == 0 else (mp.sin(r) - r) / r ** 3


def sin_weight(z):
    r = mp.sqrt(z)
    return z * r / mp.sin(r) if z != 0 else mp.mpf(0)


def cos_tail(z):
    return mp.mpf(1) / 24 if z == 0 else (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z ** 2


def cos_weight(z):
    return z * z / mp.cos(mp.sqrt(z))


def log_tail(z):
    s = mp.sqrt(z)
    return mp.mpf(2) / 5 if z == 0 else (2 * mp.atanh(s) - 2 * s - 2 * s ** 3 / 3) / s ** 5


def log_weight(z):
    s = mp.sqrt(z)
    return mp.mpf(0) if z == 0 else s ** 5 / (2 * mp.atanh(s))


def tanh_tail(z):
    x = mp.sqrt(z)
    return mp.mpf(-1) / 3 if z == 0 else (mp.tanh(x) - x) / x ** 3


def tanh_weight(z):
    x = mp.sqrt(z)
    return mp.mpf(0) if z == 0 else x ** 3 / mp.tanh(x)


def exp_tail(r):
    return mp.mpf(1) / 2 if r == 0 else (mp.exp(r) - 1 - r) / r ** 2


def exp_weight(r):
    return r * r / mp.exp(r)


if __name__ == "__main__":
    # the reduction leaves |r| a hair above pi/4 when x*2/pi rounds; fit a little wider
    zmax = (mp.pi / 4 * mp.mpf("1.00001")) ** 2
    for name, f, w in (("SIN", sin_tail, sin_weight), ("COS", cos_tail, cos_weight)):
        coef, err = lawson(f, w, mp.mpf(0), zmax, 5)
        print(f"// {name.lower()}: relative error 2^{mp.nstr(mp.log(err, 2), 4)} before rounding")
        for k, c in enumerate(coef, start=1):
            print(f"public static final double {name}{k} = {float(c).hex()};")
    # pow: log(m) for m in [sqrt(2)/2, sqrt(2)), exp(r) for |r| <= ln2/2 plus what the reduction adds
    smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1) * mp.mpf("1.00001")
    rmax = mp.log(2) / 2 * mp.mpf("1.0001")
    for name, f, w, a, b, degree in (("LOG", log_tail, log_weight, mp.mpf(0), smax ** 2, 6),
                                     ("EXP", exp_tail, exp_weight, -rmax, rmax, 9),
                                     ("TANH", tanh_tail, tanh_weight, mp.mpf(0), mp.mpf("0.55") ** 2, 10)):
        coef, err = lawson(f, w, a, b, degree)
        print(f"// {name.lower()}: relative error 2^{mp.nstr(mp.log(err, 2), 4)} before rounding")
        for k, c in enumerate(coef, start=1):
            print(f"public static final double {name}{k} = {float(c).hex()};")
