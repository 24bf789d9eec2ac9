"""Paid campaigns: always-on sponsored posts and one-off event campaigns, their budget,
spend and results (issue 17)."""
