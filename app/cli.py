"""The `foi` command: serve, migrate, manage users and holidays, load the demo case."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

import app.models  # noqa: F401 - every mapper known before the first flush (an entry point)
from app.config import REPO_ROOT, get_settings

cli = typer.Typer(
    help="FOI casework service.", no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
users_cli = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
holidays_cli = typer.Typer(help="Bank holidays added by proclamation.", no_args_is_help=True)
demo_cli = typer.Typer(help="Demonstration data.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(users_cli, name="users")
cli.add_typer(holidays_cli, name="holidays")
cli.add_typer(demo_cli, name="demo")
reminders_cli = typer.Typer(help="Deadline reminders.", no_args_is_help=True)
cli.add_typer(reminders_cli, name="reminders")
storage_cli = typer.Typer(help="Stored document files.", no_args_is_help=True)
cli.add_typer(storage_cli, name="storage")
audit_cli = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
cli.add_typer(audit_cli, name="audit")


def alembic_config(url: str | None = None) -> "object":
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url or get_settings().database_url)
    return config


def _ensure_sqlite_dir() -> None:
    url = get_settings().database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


@db_cli.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Bring the database schema up to date (alembic upgrade)."""
    from alembic import command

    _ensure_sqlite_dir()
    command.upgrade(alembic_config(), revision)  # type: ignore[arg-type]
    typer.echo(f"Database at {revision}.")


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the API (docs at /docs)."""
    import uvicorn

    uvicorn.run("app.main:create_app", factory=True, host=host, port=port, workers=workers)


@users_cli.command("create")
def users_create(
    name: Annotated[str, typer.Option(help="Full name")],
    email: Annotated[str, typer.Option(help="Email address")],
    role: Annotated[str, typer.Option(help="officer, reviewer, qualified_person or admin")],
    team: Annotated[str | None, typer.Option(help="Governance team (statistics can group by it)")] = None,
    job_title: Annotated[str | None, typer.Option(help="Signs the letters they issue, e.g. 'FOI Officer'")] = None,
) -> None:
    """Create a user; the new API token is the last line printed."""
    from app.auth import service
    from app.db import session_scope
    from app.errors import AppError

    try:
        with session_scope() as session:
            user = service.create_user(
                session, name=name, email=email, role=role, team=team, job_title=job_title, actor=None
            )
            token = service.issue_token(session, user, label="cli", actor=None)
            typer.echo(f"Created {user.role} {user.name} <{user.email}> (id {user.id}). API token:")
    except AppError as exc:
        typer.echo(f"Error: {exc.detail}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(token)


@users_cli.command("set-password")
def users_set_password(
    email: Annotated[str, typer.Argument(help="The user's email address")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            confirmation_prompt=True,
            hide_input=True,
            envvar="FOI_NEW_PASSWORD",
            help="Asked for at the terminal (or read from FOI_NEW_PASSWORD); at least 12 characters",
        ),
    ],
) -> None:
    """Set a user's password for signing in to the web pages (ends their open sessions)."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.auth.sign_in import set_password
    from app.db import session_scope
    from app.errors import AppError

    try:
        with session_scope() as session:
            user = session.scalar(select(User).where(User.email == email.strip().lower()))
            if user is None:
                typer.echo(
                    f"Error: no user has the email address {email}; create one with `foi users create`.", err=True
                )
                raise typer.Exit(code=2)
            set_password(session, user, password, actor=None)
            typer.echo(f"Password set for {user.name} <{user.email}>; they can sign in at /sign-in.")
    except AppError as exc:
        typer.echo(f"Error: {exc.detail}", err=True)
        raise typer.Exit(code=2) from exc


@holidays_cli.command("add")
def holidays_add(
    day: Annotated[str, typer.Argument(help="The date, YYYY-MM-DD")],
    name: Annotated[str, typer.Option(help="The holiday's name")],
    nation: Annotated[str, typer.Option(help="ENG, WLS, SCT or NIR")],
) -> None:
    """Add a proclaimed bank holiday and recompute the open cases it touches."""
    from app.db import session_scope
    from app.errors import AppError
    from app.holiday.service import add_holiday

    try:
        parsed = date.fromisoformat(day)
    except ValueError as exc:
        typer.echo(f"Error: {day!r} is not a date; use YYYY-MM-DD.", err=True)
        raise typer.Exit(code=2) from exc
    try:
        with session_scope() as session:
            row, changed = add_holiday(session, parsed, name, nation, None)
            typer.echo(f"Added {row.day} {row.name} ({row.nation}).")
            for c in changed:
                typer.echo(f"  {c.reference} ({c.what}): due {c.due_on_before} -> {c.due_on_after}")
            typer.echo(f"{len(changed)} open case(s) recomputed.")
    except AppError as exc:
        typer.echo(f"Error: {exc.detail}", err=True)
        raise typer.Exit(code=2) from exc


@demo_cli.command("load")
def demo_load() -> None:
    """Load the demonstration case (a board's private papers, decided and reviewed)."""
    from app.db import session_scope
    from app.demo.case import load_demo

    with session_scope() as session:
        summary = load_demo(session)
    typer.echo(summary)


