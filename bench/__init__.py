"""Benchmarks, run on demand (`make bench`); each prints ratios against a baseline
measured in the same run, on the same machine, so numbers compare across machines."""
