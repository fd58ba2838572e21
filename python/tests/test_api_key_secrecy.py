"""Whatever a client puts in its Authorization header is never logged nor sent back
(issue 15, item 10): `Api-Key<TAB>KEY` used to be read as the scheme "Api-Key\\tKEY"
and echoed, key included, in the 401 body and the server's log."""

from __future__ import annotations

import pytest

from raw_peer import raw_exchange, ws_upgrade
from test_server_limits import eventually, http_request

SERVER_KEY = "the-servers-own-key-7731"
SENT = "client-secret-4410"

# Every shape of a header that must be refused; each carries SENT (a wrong key, or the
# right one in the wrong form).
REFUSED_FORMS = [
    f"Api-Key\t{SENT}", f"Bearer {SENT}", SENT, f"Api-Key:{SENT}", f"ApiKey {SENT}", f"Api-Key {SENT} extra",
    f"Basic {SENT}", f"Api-Key\t\t{SENT}\t", f"{SENT} Api-Key",
    f"Bearer {SERVER_KEY}", SERVER_KEY, f"Api-Key:{SERVER_KEY}",
]


def secrets_in(text: str) -> list[str]:
    return [k for k in (SENT, SERVER_KEY) if k in text]


@pytest.mark.parametrize("protocol", ["http", "ws"])
def test_refused_keys_are_neither_echoed_nor_logged(server, protocol):
    s = server("--protocol", protocol, "--policy", "zeros", "--api-key", SERVER_KEY)
    for form in REFUSED_FORMS:
        header = f"Authorization: {form}\r\n"
        request = (http_request(b"{}", headers=header) if protocol == "http" else ws_upgrade(extra=header))
        status, body = raw_exchange(s.host, s.port, request)
        assert status == 401, (form, status, body)
        assert secrets_in(body.decode("latin-1")) == [], (form, body)
    # Two Authorization headers, and one with a control character websockets refuses.
    for extra in (f"Authorization: Api-Key {SENT}\r\nAuthorization: Api-Key {SERVER_KEY}\r\n",
                  f"Authorization: Api-Key {SENT}\x01\r\n"):
        request = http_request(b"{}", headers=extra) if protocol == "http" else ws_upgrade(extra=extra)
        status, body = raw_exchange(s.host, s.port, request)
        # websockets drops a handshake it cannot parse (the control character) without a reply.
        assert status in (400, 401) or (protocol == "ws" and "\x01" in extra and body == b""), (extra, status, body)
        assert secrets_in(body.decode("latin-1")) == [], (extra, body)
    assert eventually(lambda: s.stderr().count("refused") >= len(REFUSED_FORMS))
    assert secrets_in(s.stderr()) == [], s.stderr()


@pytest.mark.parametrize("protocol", ["http", "ws"])
def test_a_tab_or_spaces_between_scheme_and_key_are_accepted(server, protocol):
    s = server("--protocol", protocol, "--policy", "zeros", "--api-key", SERVER_KEY)
    for form in (f"Api-Key\t{SERVER_KEY}", f"api-key   {SERVER_KEY}", f"API-KEY {SERVER_KEY} "):
        header = f"Authorization: {form}\r\n"
        status, body = raw_exchange(s.host, s.port, http_request(b"{}", headers=header + "Connection: close\r\n")
                                    if protocol == "http" else ws_upgrade(extra=header))
        assert status == (200 if protocol == "http" else 101), (form, status, body)
    assert secrets_in(s.stderr()) == []
