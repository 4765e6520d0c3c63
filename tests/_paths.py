"""Where the shared benchmark data live, seen from any test wing."""

import os

#: ``../shared/data`` beside the checkout (tests that need it skip without it).
SHARED_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
