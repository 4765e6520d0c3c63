"""The network estimator and its engine.

``MultiLabelNetClassifier`` (``_estimator.py``) is the scikit-learn face; it
turns targets into an indicator matrix (``_targets.py``), learns the input
scaling (``_scaling.py``), holds out the early-stopping rows
(``_splitting.py``), and hands the network (``networks/``) to the training
engine (``training/``). Prediction turns logits into labels through
:mod:`skmultinet.decision`.
"""

from ._estimator import MultiLabelNetClassifier

__all__ = ["MultiLabelNetClassifier"]
