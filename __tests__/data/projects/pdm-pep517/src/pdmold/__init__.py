"""pdm-old."""
