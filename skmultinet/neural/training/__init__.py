"""The training engine: it trains a network and hands back NumPy weights.

:func:`train_network` is the entry point estimators use. Inside, by job:
``_data`` (training data resident on the device), ``_trainer`` (a network, its
optimizer and their compiled epoch), ``_fused_adam`` (Adam in one op per
variable), ``_keys`` (the trainer cache key), ``_cache`` (the process-wide
trainer cache), ``_loop`` (the epoch loop, early stopping, learning-rate
schedules), ``_epoch_metrics`` (the ``metrics`` computed each epoch and what
``monitor`` watches), ``_callbacks`` (the user's Keras callbacks at the epoch
boundaries), ``_progress`` (``verbose``'s line per epoch), ``_distribute``
(``tf.distribute`` strategies) and ``_session`` (one fit's use of all of them).
"""

from ._cache import clear_trainer_cache
from ._loop import (
    TrainingDiverged,
    TrainingResult,
    learning_rate_schedule,
    merged_history,
)
from ._session import TrainedNetwork, train_network

__all__ = [
    "TrainedNetwork",
    "TrainingDiverged",
    "TrainingResult",
    "clear_trainer_cache",
    "learning_rate_schedule",
    "merged_history",
    "train_network",
]
