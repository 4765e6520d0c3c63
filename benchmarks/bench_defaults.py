"""Training-split cross-validation of candidate defaults for MultiLabelNetClassifier (issue 20).

Chooses ``MultiLabelNetClassifier``'s defaults without touching a test label.
For each development dataset and seed, only the training split is used: it
is cut into 3 multi-label stratified folds; each candidate setting is fitted
on two folds and scores the third, which gives an out-of-fold score for every
training row. As in ``bench_quality.py``, the score is turned into label sets
by ``ThresholdOptimizer`` (per-label thresholds, tuned once for micro-F1 and
once for macro-F1), but *cross-fitted*: the rule that labels a fold is tuned
on the out-of-fold scores of the other two folds, so no rule is scored on the
rows it was tuned on. The ranking loss is that of the out-of-fold scores.

The candidates are then ranked on each dataset (1 = best) and the ranks
averaged, for micro-F1, macro-F1 and ranking loss, with RandomForest(300)
(the best peer of ``bench_quality.py``) as a reference row. The fit time is
the mean of the fold fits.

Results are cached per dataset and seed (JSON), so new candidates cost only
their own fits::

    python benchmarks/bench_defaults.py --seeds 0,1,2 --cache benchmarks/results/bench_defaults
    python benchmarks/bench_defaults.py --configs today,wide_fixed_auto --datasets yeast,medical
"""

import argparse
import json
import os
import sys
import tempfile
import time
import warnings

import numpy as np
from bench_quality import DATASETS, DEFAULT_DATA, label_scores, load
from rank_statistics import average_ranks
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from sklearn.metrics import f1_score, label_ranking_loss
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import QuantileTransformer
from refit_on_all import RefitOnAll
from seed_average import SeedAverage
from stored_scores import StoredScores

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.model_selection import MultilabelStratifiedKFold

N_FOLDS = 3

