"""Ambassador and influencer programmes: the people who carry the brand, briefed,
tracked, measured and checked for the disclosure the law asks."""
