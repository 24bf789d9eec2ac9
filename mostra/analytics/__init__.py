"""Analytics: the accounts' history (imported archives and exports, collected metrics),
the KPI catalogue computed from it, objective progress, competitors, best time to post."""
