"""Reference values for emoeval's calibration, group and bias metrics (Tests/Fixtures/breakdowns).

Independent of emoeval: ECE/MCE/reliability bins follow Guo et al. 2017 in plain numpy, Brier and NLL
are cross-checked with scikit-learn, per-group WA/UA/macro-F1 come from scikit-learn, and the
unweighted average bias from audmetric itself. Run once; the output is committed:

    pip install numpy scikit-learn audmetric
    python3 Tests/Fixtures/breakdowns/make_reference.py > Tests/Fixtures/breakdowns/reference.json
"""
import json
import sys

import audmetric
import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score, log_loss

rng = np.random.default_rng(20261205)
BINS = 15
FLOOR = 1e-15


def calibration(prob, truth, pred):
    """ECE, MCE, bins, Brier (sum over columns), NLL with probabilities floored at 1e-15."""
    conf = prob[np.arange(len(truth)), pred]
    correct = (pred == truth).astype(float)
    edges = np.linspace(0.0, 1.0, BINS + 1)
    ece, mce, bins = 0.0, 0.0, []
    for b in range(BINS):
        lo, hi = edges[b], edges[b + 1]
        member = (conf > lo) & (conf <= hi) if b > 0 else (conf <= hi)
        n = int(member.sum())
        if n == 0:
            bins.append({"count": 0, "confidence": None, "accuracy": None})
            continue
        c, a = float(conf[member].mean()), float(correct[member].mean())
        ece += n / len(truth) * abs(a - c)
        mce = max(mce, abs(a - c))
        bins.append({"count": n, "confidence": c, "accuracy": a})
    onehot = np.zeros_like(prob)
    onehot[np.arange(len(truth)), truth] = 1.0
    brier = float(np.mean(np.sum((prob - onehot) ** 2, axis=1)))
    nll = float(-np.mean(np.log(np.maximum(prob[np.arange(len(truth)), truth], FLOOR))))
    return {"ece": float(ece), "mce": float(mce), "brier": brier, "nll": nll, "bins": bins,
            "meanConfidence": float(conf.mean()), "accuracy": float(correct.mean())}


def calibration_case(n, k, other):
    columns = k + (1 if other else 0)
    prob = rng.dirichlet(np.full(columns, 0.7), size=n)
    truth = rng.integers(0, k, size=n)
    pred = prob.argmax(axis=1)
    ref = calibration(prob, truth, pred)
    # Independent checks of Brier and NLL against scikit-learn on the same inputs.
    if not other:
        assert abs(log_loss(truth, prob, labels=list(range(k))) - ref["nll"]) < 1e-12
        onehot = np.eye(k)[truth]
        assert abs(np.mean(np.sum((prob - onehot) ** 2, axis=1)) - ref["brier"]) < 1e-15
    return {"probabilities": prob.tolist(), "truth": truth.tolist(), "predicted": pred.tolist(),
            "expected": ref}


def group_case(n, k, other, groups, speakers):
    columns = k + (1 if other else 0)
    truth = rng.integers(0, k, size=n)
    # A known gap: group 0 is right 80 % of the time, the others 50 %.
    group = rng.integers(0, len(groups), size=n)
    right = rng.random(n) < np.where(group == 0, 0.8, 0.5)
    wrong = (truth + rng.integers(1, columns, size=n)) % columns
    pred = np.where(right, truth, wrong)
    speaker = rng.integers(0, speakers, size=n)
    names = [groups[g] for g in group]
    expected = {}
    for gi, g in enumerate(groups):
        m = group == gi
        t, p = truth[m], pred[m]
        present = sorted((set(t.tolist()) | set(p.tolist())) - {k})   # "other" (k) is never a class
        expected[g] = {
            "count": int(m.sum()),
            "wa": float(accuracy_score(t, p)),
            "ua": float(balanced_accuracy_score(t, p)) if set(p.tolist()) <= set(t.tolist())
            else float(np.mean([np.mean(p[t == c] == c) for c in sorted(set(t.tolist()))])),
            "macroF1": float(f1_score(t, p, labels=present, average="macro", zero_division=0)),
        }
    tl = [str(x) for x in truth.tolist()]
    pl = [str(x) for x in pred.tolist()]
    bias = audmetric.unweighted_average_bias(tl, pl, names)
    return {"truth": truth.tolist(), "predicted": pred.tolist(), "groups": names,
            "speakers": [f"spk{s:02d}" for s in speaker.tolist()], "expected": expected,
            "unweightedAverageBias": None if np.isnan(bias) else bias}


def bias_examples():
    """audmetric's docstring examples plus random ones, with labels as strings."""
    out = []
    for truth, pred, groups in [([1, 1], [1, 0], ["male", "female"]),
                                ([0, 1], [1, 0], ["male", "female"]),
                                ([0, 0, 0, 0], [1, 1, 0, 0], ["a", "b", "c", "d"]),
                                ([0, 0], [0, 0], ["a", "a"])]:
        b = audmetric.unweighted_average_bias([str(t) for t in truth], [str(p) for p in pred], groups)
        out.append({"truth": truth, "predicted": pred, "groups": groups, "bias": None if np.isnan(b) else b})
    for _ in range(5):
        n = int(rng.integers(5, 40))
        truth = rng.integers(0, 5, size=n).tolist()
        pred = rng.integers(0, 6, size=n).tolist()
        groups = [["f", "m", "x"][g] for g in rng.integers(0, 3, size=n)]
        b = audmetric.unweighted_average_bias([str(t) for t in truth], [str(p) for p in pred], groups)
        out.append({"truth": truth, "predicted": pred, "groups": groups, "bias": None if np.isnan(b) else b})
    return out


def duration_case(n):
    edges = [1.0, 2.0, 4.0, 8.0]
    seconds = np.concatenate([np.array([0.5, 1.0, 1.999, 2.0, 4.0, 8.0, 12.0]), rng.uniform(0.2, 14.0, n)])
    band = np.digitize(seconds, edges, right=False)   # bisect_right: [e_i, e_i+1)
    return {"edges": edges, "seconds": seconds.tolist(), "bands": band.tolist()}


json.dump({
    "versions": {"numpy": np.__version__, "scikit-learn": sklearn.__version__,
                 "audmetric": audmetric.__version__, "python": sys.version.split()[0]},
    "seed": 20261205,
    "calibration": calibration_case(300, 4, other=False),
    "calibrationWithOther": calibration_case(120, 4, other=True),
    "groups": group_case(400, 4, other=True, groups=["female", "male", "unknown"], speakers=12),
    "bias": bias_examples(),
    "durations": duration_case(40),
}, sys.stdout, indent=1)
print()
