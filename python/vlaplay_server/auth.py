"""The optional API key: `Authorization: Api-Key <key>` (as openpi's client sends it)."""

from __future__ import annotations

import hmac


def check_authorization(headers: list[str], api_key: str | None) -> str | None:
    """None when the request may go on, else the reason it may not.

    ``headers`` are every Authorization header the request carried. The reason is
    logged and sent back in the 401 body, so it never contains anything from the
    header: a client that writes ``Api-Key<TAB>KEY``, ``Bearer KEY`` or only ``KEY``
    would otherwise see its key echoed and written to the server's log (issue 15).
    """
    if not api_key:
        return None
    if not headers:
        return "missing Authorization header: this server needs 'Authorization: Api-Key <key>'"
    if len(headers) > 1:
        return "more than one Authorization header: send one, 'Authorization: Api-Key <key>'"
    # Any whitespace separates the scheme from the key (a tab is as good as a space).
    parts = headers[0].split(None, 1)
    if len(parts) != 2 or parts[0].lower() != "api-key":
        return "the Authorization header is not of the form 'Api-Key <key>' (scheme Api-Key, whitespace, the key)"
    if not hmac.compare_digest(parts[1].strip().encode("utf-8", "surrogateescape"), api_key.encode("utf-8", "surrogateescape")):
        return "wrong API key in 'Authorization: Api-Key <key>'"
    return None
