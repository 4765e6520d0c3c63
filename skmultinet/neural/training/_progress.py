"""``verbose``'s one line per epoch: progress, time elapsed and left, losses and metrics.

A plain ``print`` flushed at once: it reads the same in a terminal, a log
file and a notebook, where carriage-return progress bars garble.
"""

import time


def format_duration(seconds):
    """``0.42s``, ``12s``, ``3m05s``, ``1h02m``: short and readable at every scale."""
    if seconds < 10:
        return f"{seconds:.1f}s"
    if seconds < 60:
        return f"{seconds:.0f}s"
    minutes, seconds = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class EpochProgress:
    """Prints one line per epoch of a fit.

    The time left assumes the fit runs to the epoch limit, at the mean
    epoch time so far: early stopping may end it sooner.

    Parameters
    ----------
    epochs : int
        The epoch limit.
    """

    def __init__(self, epochs):
        self.epochs = epochs
        self.started = time.perf_counter()

    def line(self, epoch, logs, elapsed):
        """The line of ``epoch`` (1-based) with the values of ``logs``."""
        left = elapsed / epoch * (self.epochs - epoch)
        parts = [f"Epoch {epoch}/{self.epochs}",
                 f"{format_duration(elapsed)} elapsed, ~{format_duration(left)} left"]
        parts += [f"{name} {value:.4g}" for name, value in logs.items()]
        return " - ".join(parts)

    def report(self, epoch, logs):
        print(self.line(epoch, logs, time.perf_counter() - self.started), flush=True)
