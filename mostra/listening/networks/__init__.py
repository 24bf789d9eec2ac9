"""Listening sources read from social networks' public APIs, without logging in: a
Mastodon instance's hashtag or public timeline (:mod:`.mastodon`) and an AppView's post
search on Bluesky (:mod:`.bluesky`). Each fetcher takes its parameters and a cursor and
returns :class:`~mostra.listening.items.FetchedItem` objects with the cursor to keep."""
