"""The optional API key: `Authorization: Api-Key <key>` (as openpi's client sends it)."""

from __future__ import annotations

import hmac


def check_authorization(header: str | None, api_key: str | None) -> str | None:
    """None when the request may go on, else the reason it may not (never echoes a key)."""
    if not api_key:
        return None
    if not header:
        return "missing Authorization header: this server needs 'Authorization: Api-Key <key>'"
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "api-key":
        return f"Authorization scheme {scheme!r} is not supported: send 'Authorization: Api-Key <key>'"
    if not hmac.compare_digest(value.strip().encode(), api_key.encode()):
        return "wrong API key in 'Authorization: Api-Key <key>'"
    return None
