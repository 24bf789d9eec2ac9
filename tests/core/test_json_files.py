"""The one reader of JSON files people give: a value, or UnreadableJSON saying why; a
large file's array read as a stream, item by item, with the same refusals."""

from __future__ import annotations

import io
import json

import pytest

from mostra.core import json_files
from mostra.core.json_files import StreamedArray, UnreadableJSON, read_json


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


# --- StreamedArray: one item at a time ---------------------------------------------------

ITEMS = [{"tweet": {"id": str(n), "text": "é🧀" * (n % 9), "n": n * 1.5}} for n in range(300)]


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_the_items_come_one_at_a_time_whatever_cuts_the_chunks(monkeypatch, chunk) -> None:
    monkeypatch.setattr(json_files, "CHUNK", chunk)
    text = "window.YTD.tweets.part0 = " + json.dumps(ITEMS, indent=2) + ";\n"
    assert list(StreamedArray(io.BytesIO(text.encode()), "tweets.js")) == ITEMS
    numbers = StreamedArray(io.BytesIO(b"[123456789, -2.5e10, true, null, []]"), "n.json")
    assert list(numbers) == [123456789, -2.5e10, True, None, []]


@pytest.mark.parametrize("chunk", [3, 4096])
def test_a_member_of_an_object_is_streamed_and_the_others_kept(monkeypatch, chunk) -> None:
    monkeypatch.setattr(json_files, "CHUNK", chunk)
    document = {"type": "OrderedCollection", "orderedItems": [1, {"a": [2]}], "after": {"b": 1}}
    outbox = StreamedArray(io.BytesIO(json.dumps(document).encode()), "o", key="orderedItems")
    assert list(outbox) == [1, {"a": [2]}]
    assert outbox.found and outbox.members == {"type": "OrderedCollection", "after": {"b": 1}}
    other = StreamedArray(io.BytesIO(b'{"orderedItems": {"a": 1}}'), "o", key="orderedItems")
    assert list(other) == [] and not other.found and other.members == {"orderedItems": {"a": 1}}
    array = StreamedArray(io.BytesIO(b"[1, 2]"), "o", key="orderedItems")
    assert list(array) == [] and array.value == [1, 2]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"a": 1},\n{"b": }]', "tweets.js is not valid JSON (line 2)"),
        (b'[{"a": 1},\n{"b": 1}, {"c": ', "tweets.js is not valid JSON (line 2)"),
        (b"[1] 2", "tweets.js is not valid JSON (line 1)"),
        (b"[" + b"[" * 100_000 + b"]" * 100_001, "nested too deeply to be read"),
        (b"\xff\xfe[1]", "tweets.js is not valid JSON"),
        (b"window.YTD = nothing", "tweets.js holds no list"),
    ],
)
def test_what_cannot_be_streamed_says_why(monkeypatch, data, message) -> None:
    monkeypatch.setattr(json_files, "CHUNK", 5)
    with pytest.raises(UnreadableJSON) as caught:
        list(StreamedArray(io.BytesIO(data), "tweets.js"))
    assert message in caught.value.message


def test_a_mistake_is_found_where_it_is_not_after_reading_on(monkeypatch) -> None:
    """A broken item in a large file is refused there, not after MAX_ITEM more bytes."""
    monkeypatch.setattr(json_files, "MAX_ITEM", 1000)
    data = b"[" + b'{"a": 1},' * 1000 + b'{"a": ]},' + b'{"a": 1},' * 10_000 + b"{}]"
    with pytest.raises(UnreadableJSON, match="not valid JSON"):
        list(StreamedArray(io.BytesIO(data), "big.json"))
    endless = b'[{"a": "' + b"x" * 5000
    with pytest.raises(UnreadableJSON, match="holds an item of more than 0 MB"):
        list(StreamedArray(io.BytesIO(endless), "big.json"))
