"""The network estimator and its engine.

``MultiLabelNetClassifier`` (``_estimator.py``) is the scikit-learn face; it
turns targets into an indicator matrix (``_targets.py``), learns the input
scaling (``_scaling.py``), holds out the early-stopping rows
(``_splitting.py``), resolves the loss (``_loss_choice.py``) and the optimizer
(``_optimizers.py``), and hands a network (``networks/``, behind the
``Network`` interface) to the training engine (``training/``, entry point
``train_network``). Prediction turns logits into labels through
:class:`skmultinet.decision.LabelDecoder`.
"""

from ._estimator import MultiLabelNetClassifier

__all__ = ["MultiLabelNetClassifier"]
