"""Prediction in chunks of rows: which rows go together, and which input skips validation.

Prediction streams its rows so that memory is bounded by a chunk, not by the
number of rows, while every row of a float64 input gets exactly the bits it
gets in one block (float32 rows may differ in the last bit: BLAS's float32 kernels
round a row differently by the matrix's row count, chunked or not).
"""

import numpy as np


def is_plain_float_matrix(X, n_features):
    """Whether ``X`` needs none of ``validate_data``'s conversions or checks.

    ``validate_data`` costs about 150 microseconds, most of a one-row
    prediction. A finite float ndarray of the fitted width (for a model fitted
    without feature names) is already what it would return, so prediction
    skips it; anything else goes through it and gets its errors and warnings.
    """
    return (
        type(X) is np.ndarray
        and X.ndim == 2
        and X.dtype in (np.float64, np.float32)
        and X.shape[1] == n_features
        and X.shape[0] > 0
        # On many rows, a finite sum says that every entry is finite (NaN and
        # inf propagate) without the boolean copy of X that ``isfinite(X)``
        # makes; a sum that overflows merely sends X through ``validate_data``.
        and bool(np.isfinite(X).all() if X.shape[0] <= MIN_CHUNK_ROWS
                 else np.isfinite(X.sum()))
    )


# Rows of a prediction chunk: about this many bytes of float64 activations for
# the widest layer. A chunk's arrays then stay a few tens of MiB (the
# activation, its successor, an activation function's temporaries), however
# many rows are predicted, instead of rows x widest layer at once (2 GB for a
# million rows and 256 units); and chunks of this size are faster than one
# block, their activations staying closer to the CPU.
CHUNK_BYTES = 32 * 2**20
# Every row must get the bits it gets in one block, and BLAS rounds the same
# row differently by the kernel it takes, which depends on the matrix size and
# on the row's place among groups of a few rows. So chunks are large (never
# under this many rows, and the last one at least half a chunk) and start at
# multiples of CHUNK_ALIGN rows, as in the one block.
MIN_CHUNK_ROWS = 1024
CHUNK_ALIGN = 64


def chunk_bounds(n_samples, network):
    """Row bounds ``[0, ..., n_samples]`` of the chunks a prediction runs in.

    Parameters
    ----------
    n_samples : int
    network : Network
        Its widest computed layer (hidden or output; the input is only read)
        sets the rows of a chunk: ``CHUNK_BYTES / (8 * widest)``, rounded up
        to a multiple of ``CHUNK_ALIGN``, at least ``MIN_CHUNK_ROWS``.

    Returns
    -------
    bounds : list of int
        ``[0, n_samples]`` when one chunk suffices (at most
        ``MIN_CHUNK_ROWS`` rows, or up to 1.5 chunks);
        otherwise chunks of that many rows, the last one taking the rest
        (between half and one and a half chunks).
    """
    if n_samples <= MIN_CHUNK_ROWS:
        return [0, n_samples]  # no chunk is smaller: a few rows are one block
    widths = getattr(network, "layer_sizes", (network.n_features, network.n_outputs))[1:]
    chunk_rows = max(CHUNK_BYTES // (8 * max(widths)), MIN_CHUNK_ROWS)
    chunk_rows = -(-chunk_rows // CHUNK_ALIGN) * CHUNK_ALIGN
    n_chunks = max((n_samples + chunk_rows // 2) // chunk_rows, 1)
    return [chunk * chunk_rows for chunk in range(n_chunks)] + [n_samples]
