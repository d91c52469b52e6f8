# Fits the rational erf approximation used by Sources/EmoKernels/VectorMath.swift (erf8):
# erf(x) ≈ x·P(x²)/Q(x²) on [0, 4], P degree 6, Q degree 4 (q0 = 1), by iterated linear least squares
# (Sanathanan–Koerner weights 1/Q), then reports the float32 error of Horner evaluation.
# Run: python3 Scripts/kernels-bench/fit_erf.py   (numpy only)
import numpy as np
from math import erf
x = np.cos(np.linspace(0, np.pi, 20001))*2+2   # Chebyshev-like points on [0,4]
x = np.concatenate([x, np.linspace(0,4,20001)])
e = np.array([erf(v) for v in x])
u = x*x
nP, nQ = 7, 5
w = np.ones_like(x)
for it in range(30):
    A = np.concatenate([ (x[:,None]*u[:,None]**np.arange(nP)) , -(e[:,None]*u[:,None]**np.arange(1,nQ)) ], axis=1) * w[:,None]
    b = e*w
    c, *_ = np.linalg.lstsq(A, b, rcond=None)
    p = c[:nP]; q = np.concatenate([[1.0], c[nP:]])
    Q = np.polyval(q[::-1], u)
    approx = x*np.polyval(p[::-1], u)/Q
    err = approx - e
    w = 1/np.abs(Q)
print("max abs err float64:", np.abs(err).max())
# evaluate in float32 Horner
f=np.float32
xs=np.linspace(-6,6,200001).astype(f)
xc=np.clip(xs,f(-4),f(4)); uu=xc*xc
P=f(p[-1])
for k in range(nP-2,-1,-1): P=P*uu+f(p[k])
Qv=f(q[-1])
for k in range(nQ-2,-1,-1): Qv=Qv*uu+f(q[k])
r=(xc*P/Qv).astype(f)
ref=np.array([erf(float(v)) for v in xs])
print("max abs err float32:", np.abs(r-ref).max(), "max rel err near 0:", np.abs((r-ref)/np.where(ref==0,1,ref))[np.abs(xs)<0.5].max())
print("p =", [float(f(v)) for v in p]); print("q =", [float(f(v)) for v in q])
