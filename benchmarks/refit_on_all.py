"""``RefitOnAll``: early stopping picks the number of epochs, then a fit on every row.

Early stopping holds out ``validation_fraction`` of the rows to decide when to
stop; on a few hundred rows that is both data the network never learns from
and a noisy judge. This wrapper, over the public API only, fits once with early
stopping, reads ``best_epoch_``, and fits again on all the rows for that many
epochs (no hold-out). Used by ``bench_defaults.py`` to measure whether the
defaults would gain from it, at twice the fit time.
"""

from sklearn.base import BaseEstimator, clone


class RefitOnAll(BaseEstimator):
    """``network`` refitted on every row for the epochs its early-stopped fit kept.

    Parameters
    ----------
    network : MultiLabelNetClassifier
        With ``early_stopping=True``.
    """

    def __init__(self, network):
        self.network = network

    def fit(self, X, Y):
        stopped = clone(self.network).fit(X, Y)
        self.epochs_ = max(1, int(stopped.best_epoch_))
        self.network_ = clone(self.network).set_params(
            early_stopping=False, epochs=self.epochs_).fit(X, Y)
        return self

    def predict_proba(self, X):
        return self.network_.predict_proba(X)

    def predict(self, X):
        return self.network_.predict(X)
