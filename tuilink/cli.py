"""The `tuilink` command. Imports stay lazy so that `tuilink --help` never loads Textual."""
from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .backends.spec import BackendSpec
    from .flow.session import LinkSession
    from .flow.state import Options
    from .launch import Launcher

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _csv(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def fail(message: str) -> NoReturn:
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


catalogue_option = click.option(
    "--catalogue", metavar="FILE",
    help="An institution catalogue (e.g. from `tuilink sandbox generate-catalogue`) instead of the default.")


def _catalogue(path: str | None) -> Any:
    """The catalogue in `path` (None: the default), or one line on stderr and exit status 2."""
    if path is None:
        return None
    from .sandbox.catalogue import CatalogueError, load_catalogue

    try:
        return load_catalogue(path)
    except CatalogueError as exc:
        fail(f"--catalogue {exc}")


def backend_options(f: Any) -> Any:
    for option in reversed([
        click.option("--backend", metavar="URL", help="Run against a tuilink serve instance, e.g. http://127.0.0.1:7878."),
        click.option("--link-token", metavar="TOKEN", help="Open this link token (created on the --backend server)."),
        click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
                     help="Seconds to wait for the --backend server before Link shows its error pane."),
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
@backend_options
@click.option("--link-token-url", metavar="URL",
              help="Fetch the link token from your app server (POST; JSON answer with link_token). "
                   "Implies --backend " + "http://127.0.0.1:7878 unless given.")
@click.option("--on-success-url", metavar="URL",
              help="After onSuccess, POST the public token to your app server (form field public_token).")
@click.option("--on-success-json", is_flag=True,
              help="With --on-success-url: a JSON body with public_token and accounts.")
@click.option("--no-result-screen", is_flag=True,
              help="Close as soon as Link calls back, without the result screen.")
@click.option("--received-redirect-uri", metavar="URI",
              help="Link re-opened on the app's OAuth redirect page, at this address (the web SDK's "
                   "receivedRedirectUri): it carries on the session that left for the bank.")
@catalogue_option
@click.version_option(__version__, "--version")
@click.pass_context
def cli(ctx: click.Context, products: str | None, country_codes: str | None, phone: str | None,
        client_name: str | None, config_path: str | None, events_path: str | None, result_path: str | None,
        state: str | None, no_returning_user: bool, account_select: str, latency_ms: int, backend: str | None,
        link_token: str | None, timeout: float, link_token_url: str | None, on_success_url: str | None,
        on_success_json: bool, no_result_screen: bool, received_redirect_uri: str | None,
        catalogue: str | None) -> None:
    """tuilink: Plaid Link in a terminal, on an emulated Plaid Sandbox.

    Opens Link; when Link calls back, shows the callback (copy it, link another, quit). On quitting, prints
    each session's callback as one line of JSON on stdout ({"callback": "onSuccess", ...} exits 0,
    {"callback": "onExit", ...} exits 1; the last session decides).
    """
    if ctx.invoked_subcommand is not None:
        return
    body, options, spec = _link_setup(
        products=products, country_codes=country_codes, phone=phone, client_name=client_name,
        config_path=config_path, state=state, no_returning_user=no_returning_user, account_select=account_select,
        backend=backend, link_token=link_token, link_token_url=link_token_url, on_success_url=on_success_url,
        on_success_json=on_success_json, catalogue=catalogue, latency_ms=latency_ms, timeout=timeout)
    from dataclasses import replace  # not at the top: `--help` needs no dataclasses (12 ms)

    options = replace(options, web_redirects=in_overlay(), received_redirect_uri=received_redirect_uri)
    output = Output(events_path, result_path, show_result=not no_result_screen)
    sessions = _interactive(body, options, spec, output)
    code = emit_results(sessions, output)
    if on_success_url:
        for session in sessions:
            if session.result is not None and session.result.callback == "onSuccess":
                code = max(code, _hand_over(on_success_url, on_success_json, session.result))
    sys.exit(code)


def _link_setup(*, products: str | None, country_codes: str | None, phone: str | None, client_name: str | None,
                config_path: str | None, state: str | None, no_returning_user: bool, account_select: str,
                backend: str | None, link_token: str | None, link_token_url: str | None,
                on_success_url: str | None, on_success_json: bool, catalogue: str | None = None,
                latency_ms: int = 0, timeout: float = 10.0, **_: Any) -> tuple[dict[str, Any], Options, BackendSpec]:
    """What the Link flags ask for: the /link/token/create body, the session options and the backend spec. An
    unreadable --config or flags that contradict each other end here with one line on stderr and exit status 2.
    (`tuilink` and `tuilink web` both check their flags with it.)"""
    from .flow.state import Options
    from .launch import ConfigError, link_token_body, read_config

    try:
        config = read_config(config_path) if config_path else None
    except ConfigError as exc:
        fail(f"--config {exc}")
    body = link_token_body(config, products=_csv(products), country_codes=_csv(country_codes), phone=phone,
                           client_name=client_name)
    options = Options(returning_user=not no_returning_user, account_select=account_select)  # type: ignore[arg-type]
    if on_success_json and not on_success_url:
        fail("--on-success-json needs --on-success-url URL")
    return body, options, _spec(backend=backend, state=state, catalogue=catalogue, latency_ms=latency_ms,
                                link_token=link_token, link_token_url=link_token_url, timeout=timeout)


def _spec(**flags: Any) -> BackendSpec:
    """The backend spec of the flags, or one line on stderr and exit status 2."""
    from .backends.spec import SpecError, backend_spec

    try:
        return backend_spec(**flags)
    except SpecError as exc:
        fail(str(exc))


class Output:
    """Where an interactive run writes: `--events` (a line per event), `--result` (a line per callback, written
    when Link calls back), and whether the result screen is shown."""

    def __init__(self, events_path: str | None, result_path: str | None, *, show_result: bool) -> None:
        self.events_path = events_path
        self.result_path = result_path
        self.show_result = show_result
        self.events: Any = None
        self.results: Any = None
        self.hooks: list[Callable[[Any], Any]] = []  # more for each session (the web SDK's channel to the page)

    def open(self) -> None:
        if self.events_path:
            self.events = open(self.events_path, "a", encoding="utf-8")

    def attach(self, session: Any) -> Any:
        from .flow.events import EventLog, result_json

        if self.events:
            session.event_listeners.append(EventLog(self.events))
        if self.result_path:
            def write(result: Any) -> None:
                if self.results is None:  # created by the first callback (truncating an older file)
                    self.results = open(self.result_path, "w", encoding="utf-8")  # type: ignore[arg-type]
                self.results.write(result_json(result) + "\n")
                self.results.flush()

            session.result_listeners.append(write)
        for hook in self.hooks:
            hook(session)
        return session

    def close(self) -> None:
        for f in (self.events, self.results):
            if f is not None:
                f.close()


def _hand_over(url: str, as_json: bool, result: Any) -> int:
    """onSuccess's public token POSTed to the app server (the callback JSON is already on stdout)."""
    from .launch import post_public_token

    problem = post_public_token(url, result, as_json=as_json)
    if problem:
        click.echo(f"tuilink: {problem}", err=True)
        return 1
    click.echo(f"tuilink: public token sent to {url}", err=True)
    return 0


def _interactive(body: dict[str, Any], options: Options, spec: BackendSpec, output: Output) -> list[LinkSession]:
    """Open Link on the backend `spec` names; the consent pane paints first, the session starts right after.

    Embedded: the body is checked by Plaid's contract and rules before the terminal is taken over (a bad flag
    never flashes Link on screen); a --state or --catalogue file is checked in a forked process that runs while
    this one loads the UI. Remote: the token (given, fetched from the
    app server, or created from the flags) and its configuration are read before the terminal is taken over.
    Then, without a terminal to draw in and read keys from: one line and exit status 2.
    """
    from .backends.spec import Embedded
    from .launch import Launcher

    launcher = Launcher(body, options, spec, prepare=output.attach)
    if isinstance(spec, Embedded):
        problem = _body_problem(body)
        if problem:
            fail(problem)
        no_collections_until_painted()
        check = Precheck(spec.state, spec.catalogue) if spec.state or spec.catalogue else None
        from .ui.app import LinkApp  # noqa: F401 - loaded while the check runs

        problem = check.wait() if check is not None else ""
        if problem:
            fail(problem)
        _need_terminal()
        return _run_app(launcher.embedded, body, output, launcher)
    import asyncio

    from .launch import LaunchError, http_link_token, http_session, preview_of

    try:
        token, config = asyncio.run(http_link_token(spec, body))
    except LaunchError as exc:
        fail(str(exc))
    _need_terminal()
    return _run_app(lambda: output.attach(http_session(spec, token, options)), preview_of(config), output, launcher)


def _run_app(start: Callable[[], LinkSession], preview: dict[str, Any], output: Output,
             launcher: Launcher) -> list[LinkSession]:
    """Run Link until the user quits; every session it ran (empty if none started). `start()` opens the first
    session; `launcher` the ones after it (Link another, the palette's restarts)."""
    from .ui.app import LinkApp
    from .ui.textual_internals import SharedStylesheet, css_cache_file

    output.open()
    SharedStylesheet.persist_to(css_cache_file())  # Link's parsed CSS, kept between runs
    app = LinkApp(start=start, preview=preview, show_result=output.show_result, launcher=launcher)
    _on_the_terminal(app, output)

    def painted() -> None:
        gc.enable()  # see no_collections_until_painted
        SharedStylesheet.save()

    app.first_paint = painted
    try:
        app.run()
        SharedStylesheet.save()
        if app.start_error is not None:
            fail(_describe_start_error(app.start_error))
        for session in app.sessions:
            session.leave()  # a session left mid-flow reports onExit (written to --result too)
    finally:
        output.close()
    return app.sessions


def _on_the_terminal(app: Any, output: Output) -> None:
    """Draw at the terminal's size even with stdout redirected (`tuilink > result.json`), and close cleanly when
    the terminal goes away (textual_internals, item 6). In a web app's overlay (`tuilink serve`'s web SDK), the
    events and the callback go to the page as they happen (tuilink/ui/web_sdk.py)."""
    if in_overlay():
        from .ui import web_sdk

        app.driver_class = web_sdk.OverlayDriver
        output.hooks.append(web_sdk.attach)
        return
    from .ui.textual_internals import terminal_driver

    app.driver_class = terminal_driver() or app.driver_class


def in_overlay() -> bool:
    """Is this process the UI of a web SDK overlay (`tuilink serve` started it for a browser page)?"""
    return on_web_driver() and os.environ.get("TUILINK_WEB_SDK") == "1"


def _describe_start_error(exc: BaseException) -> str:
    from .plaid.errors import PlaidApiError

    if isinstance(exc, PlaidApiError):
        return f"{exc.error.error_code}: {exc.error.error_message}"
    return f"cannot start Link: {exc}"


def _body_problem(body: dict[str, Any]) -> str:
    """What Plaid refuses in the link token body, as "CODE: message" ("" when nothing). Pure Python over Plaid's
    request contract: cheap enough to run before the terminal is taken over, on the way to the first frame."""
    from .sandbox.token_rules import link_token_problem

    found = link_token_problem(body)
    return f"{found[0]}: {found[1]}" if found is not None else ""


def _problem(body: dict[str, Any], state: str | None, catalogue: str | None = None) -> str:
    """What stops a session from starting with this body, state file and catalogue ("" when nothing does)."""
    return _body_problem(body) or _files_problem(state, catalogue)


def _files_problem(state: str | None, catalogue: str | None) -> str:
    """What is wrong with the --state and --catalogue files ("" when nothing is)."""
    try:
        if state:
            from .sandbox.store import Store

            Store(state).close()
        if catalogue:
            from .sandbox.catalogue import CatalogueError, load_catalogue

            try:
                load_catalogue(catalogue)
            except CatalogueError as exc:
                return f"--catalogue {exc}"
    except Exception as exc:
        return _describe_start_error(exc)
    return ""


def no_collections_until_painted() -> None:
    """No cyclic garbage collection until Link's first frame is painted (`_run_app` turns it back on). Start-up
    only creates objects (modules, classes, widgets), so the collector's passes over them find nothing to free;
    they cost a tenth of the time to the first frame, and after the fork of `Precheck` each pass also copies the
    memory pages it touches. `gc.freeze` moves what exists now out of the collector's sight for good."""
    gc.disable()
    gc.freeze()


class Precheck:
    """The --state and --catalogue files checked (`_problem`) in a forked child, in parallel with loading the UI,
    where fork exists."""

    def __init__(self, state: str | None, catalogue: str | None = None) -> None:
        self._answer: str | None = None
        if not hasattr(os, "fork"):
            self._answer = _files_problem(state, catalogue)
            return
        self._read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: answer through the pipe, leave without running any parent cleanup
            os.close(self._read)
            try:
                os.write(write, _files_problem(state, catalogue).encode())
            finally:
                os._exit(0)
        os.close(write)

    def wait(self) -> str:
        if self._answer is None:
            chunks = []
            while chunk := os.read(self._read, 65536):
                chunks.append(chunk)
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._answer = b"".join(chunks).decode()
        return self._answer


def _need_terminal(command: str = "tuilink") -> None:
    """One line and exit status 2 when there is no terminal to run Link in (after every other check)."""
    if not has_terminal():
        fail(f"{command} needs a terminal; for scripts use `tuilink run`")


def has_terminal() -> bool:
    """Can Link run here: keys come from stdin and Textual draws on stderr (stdout stays free for the callback
    JSON), so both must be a terminal, unless Link runs on Textual's web driver (`tuilink web`)."""
    return on_web_driver() or (_is_terminal(sys.stdin) and _is_terminal(sys.stderr))


def _is_terminal(stream: Any) -> bool:
    """Whether `stream` is a terminal (a closed or missing stream is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def on_web_driver() -> bool:
    """Is Link running on Textual's web driver, as textual-serve (`tuilink web`) runs it? There, stdout is the
    byte stream of the browser's terminal, not a place to print to. Textual picks its driver by TEXTUAL_DRIVER,
    which textual-serve sets for the process it starts."""
    return os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:")


def emit_results(sessions: list[Any], output: Output) -> int:
    """Each session's callback JSON on stdout, one line each; 0 if the last was onSuccess, else 1."""
    from .flow.events import result_json

    results = [s.result for s in sessions if s.result is not None]
    if not results:  # closed before any session started
        return 1
    if in_overlay():  # the page has them already; the server logs one line per callback
        return 0 if results[-1].callback == "onSuccess" else 1
    try:
        for result in results:  # on the web driver: stderr, which textual-serve prints on its console
            click.echo(result_json(result), err=on_web_driver())
    except BrokenPipeError:
        pass
    return 0 if results[-1].callback == "onSuccess" else 1


@cli.group(context_settings=CONTEXT)
def sandbox() -> None:
    """Sandbox data tools."""


@sandbox.command("generate-catalogue", context_settings=CONTEXT)
@click.option("--count", type=click.IntRange(100, 200_000), default=12_000, show_default=True,
              help="Institutions in all (the Sandbox's own test institutions included).")
@click.option("--seed", type=int, default=2026, show_default=True, help="The same seed gives the same catalogue.")
@click.option("-o", "--output", metavar="FILE", default="catalogue.json", show_default=True)
def generate_catalogue(count: int, seed: int, output: str) -> None:
    """Write a production-size institution catalogue for --catalogue FILE (deterministic, realistic names,
    countries, products, OAuth, health and valid routing numbers)."""
    from .sandbox.generate import write

    try:
        written = write(output, count, seed)
    except OSError as exc:
        fail(f"--output {output}: {exc.strerror or exc}")
    except ValueError as exc:
        fail(f"--count {count}: {exc}")
    click.echo(f"tuilink: wrote {written} institutions to {output}", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("query", required=False, default="")
@catalogue_option
def institutions(query: str, catalogue: str | None) -> None:
    """The sandbox institution cheat sheet: id, name, Auth flows, OAuth, health."""
    from .sandbox.catalogue import default_catalogue

    cat = _catalogue(catalogue) or default_catalogue()
    found = cat.search(query, limit=1000) if query else cat.institutions
    if not found:
        click.echo(f"no institution matches {query!r}")
        sys.exit(1)
    rows = [("ID", "NAME", "COUNTRY", "AUTH FLOWS", "OAUTH", "HEALTH", "NOTE")]
    for i in found:
        rows.append((i.institution_id, i.name, ",".join(i.country_codes), ",".join(i.auth_methods) or "-",
                     "yes" if i.oauth else "no", i.health if i.supported else "UNSUPPORTED", i.note))
    if not _is_terminal(sys.stdout):  # piped, redirected or closed: plain TSV, a row per line, for other tools
        for r in rows:
            click.echo("\t".join(v.replace("\t", " ") for v in r))
        return
    import shutil

    for line in fit_table(rows, shutil.get_terminal_size().columns):
        click.echo(line)


def _blocks(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each row (after the headers) as a block: its first two cells, then the others, then its free text."""
    import textwrap

    lines: list[str] = []
    headers = rows[0]
    for r in rows[1:]:
        lines.append(f"{r[0]}  {r[1]}"[:width])
        middle = " · ".join(f"{headers[c].lower()} {r[c]}" for c in range(2, len(r) - 1))
        lines += textwrap.wrap(middle, width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
        lines += textwrap.wrap(r[-1], width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
    return lines


def fit_table(rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """Rows (the first: the headers) as aligned columns within `width`: the last column (a free text) wraps under
    itself; when the others do not leave it room, the widest of them after the first are shortened with "…"."""
    gap, least_text = 2, max(16, width // 3)
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    over = sum(widths) + gap * len(widths) + least_text - width
    while over > 0:
        slack = {c: widths[c] - max(len(rows[0][c]), 4) for c in range(1, len(widths))}
        column = max(slack, key=lambda c: slack[c])  # one character at a time off the widest: they stay balanced
        if slack[column] <= 0:
            break
        widths[column] -= 1
        over -= 1
    if over > 0:  # too narrow for columns: a block per row instead
        return _blocks(rows, width)
    text_at = sum(widths) + gap * len(widths)
    room = max(least_text, width - text_at)
    import textwrap

    lines = []
    for r in rows:
        cells = [v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(r, widths, strict=False)]
        head = (" " * gap).join(v.ljust(w) for v, w in zip(cells, widths, strict=True)) + " " * gap
        parts = textwrap.wrap(r[-1], room, break_on_hyphens=False) or [""]
        lines.append((head + parts[0]).rstrip())
        lines += [" " * text_at + part for part in parts[1:]]
    return lines


@cli.command(context_settings=CONTEXT)
@click.argument("public_token")
@click.option("--state", metavar="FILE", required=True, help="The sandbox state the token was created in.")
def exchange(public_token: str, state: str) -> None:
    """Exchange a public token for an access token, as /item/public_token/exchange answers."""
    import json

    from .link.tokens import request_id
    from .plaid.errors import PlaidApiError
    from .sandbox.service import Sandbox

    try:
        access_token, item_id = Sandbox(_open_state(state)).exchange_public_token(public_token)
    except PlaidApiError as exc:
        click.echo(json.dumps(exc.error.model_dump(mode="json", exclude_none=True)), err=True)
        sys.exit(1)
    click.echo(json.dumps({"access_token": access_token, "item_id": item_id, "request_id": request_id()}))


@cli.command("reset-login", context_settings=CONTEXT)
@click.argument("access_token")
@click.option("--state", metavar="FILE", required=True, help="The sandbox state the Item lives in.")
def reset_login(access_token: str, state: str) -> None:
    """Put an Item in ITEM_LOGIN_REQUIRED, as /sandbox/item/reset_login does (then open update mode)."""
    import json

    from .link.tokens import request_id
    from .plaid.errors import PlaidApiError
    from .sandbox.service import Sandbox

    try:
        Sandbox(_open_state(state)).reset_login(access_token)
    except PlaidApiError as exc:
        click.echo(json.dumps(exc.error.model_dump(mode="json", exclude_none=True)), err=True)
        sys.exit(1)
    click.echo(json.dumps({"reset_login": True, "request_id": request_id()}))


@cli.command(context_settings=CONTEXT)
@click.option("--state", metavar="FILE", required=True, help="The sandbox state file.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per Item.")
def items(state: str, as_json: bool) -> None:
    """The Items in a state file: institution, accounts with verification_status, access token."""
    import json

    from .sandbox.service import Sandbox

    found = Sandbox(_open_state(state)).items()
    for stored in found:
        item = stored.item
        accounts = [a.model_dump(include={"account_id", "name", "mask", "subtype", "verification_status"})
                    for a in item.accounts]
        error = (item.error or {}).get("error_code")
        if as_json:
            click.echo(json.dumps({"item_id": stored.item_id, "access_token": stored.access_token,
                                   "institution_id": item.institution_id, "institution_name": item.institution_name,
                                   "auth_method": item.auth_method, "error": error, "accounts": accounts}))
            continue
        click.echo(f"{stored.item_id}  {item.institution_name or '(manual entry)'}  "
                   f"{item.auth_method or ''}  {error or ''}  {stored.access_token}")
        for a in accounts:
            click.echo(f"    {a['name']} ••••{a['mask']}  {a['subtype']}  {a['verification_status'] or '-'}")
    if not found and not as_json:
        click.echo("no Items")


def _open_state(path: str) -> Any:
    """The state store at `path`, which must exist (one clear line and exit 2 otherwise)."""
    import sqlite3

    from .sandbox.store import Store

    if not os.path.isfile(path):
        fail(f"--state {path}: no such file")
    try:
        return Store(path)
    except sqlite3.Error as exc:
        fail(f"--state {path}: {exc}")


@cli.command(context_settings=CONTEXT)
@click.argument("name", required=False, default="instant_auth", metavar="[NAME|FILE]")
@click.option("--list", "list_", is_flag=True, help="List the shipped scenarios and exit.")
@click.option("--speed", type=click.FloatRange(0.1, 20), default=1.0, show_default=True,
              help="Replay speed: 2 is twice as fast, 0.5 half as fast.")
@session_options
@backend_options
@click.option("--no-result-screen", is_flag=True, help="Close as soon as Link calls back, without the result screen.")
@click.option("--received-redirect-uri", metavar="URI",
              help="Link re-opened on the app's OAuth redirect page (the web SDK's receivedRedirectUri).")
@click.option("--autopilot", is_flag=True,
              help="Play the script as a persona (each step answers its own pane, wherever Link goes); a pane it has "
                   "no answer for ends Link with onExit. What a browser on `tuilink serve --autopilot` plays.")
@catalogue_option
def demo(name: str, list_: bool, speed: float, events_path: str | None, result_path: str | None,
         state: str | None, backend: str | None, link_token: str | None, timeout: float, no_result_screen: bool,
         received_redirect_uri: str | None, autopilot: bool, catalogue: str | None) -> None:
    """Replay a shipped scenario (default instant_auth) or a scenario script FILE in the terminal, with visible
    typing and pauses.

    It ends on the result screen (q quits, n links another session by hand). Keys still work while it plays.
    With --backend it plays on a tuilink serve instance (on --link-token, or a token made there from the
    script's [link_token]).
    """
    from dataclasses import replace

    from .backends.spec import Embedded, Remote
    from .scripts import demo as demos
    from .scripts.runner import RunFailure
    from .scripts.script import ScriptError, load

    if list_:
        for scenario, title in demos.describe():
            click.echo(f"{scenario:45} {title}")
        return
    shipped = name in demos.scenario_names()
    if not shipped and not name.endswith(".toml"):
        fail(f"no scenario named {name!r} (tuilink demo --list shows them; a script file ends in .toml)")
    try:
        script = load(str(demos.scenario_path(name)) if shipped else name)
    except ScriptError as exc:
        fail(f"{name}: {exc}")
    spec = _spec(backend=backend, state=state, catalogue=catalogue, link_token=link_token, timeout=timeout)
    _need_terminal("tuilink demo")
    import asyncio

    preview = None
    if isinstance(spec, Remote):
        from .launch import LaunchError, http_link_token, preview_of

        try:
            token, config = asyncio.run(http_link_token(spec, script.link_token))
        except LaunchError as exc:
            fail(str(exc))
        spec, preview = replace(spec, link_token=token), preview_of(config)
    elif shipped and demos.earlier_in_series(name):
        state = state or demos.temporary_state()
        spec = replace(spec, state=state)
        try:
            asyncio.run(demos.prepare_series(name, state))
        except RunFailure as exc:
            fail(str(exc))
    if isinstance(spec, Embedded):
        _catalogue(catalogue)  # a bad file is one line before the terminal is taken over
    output = Output(events_path, result_path, show_result=not no_result_screen)
    output.open()
    report: Callable[[str], None] | None = None
    if in_overlay():
        from .ui import web_sdk

        report = web_sdk.log
    try:
        try:
            app, played = demos.demo_app(script, speed, spec, prepare=output.attach, show_result=not no_result_screen,
                                         autopilot=autopilot, preview=preview, report=report,
                                         web_redirects=in_overlay(), received_redirect_uri=received_redirect_uri)
        except RunFailure as exc:
            fail(str(exc))
        _on_the_terminal(app, output)
        app.run()
        for session in app.sessions:
            session.leave()
    finally:
        output.close()
    code = emit_results(app.sessions, output)
    if played.failure and report is None:  # in an overlay, the server's log has it already
        click.echo(f"tuilink: the demo stopped: {played.failure}", err=True)
    sys.exit(code)


@cli.command(context_settings=CONTEXT)
@click.argument("scripts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@session_options
@backend_options
@click.option("--size", default="80x24", show_default=True, metavar="WxH", help="Terminal size of the headless run.")
@catalogue_option
def run(scripts: tuple[str, ...], events_path: str | None, result_path: str | None, state: str | None,
        backend: str | None, link_token: str | None, timeout: float, size: str, catalogue: str | None) -> None:
    """Run scenario scripts headlessly through the real UI: one PASS/FAIL line per script."""
    from .backends.spec import Embedded
    from .scripts.runner import run_scripts

    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError:
        fail(f"--size: expected WIDTHxHEIGHT, got {size!r}")
    spec = _spec(backend=backend, state=state, catalogue=catalogue, link_token=link_token, timeout=timeout)
    if isinstance(spec, Embedded):
        _catalogue(catalogue)  # a bad file is one line, before any script runs
    ok = run_scripts(list(scripts), spec, events_path=events_path, result_path=result_path, size=(width, height))
    sys.exit(0 if ok else 1)


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback unless --allow-remote).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="0 picks a free port.")
@click.option("--state", metavar="FILE", help="Keep state in this SQLite file (survives restarts; default: memory).")
@click.option("--client-id", envvar="TUILINK_CLIENT_ID", metavar="ID",
              help="Accept only this client_id [env TUILINK_CLIENT_ID] (default: any non-empty one).")
@click.option("--allow-remote", is_flag=True, help="Allow a --host other than loopback (anyone who can reach it "
                                                   "can use the sandbox).")
@click.option("--environment", type=click.Choice(["sandbox", "production"]), default="sandbox", show_default=True,
              help="production: the /sandbox/* endpoints answer SANDBOX_ONLY, as Plaid's production host does.")
@click.option("--autopilot", "autopilot_script", metavar="NAME|FILE",
              help="Every Link session a browser opens (the web SDK) plays this scenario: a shipped one's name or "
                   "a script file.")
@click.option("--autopilot-speed", type=click.FloatRange(0.1, 20), default=4.0, show_default=True,
              help="Replay speed of --autopilot sessions.")
@catalogue_option
def serve(host: str, port: int, state: str | None, client_id: str | None, allow_remote: bool,
          environment: str, autopilot_script: str | None, autopilot_speed: float, catalogue: str | None) -> None:
    """The sandbox as a Plaid-compatible HTTP API (point plaid-python's Configuration(host=...) at it), and Plaid's
    web SDK for web apps (GET /link/v2/stable/link-initialize.js: Link in an overlay, for a person or on
    autopilot).

    The accepted secret is TUILINK_SECRET from the environment (default: any non-empty one). One log line
    per request on stderr: method, path, status, milliseconds, error code.
    """
    import asyncio

    from .server.app import Keys
    from .server.run import Server

    _check_address(host, port, allow_remote, what="the sandbox", who="use the sandbox")
    if state:
        _check_state(state)
    autopilot = _autopilot(autopilot_script, autopilot_speed) if autopilot_script else None
    server = Server(host=host, port=port, state=state, environment=environment, catalogue=_catalogue(catalogue),
                    keys=Keys(client_id, os.environ.get("TUILINK_SECRET") or None), allow_remote=allow_remote,
                    autopilot=autopilot, script_problem=_script_problem)

    def ready(s: Server) -> None:
        click.echo(f"tuilink serve: Plaid {environment} API on {s.url} (state: {state or 'in memory'}); "
                   "Ctrl+C stops it", err=True)

    try:
        asyncio.run(server.serve(ready))
    except KeyboardInterrupt:
        pass


@cli.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback unless --allow-remote).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port.")
@click.option("--allow-remote", is_flag=True, help="Allow a --host other than loopback (anyone who can reach it "
                                                   "can run Link sessions on this machine).")
@click.option("--public-url", metavar="URL",
              help="The address browsers reach this server at, if not http://HOST:PORT (e.g. with --host 0.0.0.0).")
@click.pass_context
def web(ctx: click.Context, /, host: str, port: int, allow_remote: bool, public_url: str | None,
        **flags: Any) -> None:
    """Link in a browser: serves `tuilink` with textual-serve. Takes every option of `tuilink` and passes it on.

    Each browser tab runs its own Link session. Its callback JSON goes to --result FILE and is printed here when
    the session ends (in the browser, stdout is the terminal's connection).
    """
    import shlex

    from .backends.spec import Embedded

    _check_address(host, port, allow_remote, what="Link", who="run Link sessions on this machine")
    body, _, spec = _link_setup(**flags)
    if isinstance(spec, Embedded):
        problem = _problem(body, spec.state, spec.catalogue)
        if problem:
            fail(problem)
    command = shlex.join([sys.executable, "-m", "tuilink", *_link_args(ctx)])

    from .web import WebServer

    try:
        WebServer(command, host=host, port=port, public_url=public_url).serve()
    except OSError as exc:  # the port was taken after the check above
        fail(f"--port {port}: cannot listen on {host}:{port} ({exc.strerror or exc})")


# `tuilink web` takes the options of `tuilink` itself (all but --version) and hands them on to it.
LINK_PARAMS = [p for p in cli.params if p.name != "version"]
web.params.extend(LINK_PARAMS)
PATH_OPTIONS = ("config_path", "events_path", "result_path", "state", "catalogue")


def _link_args(ctx: click.Context) -> list[str]:
    """The Link options given on `tuilink web`'s command line, as `tuilink` arguments (file names absolute)."""
    from click.core import ParameterSource

    args: list[str] = []
    for param in LINK_PARAMS:
        name = param.name or ""
        if ctx.get_parameter_source(name) is not ParameterSource.COMMANDLINE:
            continue
        flag, value = param.opts[0], ctx.params[name]
        if isinstance(param, click.Option) and param.is_flag:
            args += [flag] if value else []
        else:
            args += [flag, os.path.abspath(value) if name in PATH_OPTIONS else str(value)]
    return args


def _script_problem(text: str) -> str | None:
    """What stops a scenario script from running (POST /tuilink/autopilot's scenario_toml), or None."""
    from .scripts.script import ScriptError, parse

    try:
        parse(text)
    except ScriptError as exc:
        return str(exc)
    return None


def _autopilot(name: str, speed: float) -> Any:
    """--autopilot NAME|FILE as the server takes it, or one line on stderr and exit status 2."""
    from pathlib import Path

    from .link.data import scenario_file
    from .server.browser import Autopilot

    shipped = scenario_file(name)
    path = shipped or Path(name)
    if shipped is None and not path.is_file():
        fail(f"--autopilot {name}: no shipped scenario of that name and no such file (tuilink demo --list shows them)")
    try:
        problem = _script_problem(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problem = f"cannot read: {exc}"
    if problem:
        fail(f"--autopilot {name}: {problem}")
    return Autopilot(str(path.resolve()), name if shipped else path.name, speed)


def _check_address(host: str, port: int, allow_remote: bool, *, what: str, who: str) -> None:
    """A --host other than loopback needs --allow-remote (and gets a warning); a --port in use is refused.
    Either refusal is one line on stderr and exit status 2."""
    import socket

    from .server.origins import is_loopback

    if not is_loopback(host):
        if not allow_remote:
            fail(f"--host {host}: not a loopback address; add --allow-remote to serve {what} beyond this machine")
        click.echo(f"tuilink: warning: serving on {host}: anyone who can reach this port can {who}", err=True)
    if port:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                fail(f"--port {port}: cannot listen on {host}:{port} ({exc.strerror or exc})")


def _check_state(path: str) -> None:
    """A --state file that can be opened (created if missing): one clear line and exit 2 otherwise."""
    import sqlite3

    from .sandbox.store import Store

    try:
        Store(path).close()
    except (sqlite3.Error, OSError) as exc:
        fail(f"--state {path}: {exc}")


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
