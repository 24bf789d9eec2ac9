"""Posts in bulk, in and out of CSV files (format: docs/calendar-import-export.md)."""

from mostra.editorial.services.csv_posts.exporting import export_csv, posts_to_export
from mostra.editorial.services.csv_posts.importing import ImportSummary, check_csv, import_csv
from mostra.editorial.services.csv_posts.reading import FileRefused, Problem

__all__ = [
    "FileRefused",
    "ImportSummary",
    "Problem",
    "check_csv",
    "export_csv",
    "import_csv",
    "posts_to_export",
]
