"""Listening ("veille"): sources polled for what is said about the workspace, queries in
a boolean language matched against every incoming item, the inbox, and the alerts that
run the crisis playbook."""
