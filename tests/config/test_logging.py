"""What the console shows for requests that are refused or fail."""

import io
import logging

import pytest


@pytest.fixture
def console():
    """The stream of the console handler that settings.LOGGING gives django.request."""
    handler = logging.getLogger("django.request").handlers[0]
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_ordinary_403_is_one_line_without_traceback(client, county_officer, console):
    client.force_login(county_officer)
    assert client.get("/plans/").status_code == 403
    out = console.getvalue()
    assert "Forbidden" in out and "/plans/" in out
    assert "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        logger.error("Internal Server Error: %s", "/x/", extra={"status_code": 500}, exc_info=exc)
    assert "Traceback" in console.getvalue() and "RuntimeError: boom" in console.getvalue()
