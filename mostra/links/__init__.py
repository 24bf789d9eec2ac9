"""Tracked links: UTM-tagged short links served by the instance, their clicks and QR codes
(issue 17)."""
