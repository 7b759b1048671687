"""The reference: a bare Litestar app returning a small JSON, served like MotCua."""

from litestar import Litestar, get


@get("/json", sync_to_thread=False)
def small_json() -> dict[str, str]:
    return {"status": "ok"}


def create_app() -> Litestar:
    return Litestar(route_handlers=[small_json])
