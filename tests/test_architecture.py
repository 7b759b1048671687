"""House rules that a forgotten line would break silently: guards, table registration,
migrations, settings access."""

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.conf.apps import Finder
from piccolo.table import Table

from auth.access import is_public

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("backend", "auth", "notifications", "i18n", "simulators")


def test_every_route_is_guarded_or_explicitly_public(app: Litestar) -> None:
    unguarded = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            if not handler.resolve_guards() and not is_public(route.path):
                unguarded.append(f"{sorted(handler.http_methods)} {route.path}")
    assert unguarded == [], "add a guard, or list the path in auth/access.py if it is truly public"


def test_the_allow_list_names_only_routes_that_exist(app: Litestar) -> None:
    from auth.access import PUBLIC_PATHS

    paths = {route.path for route in app.routes}
    assert PUBLIC_PATHS - paths == set()


def _table_classes_in_code() -> set[type[Table]]:
    found: set[type[Table]] = set()
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if info.name.rsplit(".", 1)[-1] == "tables":
                tables = importlib.import_module(info.name)
                found |= {
                    value
                    for value in vars(tables).values()
                    if isinstance(value, type) and issubclass(value, Table) and value.__module__ == info.name
                }
    return found


def test_every_table_belongs_to_a_registered_app() -> None:
    in_code = _table_classes_in_code()
    assert in_code, "no tables found: the scan is wrong"
    registered = set(Finder().get_table_classes())
    assert in_code - registered == set()


async def test_migrations_are_up_to_date() -> None:
    """Generating a migration on a clean tree must create nothing (Piccolo's own `migrations
    check` exits 0 either way, so this asks the auto-migration differ directly)."""
    pending = {}
    for app_config in Finder().get_app_configs():
        statements = await AutoMigrationManager().get_alter_statements(app_config=app_config)
        count = sum(len(group.statements) for group in statements)
        if count:
            pending[app_config.app_name] = count
    assert pending == {}, "run `make migrations APP=<name>` and commit the file"


def test_only_the_settings_module_reads_the_environment() -> None:
    reads = re.compile(r"os\.environ|os\.getenv|getenv\(")
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "settings.py" or "piccolo_migrations" in path.parts:
                continue
            if reads.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_only_the_clock_module_reads_the_time() -> None:
    """Rules take "now" as a value and handlers get it from backend/clock.py, so one frozen
    clock (time-machine) or one shifted system clock (CI's libfaketime leg) moves them all."""
    reads = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(\)")
    offenders = []
    for package in ("backend", "auth", "notifications", "i18n"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "clock.py" or "piccolo_migrations" in path.parts:
                continue
            if reads.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_scheduled_job_is_a_domain_jobs_function_on_a_valid_schedule() -> None:
    """Each entry of backend/schedule.py imports, is an async function of a `<domain>/jobs.py`,
    has a cron the engine understands, and becomes a task and a periodic schedule."""
    from croniter import croniter

    from backend.jobs.engine import build_app
    from backend.schedule import SCHEDULE
    from backend.settings import get_settings

    assert SCHEDULE, "no periodic job scheduled: the scan is wrong"
    app = build_app(get_settings(), SCHEDULE)
    for entry in SCHEDULE:
        assert inspect.iscoroutinefunction(entry.run), entry.name
        assert entry.run.__module__.endswith(".jobs"), f"{entry.name}: jobs live in <domain>/jobs.py"
        assert importlib.import_module(entry.run.__module__) is inspect.getmodule(entry.run)
        assert croniter.is_valid(entry.cron), entry.name
        assert 0 < entry.deadline_s <= 600, f"{entry.name}: every run has a total deadline"
        assert (entry.name, entry.name) in app.periodic_registry.periodic_tasks


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_notifications_import_no_domain() -> None:
    """Notifications sit below the domains: they may use backend's shared modules (settings, db,
    clock, web, errors, logging) but no domain package, and so run no domain's jobs."""
    domains = {f"backend.{path.parent.name}" for path in (ROOT / "backend").glob("*/__init__.py")}
    offenders = []
    for path in (ROOT / "notifications").rglob("*.py"):
        if "piccolo_migrations" in path.parts:
            continue
        for name in _imports(path):
            if any(name == domain or name.startswith(domain + ".") for domain in domains):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
