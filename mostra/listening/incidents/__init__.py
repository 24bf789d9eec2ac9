"""Alerts and incidents: the crisis playbook's triggers evaluated over the mentions."""
