from mostra.charter.models.charter import (
    AddressForm,
    Charter,
    CharterLanguage,
    InclusiveWriting,
)
from mostra.charter.models.rule import CharterNetworkRule, EmojiPolicy

__all__ = [
    "AddressForm",
    "Charter",
    "CharterLanguage",
    "CharterNetworkRule",
    "EmojiPolicy",
    "InclusiveWriting",
]
