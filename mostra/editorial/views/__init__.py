"""The editorial pages; each area has its own modules (see urlparts/)."""
