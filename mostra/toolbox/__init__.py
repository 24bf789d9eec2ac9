"""The toolbox: the team's tool inventory and the website kit (issue 17)."""
