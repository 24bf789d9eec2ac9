"""One package per network, one interface (:mod:`mostra.integrations.base`), one registry."""
