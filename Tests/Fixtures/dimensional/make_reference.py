"""Reference values for emoeval's dimensional metrics (CCC, Pearson r, MAE, RMSE), computed with numpy.

Run: python3 make_reference.py > reference.json   (numpy 2.x; the values are plain IEEE doubles)
The formulas are written independently of emoeval's Swift code: moments from np.mean / np.var(ddof=0) /
np.cov(bias=True), Pearson from np.corrcoef, as audmetric 1.4.2 does. They run in np.longdouble (x86
80-bit extended precision) and are rounded to float64 at the end, so the reference itself is accurate
to ~1e-15 even for the 1e4-offset case, where float64 means alone carry ~1e-11 error into CCC.
"""
import json
import numpy as np


def ccc(truth, pred):
    # Lin 1989 with population moments (audmetric concordance_cc, MSP-Podcast challenge CCC_loss).
    t, p = np.asarray(truth, np.longdouble), np.asarray(pred, np.longdouble)
    if len(t) < 2:
        return None
    s_xy = np.cov(p, t, bias=True)[0, 1]
    den = np.var(p) + np.var(t) + (np.mean(p) - np.mean(t)) ** 2
    return None if den == 0 else float(2 * s_xy / den)


def ccc_sample(truth, pred):
    # The (n - 1) variant, for the README's comparison only.
    t, p = np.asarray(truth, np.longdouble), np.asarray(pred, np.longdouble)
    s_xy = np.cov(p, t, ddof=1)[0, 1]
    den = np.var(p, ddof=1) + np.var(t, ddof=1) + (np.mean(p) - np.mean(t)) ** 2
    return float(2 * s_xy / den)


def pearson(truth, pred):
    t, p = np.asarray(truth, np.longdouble), np.asarray(pred, np.longdouble)
    if len(t) < 2 or np.std(p) == 0 or np.std(t) == 0:
        return None
    return float(np.corrcoef(p, t)[0, 1])


def mae(truth, pred):
    return float(np.mean(np.abs(np.asarray(pred, np.longdouble) - np.asarray(truth, np.longdouble))))


def rmse(truth, pred):
    return float(np.sqrt(np.mean((np.asarray(pred, np.longdouble) - np.asarray(truth, np.longdouble)) ** 2)))


def case(name, truth, pred):
    truth = [float(v) for v in truth]
    pred = [float(v) for v in pred]
    return {"name": name, "truth": truth, "predicted": pred, "ccc": ccc(truth, pred),
            "pearson": pearson(truth, pred), "mae": mae(truth, pred), "rmse": rmse(truth, pred)}


rng = np.random.default_rng(20261205)
# MSP-Podcast-like: means of 5 raters on 1..7 (multiples of 0.2), predictions from a noisy model on 0..1
# mapped back to 1..7; biased so that the mean-difference term of CCC matters.
msp_truth = np.round(rng.uniform(1, 7, 60) * 5) / 5
msp_pred = np.clip(0.7 * msp_truth + 1.5 + rng.normal(0, 0.8, 60), 1, 7)
# Large offset: the same shape at 1e4 + small values, where a naive one-pass variance loses digits.
off_truth = 1e4 + rng.normal(0, 0.01, 40)
off_pred = off_truth + rng.normal(0.002, 0.005, 40)

cases = [
    case("audmetric docstring", [0, 1, 2], [0, 1, 1]),
    case("two items", [1.5, 4.0], [2.0, 3.0]),
    case("constant prediction", [1, 2, 3, 4], [2.5, 2.5, 2.5, 2.5]),
    case("perfect but shifted", [1, 2, 3, 4, 5], [2, 3, 4, 5, 6]),
    case("msp-like n=60", msp_truth, msp_pred),
    case("large offset n=40", off_truth, off_pred),
]

# Folds: per-fold figures, their mean and sample SD (ddof 1), and the pooled figures.
fold_truth = np.round(rng.uniform(1, 5, 30) * 2) / 2
fold_pred = fold_truth + rng.normal(0.3, 0.7, 30)
fold_names = ["1"] * 10 + ["2"] * 12 + ["10"] * 8
folds = {}
for name in ["1", "2", "10"]:
    idx = [i for i, f in enumerate(fold_names) if f == name]
    folds[name] = case("fold " + name, fold_truth[idx], fold_pred[idx])
per_fold_ccc = np.array([folds[n]["ccc"] for n in ["1", "2", "10"]], np.longdouble)
fold_set = {
    "truth": [float(v) for v in fold_truth], "predicted": [float(v) for v in fold_pred], "folds": fold_names,
    "per_fold": [folds[n] for n in ["1", "2", "10"]],
    "ccc_fold_mean": float(np.mean(per_fold_ccc)), "ccc_fold_sd": float(np.std(per_fold_ccc, ddof=1)),
    "pooled": case("pooled", fold_truth, fold_pred),
}

assert np.finfo(np.longdouble).nmant >= 63, "needs x86 extended precision"
doc = {"numpy": np.__version__, "cases": cases, "fold_set": fold_set,
       "conventions": {"truth": [0.0, 1.0, 2.0], "predicted": [0.0, 1.0, 1.0],
                       "population": ccc([0, 1, 2], [0, 1, 1]), "sample": ccc_sample([0, 1, 2], [0, 1, 1])}}
print(json.dumps(doc, indent=1))
