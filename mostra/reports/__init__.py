"""Reports: the team's live dashboard and the evangelisation report (infographic, PDF,
scheduled e-mail), from the figures analytics computes."""
