"""Models of reintegration (none yet)."""
