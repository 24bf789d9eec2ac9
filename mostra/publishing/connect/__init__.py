"""Connecting an account of a network that needs no OAuth application (Mastodon with a
token, Bluesky with an app password): log in with the network's client
(:mod:`mostra.integrations`), then store the account. ``<network>_cli.py`` holds the
network's ``mostra accounts connect <network>`` command."""
