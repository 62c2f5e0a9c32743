"""The SafeReturn benchmark harness (`make bench`; see bench/README.md and bench/run.py)."""
