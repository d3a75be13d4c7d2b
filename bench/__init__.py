"""Benchmarks: see README.md. `bench.settings` is the project's settings for benchmark runs."""
