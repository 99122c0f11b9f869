"""vcs-demo."""
