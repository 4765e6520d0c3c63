"""A one-line progress bar for ``skmultinet compare``."""

import time


class ProgressBar:
    """A one-line ``\\r`` progress bar on a stream; silent when disabled.

    Parameters
    ----------
    stream : file object
        Where to draw (stderr).
    enabled : bool
        Draw or not (callers pass ``stream.isatty() and not quiet``).
    width : int, default=28
        Characters of the bar itself.

    Examples
    --------
    >>> import io
    >>> stream = io.StringIO()
    >>> ProgressBar(stream, enabled=True, width=4)(1, 2, "fold 1")
    >>> stream.getvalue()[:12]
    '\\r[##..] 1/2 '
    """

    def __init__(self, stream, enabled, width=28):
        self.stream = stream
        self.enabled = enabled
        self.width = width
        self.started = time.perf_counter()
        self._last_length = 0

    def __call__(self, done, total, what):
        if not self.enabled:
            return
        filled = int(round(self.width * done / max(total, 1)))
        elapsed = time.perf_counter() - self.started
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                f"{elapsed:4.0f}s  {what}")
        # Pad over the previous line: a shorter one would leave its tail visible.
        self.stream.write("\r" + line.ljust(self._last_length))
        self.stream.flush()
        self._last_length = len(line)

    def close(self):
        """Erase the bar so that the table starts on a clean line."""
        if self.enabled and self._last_length:
            self.stream.write("\r" + " " * self._last_length + "\r")
            self.stream.flush()
