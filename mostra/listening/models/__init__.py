from mostra.listening.models.mention import Mention, MentionState
from mostra.listening.models.query import ListeningQuery, QueryGroup
from mostra.listening.models.source import Source

__all__ = ["ListeningQuery", "Mention", "MentionState", "QueryGroup", "Source"]
