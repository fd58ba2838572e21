// Remote policies: openpi's websocket + msgpack protocol and HTTP JSON `POST /act`.
