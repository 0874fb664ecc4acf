"""Measured accuracy of the parts of the archive that guess (claim extraction)."""
