"""A medium's bytes as a request body, read from its file by the chunk, never whole.

``content=FileBody(path)`` (with :attr:`FileBody.headers`) sends a file of any size with
a few tens of kilobytes in memory; its ``Content-Length`` is given, so that the request
is not chunked (servers that want a length get it) and the publication's deadline
counts its upload time (:func:`mostra.core.http.calls_within`). It may be sent again (a
retry after a refreshed token): each sending reads the file from its start. Multipart
uploads pass the open file instead (``files={"media": (name, handle, type)}``), which
httpx also reads by the chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

#: Bytes read at a time.
CHUNK = 64 * 1024


class FileBody:
    """A file's content, read anew by the chunk each time the request is sent."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Length": str(self.size)}

    def __iter__(self) -> Iterator[bytes]:
        with self.path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
