"""RSS and Atom feeds: fetched politely and safely (:mod:`.fetch`), parsed safely
(:mod:`.parse`), and the kinds that read them (:mod:`.kinds`): any feed, and the presets
that build a feed's address from what the user types (Google News, Google Alerts,
Reddit, YouTube)."""
