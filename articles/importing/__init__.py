"""Seed files into archive rows: one transaction per file, editors' work kept."""

from articles.importing.batches import find_seed_files, import_files
from articles.importing.importer import FileResult, Importer, Status

__all__ = ["FileResult", "Importer", "Status", "find_seed_files", "import_files"]
