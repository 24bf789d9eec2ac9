"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives.

Use the fixture in a test module::

    from tests.peers import smtp

    smtp_server = smtp.smtp_server

    def test_mail(smtp_server):
        ...  # send to 127.0.0.1:smtp_server.port
        assert smtp_server.messages[0]["Subject"] == "..."
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from tests.peers.missing import peer_missing


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    def __getitem__(self, header: str) -> Any:
        return self.message[header]

    @property
    def text(self) -> str:
        """The plain-text body, decoded."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


@dataclass
class Recorder:
    """aiosmtpd handler: accepts every message and keeps it."""

    messages: list[ReceivedMail] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        self.messages.append(
            ReceivedMail(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                message=message_from_bytes(raw, policy=policy.default),
            )
        )
        return "250 Message accepted for delivery"


class SmtpPeer:
    """Start and stop an SMTP server on a free loopback port."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.recorder = Recorder()
        self.controller = Controller(self.recorder, hostname=self.host, port=self.port)

    @property
    def messages(self) -> list[ReceivedMail]:
        return self.recorder.messages

    def __enter__(self) -> SmtpPeer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpPeer]:
    """A running SMTP server; without aiosmtpd, skipped locally and failed in CI."""
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        peer_missing(
            "smtp", "aiosmtpd is needed for the SMTP peer (pip install -r requirements/dev.lock)"
        )
    with SmtpPeer() as peer:
        yield peer
