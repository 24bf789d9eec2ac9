"""Why a QR code or a printable support was refused."""

from __future__ import annotations

from mostra.core.errors import DomainError


class QrRefused(DomainError):
    """Bad input for a QR code (colours, logo, target, size, support): ``message`` says
    what to do; nothing was created."""
