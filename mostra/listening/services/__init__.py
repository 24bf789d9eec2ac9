"""Every write of the listening: sources (:mod:`.sources`), their polling
(:mod:`.polling`), storing what they give (:mod:`.store`), OPML (:mod:`.opml`)."""
