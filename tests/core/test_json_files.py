"""The one reader of JSON files people give: a value, or UnreadableJSON saying why."""

from __future__ import annotations

import pytest

from mostra.core.json_files import UnreadableJSON, read_json


def test_a_value_is_read_from_bytes_with_a_byte_order_mark_or_from_text() -> None:
    assert read_json('\ufeff{"a": [1, 2]}'.encode(), "a.json") == {"a": [1, 2]}
    assert read_json("[1]", "a.json") == [1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "outbox.json holds lists or objects nested too deeply"),
        ('{"a":' * 5_000 + "1" + "}" * 5_000, "nested too deeply to be read"),
        ('{"a": 1,\n"b": }', "outbox.json is not valid JSON (line 2)"),
        (b"\xff\xfe[1]", "outbox.json is not valid JSON"),
    ],
)
def test_what_cannot_be_read_says_why(data, message) -> None:
    with pytest.raises(UnreadableJSON) as caught:
        read_json(data, "outbox.json")
    assert message in caught.value.message
    assert isinstance(caught.value, ValueError)
    assert caught.value.message == str(caught.value)
