"""vlaplay_server: a reference policy server for vlaplay's remote policies.

Speaks openpi's websocket + msgpack protocol (and an HTTP JSON `POST /act` protocol
as OpenVLA deployments do), serves small built-in policies (a scripted pick-and-place
`demo`, `zeros`, `echo`, `random`) and injects faults on request. Run
`python -m vlaplay_server --help` (with PYTHONPATH=python) for the details.
"""

__version__ = "0.1.0"
