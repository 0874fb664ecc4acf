"""Benchmarks for the seed importer (not tests): see bench/README.md."""
