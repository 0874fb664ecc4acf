"""Seed files into archive rows: one transaction per file, editors' work kept."""

from articles.importing.importer import FileResult, Importer, Status, find_seed_files, import_files

__all__ = ["FileResult", "Importer", "Status", "find_seed_files", "import_files"]
