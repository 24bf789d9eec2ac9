"""The API's cast (Alice the owner, Bob the teammate, Charlie the outsider, each with a
token) for the programme's API tests: the fixtures of tests/api/conftest.py."""

from tests.api.conftest import alice, api_as, bob, charlie, tokens

__all__ = ["alice", "api_as", "bob", "charlie", "tokens"]
