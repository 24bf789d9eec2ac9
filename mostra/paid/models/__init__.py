from mostra.paid.models.campaign import Campaign, CampaignDay, Kind, Origin

__all__ = ["Campaign", "CampaignDay", "Kind", "Origin"]
