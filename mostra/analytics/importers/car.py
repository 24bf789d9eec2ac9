"""Reading a CAR file (a Bluesky repository export) block by block, from a stream.

A CARv1 file is a header, then blocks, each prefixed by its length::

    varint(len(header)) header          header: DAG-CBOR {"roots": [CID], "version": 1}
    varint(len(CID) + len(data)) CID data      … to the end of the file

A CID is either 34 bytes (version 0: a SHA-256 multihash, ``12 20 …``) or varints
(version, codec, hash code, digest length) then the digest. :func:`read_header` and
:func:`blocks` read them a block at a time (libipld decodes each block), so that the
whole file is never in memory, nor all its decoded blocks; anything that does not fit
the format is a :class:`CarError` (a ValueError, as libipld's own).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import libipld


class CarError(ValueError):
    """The bytes are not a CAR file (damaged, cut, or another kind of file)."""


def _varint(stream: IO[bytes], *, at_end_ok: bool = False) -> int | None:
    """The next unsigned varint; None at the file's end when ``at_end_ok``."""
    value = _raw_varint(stream, at_end_ok=at_end_ok)
    return None if value is None else value[0]


def _raw_varint(stream: IO[bytes], *, at_end_ok: bool = False) -> tuple[int, bytes] | None:
    """(value, its bytes) of the next varint."""
    value = shift = 0
    raw = bytearray()
    while True:
        byte = stream.read(1)
        if not byte:
            if at_end_ok and not raw:
                return None
            raise CarError("the file ends inside a length")
        raw += byte
        value |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return value, bytes(raw)
        shift += 7
        if shift > 63:
            raise CarError("a length is too long")


def _exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise CarError("the file ends inside a block")
    return data


def _cid(stream: IO[bytes]) -> bytes:
    """The next CID's bytes: version 0 (34 bytes), or version, codec, hash, digest."""
    first = _exactly(stream, 1)
    if first == b"\x12":
        return first + _exactly(stream, 33)
    if first != b"\x01":
        raise CarError("a CID of an unknown version")
    raw = bytearray(first)
    for _part in ("codec", "hash"):
        found = _raw_varint(stream)
        assert found is not None
        raw += found[1]
    length = _raw_varint(stream)
    assert length is not None
    if length[0] > 64:
        raise CarError("a CID's digest is too long")
    return bytes(raw + length[1]) + _exactly(stream, length[0])


def read_header(stream: IO[bytes]) -> dict[str, Any]:
    """The CAR header (its ``roots``), the stream left at the first block."""
    length = _varint(stream)
    assert length is not None
    if length > 1024 * 1024:
        raise CarError("the header is too long")
    header = libipld.decode_dag_cbor(_exactly(stream, length))
    if not isinstance(header, dict):
        raise CarError("the header is not a map")
    return header


def blocks(stream: IO[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """Each (CID, encoded block) after the header, in the file's order."""
    while (length := _varint(stream, at_end_ok=True)) is not None:
        cid = _cid(stream)
        if length < len(cid):
            raise CarError("a block is shorter than its CID")
        yield cid, _exactly(stream, length - len(cid))
