from mostra.listening.models.firehose import FirehoseCursor
from mostra.listening.models.inbox import InboxSettings, MentionNote, MentionTag, SavedFilter
from mostra.listening.models.mention import Mention, MentionState
from mostra.listening.models.query import ListeningQuery, QueryGroup
from mostra.listening.models.reply import MentionReply
from mostra.listening.models.source import Source

__all__ = [
    "FirehoseCursor",
    "InboxSettings",
    "ListeningQuery",
    "Mention",
    "MentionNote",
    "MentionReply",
    "MentionState",
    "MentionTag",
    "QueryGroup",
    "SavedFilter",
    "Source",
]
