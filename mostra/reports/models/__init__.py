"""The reports app's models (one a file, re-exported here)."""
