"""Models of support (none yet)."""
