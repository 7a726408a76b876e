"""``objection serve``: the web front on 127.0.0.1, behind a token, in the browser."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import click

from generator.cli.common import (
    N_,
    TranslatedCommand,
    TranslatedOption,
    UserError,
    common_options,
    say,
    ui_gettext,
)
from generator.cli.registering import REGISTER, register_option

#: The operator's password for a server other machines can reach (never an option: it
#: would show in the process list and the shell's history).
PASSWORD_VARIABLE = "OBJECTION_SERVE_PASSWORD"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command(
    cls=TranslatedCommand,
    help=N_(
        "Open the web front in your browser: your letter with its preview, the register, an "
        "organisation's campaign. It listens on 127.0.0.1 only and prints its address with a "
        "token; Ctrl-C stops it."
    ),
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    cls=TranslatedOption,
    help=N_("The port to listen on (default: a free one)."),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    cls=TranslatedOption,
    help=N_(
        "The address to listen on. Any other than 127.0.0.1 needs a password in "
        "OBJECTION_SERVE_PASSWORD."
    ),
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    cls=TranslatedOption,
    help=N_(
        "A name browsers reach the server by: a TLS reverse proxy's (cookies then travel over "
        "HTTPS only), or this machine's on the network with --host. It needs a password in "
        "OBJECTION_SERVE_PASSWORD."
    ),
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="out",
    show_default=True,
    cls=TranslatedOption,
    help=N_("Folder for the letters, form texts, proofs and campaigns made in the browser."),
)
@click.option(
    "--no-browser",
    is_flag=True,
    cls=TranslatedOption,
    help=N_("Do not open the browser: only print the address."),
)
@register_option
@common_options
def serve(
    port: int,
    host: str,
    allowed_hosts: tuple[str, ...],
    out_dir: Path,
    no_browser: bool,
    locale: str | None,
) -> None:
    _ = ui_gettext()
    password = os.environ.pop(PASSWORD_VARIABLE, None)  # not inherited by any child
    exposed = host not in LOOPBACK or any(name not in LOOPBACK for name in allowed_hosts)
    if exposed and not password:
        raise click.UsageError(
            _(
                "Other machines could reach this server: set a password in %(variable)s first "
                "(the server keeps only its hash), or leave --host and --allowed-host out.",
                variable=PASSWORD_VARIABLE,
            )
        )
    try:
        import uvicorn

        from generator import web
    except ImportError:
        raise UserError(
            _(
                "objection serve needs Starlette and uvicorn, which came with objection: "
                "reinstall it."
            ),
            1,
        ) from None
    listening = _socket(host, port)
    settings = web.Settings(
        out_dir=out_dir,
        register=click.get_current_context().find_root().meta.get(REGISTER),
        host=host,
        port=listening.getsockname()[1],
        password_hash=web.hash_password(password) if password else None,
        allowed_hosts=allowed_hosts,
        # Behind a proxy on this machine, browsers come through its TLS: cookies say so.
        secure_cookies=bool(allowed_hosts) and host in LOOPBACK,
    )
    url = f"http://{_shown(host)}:{settings.port}/?token={settings.token}"
    click.echo(url)
    say(_("Open this address in your browser; Ctrl-C stops the server."))
    if not no_browser:
        _open_browser(url)
    _run(uvicorn, web.create_app(settings), listening)


def _socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound here: port 0 gives a free one, and nothing can take it
    between choosing and listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        _ = ui_gettext()
        raise UserError(
            _(
                "Cannot listen on %(host)s port %(port)d (%(reason)s): choose another --port.",
                host=host,
                port=port,
                reason=exc.strerror or str(exc),
            ),
            1,
        ) from None
    listening.listen(128)
    return listening


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _open_browser(url: str) -> None:
    """The browser, where there is a desktop to show it on (never a text browser that would
    take over the terminal)."""
    import sys
    import webbrowser

    if sys.platform == "darwin" or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        webbrowser.open(url)


def _run(uvicorn: Any, app: Any, listening: socket.socket) -> None:
    """Serve until Ctrl-C; uvicorn says only what goes wrong (never a request line: the first
    one carries the token)."""
    ctx = click.get_current_context()
    verbose = ctx.find_root().meta.get("objection.verbose", 0)
    config = uvicorn.Config(
        app,
        log_level="info" if verbose else "warning",
        access_log=False,
        server_header=False,
        lifespan="on",
    )
    uvicorn.Server(config).run(sockets=[listening])
