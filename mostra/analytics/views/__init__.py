"""The analytics pages, one module per page."""
