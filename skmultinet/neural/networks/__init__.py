"""Networks the estimator can train: the built-in multi-layer perceptron."""
