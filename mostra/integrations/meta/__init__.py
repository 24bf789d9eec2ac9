"""Meta's Graph API: Facebook Pages (network ``facebook``) and Instagram professional
accounts (network ``instagram``), connected with one Meta application."""

from mostra.integrations.meta.facebook import FacebookPage
from mostra.integrations.meta.instagram import InstagramAccount

__all__ = ["FacebookPage", "InstagramAccount"]
