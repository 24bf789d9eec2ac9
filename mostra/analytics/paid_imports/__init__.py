"""Ad managers' exports (Meta Ads Manager, LinkedIn Campaign Manager) into paid campaigns.

:mod:`.reader` reads a file (through the analytics importers' tables and values),
:mod:`.service` matches its rows to campaigns and stores them (:mod:`mostra.paid`).
"""