#: Candidate settings: keyword arguments of MultiLabelNetClassifier, each spelled
#: out in full so that a later change of the defaults does not change what a
#: name means. "today": the defaults when issue 20 was filed. "wide_es_auto":
#: the defaults chosen from these runs. "preprocessing": "quantile" puts a
#: QuantileTransformer (normal output) in front; "networks": K averages K
#: seeds; "ema_momentum": Adam keeping a moving average of the weights
#: (``use_ema=True``); "refit_on_all": early stopping picks the epochs, then a
#: fit on every row (``refit_on_all.RefitOnAll``). The others are what was
#: tried on the way (BENCHMARKS.md, "Choosing the defaults").
CONFIGS = {
    "today": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
              "standardize": True, "batch_size": 200},
    "wide_es_auto": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                     "standardize": "auto", "batch_size": "auto"},
    "auto_scale_bauto": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
                         "standardize": "auto", "batch_size": "auto"},
    "wide_fixed": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": False,
                   "epochs": 60, "standardize": True, "batch_size": 200},
    "raw": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
            "standardize": False, "batch_size": 200},
    "raw_b32": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
                "standardize": False, "batch_size": 32},
    "b32": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
            "standardize": True, "batch_size": 32},
    "auto_scale": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
                   "standardize": "auto", "batch_size": 200},
    "auto_scale_b32": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
                       "standardize": "auto", "batch_size": 32},
    "auto_scale_b64": {"hidden_layer_sizes": (256,), "dropout": 0.2, "early_stopping": True,
                       "standardize": "auto", "batch_size": 64},
    "quantile": {"preprocessing": "quantile", "hidden_layer_sizes": (256,), "dropout": 0.2,
                 "early_stopping": True, "standardize": "auto", "batch_size": 200},
    "wide_auto_scale": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": False,
                        "epochs": 60, "standardize": "auto", "batch_size": 200},
    "wide_es_b32": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                    "standardize": "auto", "batch_size": 32},
    "wide_es_auto_q": {"preprocessing": "quantile", "hidden_layer_sizes": (512,), "dropout": 0.5,
                       "early_stopping": True, "standardize": "auto", "batch_size": "auto"},
    "wide_es_auto_p20": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                         "standardize": "auto", "batch_size": "auto", "n_iter_no_change": 20},
    "wide_es_auto_ap": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                        "standardize": "auto", "batch_size": "auto",
                        "metrics": ["average_precision"], "monitor": "val_average_precision"},
    "wide_fixed_auto": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": False,
                        "epochs": 60, "standardize": "auto", "batch_size": "auto"},
    "wide_raw_b32": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": False,
                     "epochs": 60, "standardize": False, "batch_size": 32},
    "w1024": {"hidden_layer_sizes": (1024,), "dropout": 0.5, "early_stopping": True,
              "standardize": "auto", "batch_size": "auto"},
    "deep512": {"hidden_layer_sizes": (512, 512), "dropout": 0.5, "early_stopping": True,
                "standardize": "auto", "batch_size": "auto"},
    "wide_alpha1e3": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                      "standardize": "auto", "batch_size": "auto", "alpha": 1e-3},
    "wide_gelu": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                  "standardize": "auto", "batch_size": "auto", "activation": "gelu"},
    "wide_lr3e4": {"hidden_layer_sizes": (512,), "dropout": 0.5, "early_stopping": True,
                   "standardize": "auto", "batch_size": "auto", "learning_rate": 3e-4},
    "wide_es_auto_x3": {"networks": 3, "hidden_layer_sizes": (512,), "dropout": 0.5,
                        "early_stopping": True, "standardize": "auto", "batch_size": "auto"},
    "wide_es_auto_x5": {"networks": 5, "hidden_layer_sizes": (512,), "dropout": 0.5,
                        "early_stopping": True, "standardize": "auto", "batch_size": "auto"},
    "wide_ema99": {"ema_momentum": 0.99, "hidden_layer_sizes": (512,), "dropout": 0.5,
                   "early_stopping": True, "standardize": "auto", "batch_size": "auto"},
    "wide_ema998": {"ema_momentum": 0.998, "hidden_layer_sizes": (512,), "dropout": 0.5,
                    "early_stopping": True, "standardize": "auto", "batch_size": "auto"},
    "wide_refit_all": {"refit_on_all": True, "hidden_layer_sizes": (512,), "dropout": 0.5,
                       "early_stopping": True, "standardize": "auto", "batch_size": "auto"},
    "deep_cosine": {"hidden_layer_sizes": (512, 256), "dropout": 0.5, "early_stopping": False,
                    "epochs": 60, "learning_rate_schedule": "cosine", "standardize": "auto",
                    "batch_size": 200},
    "deep_cosine_bauto": {"hidden_layer_sizes": (512, 256), "dropout": 0.5,
                          "early_stopping": False, "epochs": 60,
                          "learning_rate_schedule": "cosine", "standardize": "auto",
                          "batch_size": "auto"},
}


#: What a plain run compares: the defaults before and after, and the step between.
FINALISTS = ("today", "auto_scale_bauto", "wide_es_auto")


def reference_models(seed):
    """Peers trained on the same folds: the yardstick a default has to reach."""
    return {"RandomForest(300)": RandomForestClassifier(300, n_jobs=2, random_state=seed)}


def candidate(params, seed):
    """The network of ``params``, behind the transformer its "preprocessing" names."""
    params = dict(params)
    preprocessing = params.pop("preprocessing", None)
    networks = params.pop("networks", 1)
    refit_on_all = params.pop("refit_on_all", False)
    ema_momentum = params.pop("ema_momentum", None)
    if ema_momentum is not None:
        # Adam keeping a moving average of the weights, which the fit is judged and kept by.
        import keras

        params["optimizer"] = keras.optimizers.Adam(use_ema=True, ema_momentum=ema_momentum)
    network = MultiLabelNetClassifier(random_state=seed, **params)
    if refit_on_all:
        network = RefitOnAll(network)
    if networks > 1:
        network = SeedAverage(network, networks)
    if preprocessing == "quantile":
        return make_pipeline(QuantileTransformer(n_quantiles=200,
                                                 output_distribution="normal"), network)
    return network


def cross_fitted_rule(oof, Y, folds, scoring):
    """Label sets from per-label thresholds tuned, for each fold, on the other folds."""
    Y_pred = np.zeros(Y.shape, dtype=np.int8)
    for train, test in folds:
        rule = ThresholdOptimizer(StoredScores().fit(oof[train]), strategy="per_label",
                                  scoring=scoring, cv="prefit", refit=False)
        Y_pred[test] = rule.fit(oof[train], Y[train]).predict(oof[test])
    return Y_pred


