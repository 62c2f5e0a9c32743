"""Models of protection (none yet)."""
