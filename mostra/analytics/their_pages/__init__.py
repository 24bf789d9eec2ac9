"""What works on their pages: competitors' most engaging posts and formats beside ours.

:mod:`.figures` reads and computes (a fixed number of queries); :mod:`.takeaways` says
what the figures show, in the reader's language; :mod:`.export` gives them as data
(the API and ``mostra compare formats``).
"""