def evaluate(model, X, Y, folds):
    """Cross-fitted micro-F1, macro-F1, out-of-fold ranking loss and mean fold-fit time."""
    oof = np.zeros(Y.shape)
    seconds = []
    for train, test in folds:
        started = time.perf_counter()
        fitted = clone(model).fit(X[train], Y[train])
        seconds.append(time.perf_counter() - started)
        oof[test] = label_scores(fitted, X[test], Y.shape[1])
    micro = cross_fitted_rule(oof, Y, folds, "f1_micro")
    macro = cross_fitted_rule(oof, Y, folds, "f1_macro")
    return {"f1_micro": f1_score(Y, micro, average="micro", zero_division=0),
            "f1_macro": f1_score(Y, macro, average="macro", zero_division=0),
            "ranking_loss": label_ranking_loss(Y, oof),
            "fit_s": float(np.mean(seconds))}


def run(args):
    configs = args.configs.split(",") if args.configs else list(FINALISTS)
    names = [*configs, *(reference_models(0) if args.reference else {})]
    results = {}
    for seed in args.seeds:
        for dataset in args.datasets.split(","):
            stored = os.path.join(args.cache, f"{dataset}_seed{seed}.json")
            result = {}
            if os.path.exists(stored):
                with open(stored) as stream:
                    result = json.load(stream)
            X, Y, _, _ = load(os.path.join(args.data, f"{dataset}.npz"))
            splitter = MultilabelStratifiedKFold(N_FOLDS, shuffle=True, random_state=seed)
            folds = list(splitter.split(np.zeros((Y.shape[0], 1)), Y))
            models = {name: candidate(CONFIGS[name], seed) for name in configs}
            if args.reference:
                models.update(reference_models(seed))
            for name, model in models.items():
                if name in result:
                    continue
                started = time.perf_counter()
                result[name] = evaluate(model, X, Y, folds)
                print(f"{dataset} seed {seed} {name}: {result[name]} "
                      f"({time.perf_counter() - started:.0f}s)", file=sys.stderr, flush=True)
                with open(stored + ".tmp", "w") as stream:
                    json.dump(result, stream, indent=1)
                os.replace(stored + ".tmp", stored)
            results[dataset, seed] = result
    return names, results


def report(names, results, seeds, datasets):
    """Per-dataset means over seeds and average ranks, as Markdown."""
    lines = []
    for column, lower in (("f1_micro", False), ("f1_macro", False), ("ranking_loss", True)):
        table = np.array([[np.mean([results[d, s][n][column] for s in seeds]) for n in names]
                          for d in datasets])
        _, mean_ranks = average_ranks(table, lower_is_better=lower)
        lines += [f"\n{column} (training-split CV, mean over seeds {seeds})\n",
                  "| dataset | " + " | ".join(names) + " |",
                  "|---|" + "---:|" * len(names)]
        for dataset, row in zip(datasets, table):
            best = row.min() if lower else row.max()
            lines.append(f"| {dataset} | " + " | ".join(
                f"**{v:.3f}**" if v == best else f"{v:.3f}" for v in row) + " |")
        lines.append("| average rank | " + " | ".join(f"{r:.2f}" for r in mean_ranks) + " |")
    seconds = np.array([[np.mean([results[d, s][n]["fit_s"] for s in seeds]) for n in names]
                        for d in datasets])
    lines += ["\nfold-fit seconds\n", "| dataset | " + " | ".join(names) + " |",
              "|---|" + "---:|" * len(names)]
    lines += [f"| {d} | " + " | ".join(f"{v:.1f}" for v in row) + " |"
              for d, row in zip(datasets, seconds)]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--configs", default="",
                        help="comma-separated names of CONFIGS (default: FINALISTS)")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--no-reference", dest="reference", action="store_false",
                        help="leave out the RandomForest reference row")
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(),
                                                        "skmultinet_bench_defaults"))
    args = parser.parse_args(argv)
    args.seeds = [int(seed) for seed in args.seeds.split(",")]
    os.makedirs(args.cache, exist_ok=True)
    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.simplefilter("ignore", UndefinedMetricWarning)
    warnings.filterwarnings("ignore", message=".*[Ll]abel.*not present.*")
    names, results = run(args)
    print(report(names, results, args.seeds, args.datasets.split(",")))


if __name__ == "__main__":
    main()
