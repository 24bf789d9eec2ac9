"""Addresses people type, mistyped or built to trick, shared by the tests that feed them
to every place a person types an address."""

from __future__ import annotations

HOSTILE = [
    "http://0177.0.0.1/@someone",  # 0177 is 127 in octal
    "someone@[zz",  # an instance that is not a name
    "https://[::1",  # an unclosed IPv6 bracket
    "http://exa mple.org/@someone",  # a space in the host
    "https://social.example:99999/@someone",  # a port out of range
    "https://2130706433/@someone",  # the system reads it as 127.0.0.1
    "https://exa%20mple.org/@someone",  # an encoded space in the host
]
