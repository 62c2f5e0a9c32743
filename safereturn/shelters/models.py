"""Models of shelters (none yet)."""
