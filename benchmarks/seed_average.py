"""``SeedAverage``: one estimator fitted with several seeds, probabilities averaged.

What averaging a few networks (as ``AutoMultiLabelNet`` does) would buy the
defaults. The package's own ``auto._ensemble.SeedAveragedClassifier`` does this,
but it is private and benchmarks use the public API only, hence this plain loop.
Shared by ``bench_defaults.py`` (training-split cross-validation) and
``bench_seed_average.py`` (test splits).
"""

import numpy as np
from sklearn.base import BaseEstimator, clone


class SeedAverage(BaseEstimator):
    """Mean ``predict_proba`` of ``n`` copies of ``network`` (copy ``i`` seeded ``100 * seed + i``).

    Parameters
    ----------
    network : estimator
        Has ``random_state`` (an int) and ``predict_proba``.
    n : int, default=3
        Number of copies.
    """

    def __init__(self, network, n=3):
        self.network = network
        self.n = n

    def fit(self, X, Y):
        seed = self.network.random_state
        self.networks_ = [clone(self.network).set_params(random_state=seed * 100 + i).fit(X, Y)
                          for i in range(self.n)]
        return self

    def predict_proba(self, X):
        return np.mean([network.predict_proba(X) for network in self.networks_], axis=0)

    def predict(self, X):
        """Labels at the 0.5 cut of the averaged probabilities."""
        return (self.predict_proba(X) >= 0.5).astype(np.int8)
