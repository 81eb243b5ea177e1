"""TLS under an admitted connection (node/admission.py): the connection's protocol sees
plaintext, while the admission still sees, counts and times the raw bytes, TLS handshake
included.

The layer is asyncio's own TLS protocol (asyncio.sslproto.SSLProtocol, the one
`loop.create_server(ssl=...)` uses), stacked by hand: `loop.start_tls` would do the same in
a public way, but under uvloop it loses the bytes that arrive with the handshake and never
returns (MagicStack/uvloop#707), and `create_server(ssl=...)` hands a connection to its
protocol only once TLS is up, too late to count it.
"""

import asyncio
import ssl
from asyncio import sslproto
from collections.abc import Callable


class SecuredProtocol(asyncio.Protocol):
    """The plaintext side of the layer: reports the transport the TLS layer made for the
    connection, then passes everything on to the connection's protocol."""

    def __init__(
        self, inner: asyncio.Protocol, on_secured: Callable[[asyncio.BaseTransport], None]
    ) -> None:
        self._inner, self._on_secured = inner, on_secured

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """TLS is up: report `transport`, hand it to the connection's protocol."""
        self._on_secured(transport)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        """Pass decrypted `data` on."""
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        """Pass the end of the client's data on."""
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        """Pass the end of the connection on."""
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        """Pass flow control on."""
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        """Pass flow control on."""
        self._inner.resume_writing()


def tls_server_layer(
    inner: asyncio.Protocol,
    context: ssl.SSLContext,
    handshake_timeout_s: int | None,
    on_secured: Callable[[asyncio.BaseTransport], None],
) -> asyncio.BufferedProtocol:
    """A protocol for an accepted connection that runs the server side of TLS with `context`
    (within `handshake_timeout_s`, None: asyncio's default) and gives `inner` the plaintext,
    after calling `on_secured` with the transport `inner` gets. Requires a running loop."""
    loop = asyncio.get_running_loop()
    return sslproto.SSLProtocol(
        loop,
        SecuredProtocol(inner, on_secured),
        context,
        loop.create_future(),  # the waiter start_tls would await; nobody awaits it here
        server_side=True,
        ssl_handshake_timeout=handshake_timeout_s,
    )


def pass_bytes(protocol: asyncio.Protocol | asyncio.BufferedProtocol, data: bytes) -> None:
    """Give `data` to `protocol`, through its buffer if it is a BufferedProtocol."""
    if not isinstance(protocol, asyncio.BufferedProtocol):
        protocol.data_received(data)
        return
    view = memoryview(data)
    while view:
        buffer = memoryview(protocol.get_buffer(len(view)))
        count = min(len(buffer), len(view))
        buffer[:count] = view[:count]
        protocol.buffer_updated(count)
        view = view[count:]
