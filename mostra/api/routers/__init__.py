"""One router per part of the product; each route resolves the member, then calls a service."""
