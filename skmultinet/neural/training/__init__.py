"""The training engine: resident data, compiled epochs, cached trainers, distribution."""