@demo_cli.command("generate")
def demo_generate(
    requests: Annotated[int, typer.Option(min=1, max=10_000_000, help="How many requests to generate")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data)")] = 2026,
    documents_per_request: Annotated[int, typer.Option(min=0, max=1_000, help="Documents in scope of each")] = 0,
) -> None:
    """Generate synthetic requests (and their documents) in bulk, for measuring lists and searches at scale."""
    from sqlalchemy import select

    from app.auth import service as auth_service
    from app.auth.models import User
    from app.db import session_scope
    from app.demo.synthetic import generate

    with session_scope() as session:
        owner = session.scalar(select(User).where(User.email == "synthetic.owner@example.invalid"))
        if owner is None:
            owner = auth_service.create_user(
                session,
                name="Synthetic data owner",
                email="synthetic.owner@example.invalid",
                role="officer",
                actor=None,
            )
        label = f"Generating requests ({documents_per_request} documents each)"
        with typer.progressbar(length=requests, label=label, show_pos=True) as bar:
            inserted = generate(
                session,
                requests,
                owner.id,
                seed=seed,
                progress=bar.update,
                documents_per_request=documents_per_request,
            )
    typer.echo(f"Inserted {inserted} synthetic requests and {inserted * documents_per_request} documents.")


@demo_cli.command("offer")
def demo_offer() -> None:
    """On an empty database, offer to load the demo case (asks only when run at a terminal)."""
    import sys

    from app.db import session_scope
    from app.demo.case import database_is_empty, load_demo

    with session_scope() as session:
        if not database_is_empty(session):
            return
        if not sys.stdin.isatty():
            typer.echo("The database is empty. Load the demonstration case with: .venv/bin/foi demo load")
            return
        if typer.confirm("The database is empty. Load the demonstration case?", default=True):
            typer.echo(load_demo(session))


@reminders_cli.command("run-once")
def reminders_run_once(
    today: Annotated[str | None, typer.Option(help="Replay a given day (YYYY-MM-DD); default today in London")] = None,
) -> None:
    """Plan today's reminders and deliver the outbox once (for cron, or to replay a day)."""
    from app.reminder.jobs import run_once

    day = None
    if today is not None:
        try:
            day = date.fromisoformat(today)
        except ValueError as exc:
            typer.echo(f"Error: {today!r} is not a date; use YYYY-MM-DD.", err=True)
            raise typer.Exit(code=2) from exc
    typer.echo(str(run_once(get_settings(), today=day)))


@cli.command()
def worker(
    role: Annotated[str, typer.Option(help="all, planner, sender or bundles")] = "all",
    interval: Annotated[int, typer.Option(min=1, help="Seconds between reminder passes")] = 60,
) -> None:
    """Run reminder passes in a loop and make the bundles asked for; any number of hosts may run this against one
    PostgreSQL (set FOI_EMBEDDED_WORKER=false on the app processes then)."""
    import time

    from app.bundle.builds import BuildRunner
    from app.reminder.jobs import run_once

    if role not in {"all", "planner", "sender", "bundles"}:
        typer.echo("Error: --role must be all, planner, sender or bundles.", err=True)
        raise typer.Exit(code=2)
    settings = get_settings()
    if role in {"all", "bundles"}:
        builds = BuildRunner(settings)
        builds.start()
        if role == "bundles":
            builds.thread.join()
            return
    while True:
        result = run_once(settings, planner=role in {"all", "planner"}, sender=role in {"all", "sender"})
        typer.echo(str(result))
        time.sleep(interval)


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check every audit chain against its head, and every case row against its last audited state; exits 1 on
    any break or difference (for cron)."""
    from app.audit.checks import check_chains, drift
    from app.db import session_scope

    chains = broken = drifted = 0
    with session_scope() as session:
        if session.get_bind().dialect.name == "postgresql":
            # One snapshot for every read: an append committed mid-check cannot look like a break.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        for chain, check in check_chains(session):
            chains += 1
            if not check.valid:
                broken += 1
                typer.echo(f"BROKEN {chain}: at event {check.first_bad_seq}: {check.reason} ({check.events} events)")
        for row in drift(session):
            drifted += 1
            what = ", ".join(row.fields) if row.fields else "no audit event records this row"
            typer.echo(f"DRIFT {row.entity} {row.entity_id} ({row.label}): differs from its audit log in {what}")
    typer.echo(f"{chains} chain(s) checked, {broken} broken; {drifted} row(s) differ from their last audited state.")
    if broken or drifted:
        raise typer.Exit(code=1)


def main() -> None:
    cli()


@storage_cli.command("prune")
def storage_prune(
    older_than_hours: Annotated[
        float, typer.Option(min=1, help="Keep unreferenced files written within this many hours (uploads in flight)")
    ] = 24,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing")] = False,
) -> None:
    """Delete stored files no document or published file refers to: rolled-back uploads, replaced originals."""
    from datetime import timedelta

    from app.bundle.prune import prune
    from app.bundle.storage import get_storage
    from app.config import get_settings
    from app.db import session_scope

    with session_scope() as session:
        report = prune(session, get_storage(get_settings()), grace=timedelta(hours=older_than_hours), dry_run=dry_run)
    verb = "would be deleted" if dry_run else "deleted"
    for file in report.unreferenced:
        typer.echo(f"{file.key}: {file.size:,} bytes, written {file.modified:%Y-%m-%d %H:%M} UTC, {verb}")
    typer.echo(
        f"{len(report.unreferenced)} unreferenced file(s), {report.bytes:,} bytes, {verb}; "
        f"{report.kept_in_grace} younger than {older_than_hours:g} h kept."
    )
