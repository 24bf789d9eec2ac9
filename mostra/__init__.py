"""mostra: social media strategy and operations, from mission to metrics."""

__version__ = "0.1.0"
