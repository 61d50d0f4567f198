"""The `tuilink` command. Imports stay lazy so that `tuilink --help` never loads Textual."""
from __future__ import annotations

import sys
from typing import Any

import click

from . import __version__

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _csv(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def fail(message: str) -> None:
    """One clear line on stderr, exit status 2."""
    click.echo(f"tuilink: {message}", err=True)
    sys.exit(2)


def session_options(f: Any) -> Any:
    for option in reversed([
        click.option("--events", "events_path", metavar="FILE", help="Append every event as one JSON line."),
        click.option("--result", "result_path", metavar="FILE", help="Write the callback JSON."),
        click.option("--state", metavar="FILE", help="Keep sandbox state (Items, tokens, returning users) in SQLite."),
    ]):
        f = option(f)
    return f


@click.group(invoke_without_command=True, context_settings=CONTEXT)
@click.option("--products", metavar="LIST", help="Comma-separated products, e.g. auth,identity.")
@click.option("--country-codes", metavar="LIST", help="Comma-separated country codes, e.g. US,CA.")
@click.option("--phone", metavar="E164", help="user.phone_number, e.g. +14155550011 (Link shows its last 4 digits).")
@click.option("--client-name", metavar="NAME", help="client_name shown in Link.")
@click.option("--config", "config_path", metavar="FILE", help="A /link/token/create body (JSON or TOML).")
@session_options
@click.option("--no-returning-user", is_flag=True, help="No phone pane (Plaid's documented event sequences).")
@click.option("--account-select", type=click.Choice(["single", "multiple", "all"]), default="multiple",
              show_default=True, help="Account Select mode.")
@click.option("--latency-ms", type=click.IntRange(0, 60000), default=250, show_default=True,
              help="Simulated backend latency, shown as LOADING.")
@click.version_option(__version__, "--version")
@click.pass_context
def cli(ctx: click.Context, products: str | None, country_codes: str | None, phone: str | None,
        client_name: str | None, config_path: str | None, events_path: str | None, result_path: str | None,
        state: str | None, no_returning_user: bool, account_select: str, latency_ms: int) -> None:
    """tuilink: Plaid Link in a terminal, on an emulated Plaid Sandbox.

    Opens Link; when the session ends, prints the callback as JSON on stdout
    ({"callback": "onSuccess", ...} exits 0, {"callback": "onExit", ...} exits 1).
    """
    if ctx.invoked_subcommand is not None:
        return
    from .flow import Options
    from .launch import ConfigError, embedded_session, link_token_body, read_config
    from .plaid.errors import PlaidApiError

    try:
        config = read_config(config_path) if config_path else None
    except ConfigError as exc:
        fail(f"--config {exc}")
    body = link_token_body(config, products=_csv(products), country_codes=_csv(country_codes), phone=phone,
                           client_name=client_name)
    options = Options(returning_user=not no_returning_user, account_select=account_select)  # type: ignore[arg-type]
    try:
        session = embedded_session(body, options, state=state, latency_ms=latency_ms)
    except PlaidApiError as exc:
        fail(f"{exc.error.error_code}: {exc.error.error_message}")
    sys.exit(_interactive(session, events_path, result_path))


def _interactive(session: Any, events_path: str | None, result_path: str | None) -> int:
    from .flow.events import EventLog, result_json
    from .ui.app import LinkApp

    events = open(events_path, "a", encoding="utf-8") if events_path else None
    if events:
        session.event_listeners.append(EventLog(events))
    try:
        LinkApp(session).run()
    finally:
        if events:
            events.close()
    return emit_result(session, result_path, result_json)


def emit_result(session: Any, result_path: str | None, result_json: Any) -> int:
    """The callback JSON on stdout (and in --result); 0 after onSuccess, 1 after onExit."""
    result = session.result
    if result is None:  # the app was closed without Link calling back
        session.exit()
        if session.pane.id == "EXIT":
            session.confirm_exit()
        result = session.result
    if result is None:
        return 1
    text = result_json(result)
    if result_path:
        with open(result_path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    try:
        click.echo(text)
    except BrokenPipeError:
        pass
    return 0 if result.callback == "onSuccess" else 1


@cli.command(context_settings=CONTEXT)
@click.argument("query", required=False, default="")
def institutions(query: str) -> None:
    """The sandbox institution cheat sheet: id, name, Auth flows, OAuth, health."""
    from .sandbox.catalogue import default_catalogue

    cat = default_catalogue()
    found = cat.search(query, limit=1000) if query else cat.institutions
    if not found:
        click.echo(f"no institution matches {query!r}")
        sys.exit(1)
    rows = [("ID", "NAME", "COUNTRY", "AUTH FLOWS", "OAUTH", "HEALTH", "NOTE")]
    for i in found:
        rows.append((i.institution_id, i.name, ",".join(i.country_codes), ",".join(i.auth_methods) or "-",
                     "yes" if i.oauth else "no", i.health if i.supported else "UNSUPPORTED", i.note))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    for r in rows:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths)) + "  " + r[-1])


@cli.command(context_settings=CONTEXT)
@click.argument("scripts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@session_options
@click.option("--size", default="80x24", show_default=True, metavar="WxH", help="Terminal size of the headless run.")
def run(scripts: tuple[str, ...], events_path: str | None, result_path: str | None, state: str | None,
        size: str) -> None:
    """Run scenario scripts headlessly through the real UI: one PASS/FAIL line per script."""
    from .scripts.runner import run_scripts

    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError:
        fail(f"--size: expected WIDTHxHEIGHT, got {size!r}")
    ok = run_scripts(list(scripts), events_path=events_path, result_path=result_path, state=state,
                     size=(width, height))
    sys.exit(0 if ok else 1)


def main() -> None:
    try:
        code = cli.main(standalone_mode=False, prog_name="tuilink")
    except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click < 8.2
        click.echo(exc.format_message(), err=True)
        sys.exit(2)
    except click.UsageError as exc:
        fail(exc.format_message().replace("\n", " "))
    except click.ClickException as exc:
        click.echo(f"tuilink: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    sys.exit(code or 0)
