"""The reports app's views, one module per page group."""
