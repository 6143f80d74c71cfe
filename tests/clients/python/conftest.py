"""Fixtures for driving a running Stoa server with the PyPI `mattermostdriver`.

The server is given by STOA_URL (e.g. http://127.0.0.1:18065). The first account
on an empty server becomes system admin; its credentials come from
STOA_ADMIN_USERNAME / STOA_ADMIN_PASSWORD so that several suites can share one
server (whichever runs first creates it, the others log in).
"""

import os
import uuid
from urllib.parse import urlsplit

import pytest
from mattermostdriver import Driver
from mattermostdriver.exceptions import NotEnoughPermissions

ADMIN_USERNAME = os.environ.get("STOA_ADMIN_USERNAME", "sysadmin")
ADMIN_PASSWORD = os.environ.get("STOA_ADMIN_PASSWORD", "Sys-admin-pw-1")
USER_PASSWORD = "Py-user-pw-1"

# Unique per run, so the suite can run again against the same server.
RUN = uuid.uuid4().hex[:8]


def _server():
    url = os.environ.get("STOA_URL")
    if not url:
        pytest.exit("STOA_URL is not set (e.g. STOA_URL=http://127.0.0.1:8065); "
                    "run scripts/test-clients.sh", returncode=2)
    parts = urlsplit(url)
    return {
        "url": url.rstrip("/"),
        "scheme": parts.scheme or "http",
        "host": parts.hostname,
        "port": parts.port or (443 if parts.scheme == "https" else 80),
    }


def driver_options(login_id=None, password=None):
    """Options exactly as a bot author passes them to mattermostdriver.Driver."""
    s = _server()
    opts = {
        "url": s["host"],
        "port": s["port"],
        "scheme": s["scheme"],
        "basepath": "/api/v4",
        "verify": False,
        "request_timeout": 15,
    }
    if login_id is not None:
        opts["login_id"] = login_id
        opts["password"] = password
    return opts


def logged_in(login_id, password):
    d = Driver(driver_options(login_id, password))
    d.login()
    return d


@pytest.fixture(scope="session")
def server():
    return _server()


@pytest.fixture(scope="session")
def bootstrap(server):
    """Signs up the admin as the very first user, unless another suite already did.

    Returns the sign-up response when this suite created the account, else None.
    """
    anon = Driver(driver_options())
    try:
        return anon.users.create_user({
            "username": ADMIN_USERNAME,
            "email": f"{ADMIN_USERNAME}@example.com",
            "password": ADMIN_PASSWORD,
        })
    except NotEnoughPermissions:
        # The server already has users (another suite ran first): sign-up is closed.
        return None


@pytest.fixture(scope="session")
def admin(bootstrap):
    return logged_in(ADMIN_USERNAME, ADMIN_PASSWORD)


def _create_user(admin, name):
    username = f"py-{name}-{RUN}"
    return admin.users.create_user({
        "username": username,
        "email": f"{username}@example.com",
        "password": USER_PASSWORD,
        "first_name": name.capitalize(),
    })


@pytest.fixture(scope="session")
def alice_user(admin):
    return _create_user(admin, "alice")


@pytest.fixture(scope="session")
def bob_user(admin):
    return _create_user(admin, "bob")


@pytest.fixture(scope="session")
def alice(alice_user):
    return logged_in(alice_user["username"], USER_PASSWORD)


@pytest.fixture(scope="session")
def bob(bob_user):
    return logged_in(bob_user["email"], USER_PASSWORD)  # log in by email this time


@pytest.fixture(scope="session")
def team(admin):
    return admin.teams.create_team({
        "name": f"py-team-{RUN}",
        "display_name": f"Python Team {RUN}",
        "type": "O",
    })


@pytest.fixture(scope="session")
def team_with_members(admin, team, alice_user, bob_user):
    """The team, with alice and bob added by the admin."""
    for u in (alice_user, bob_user):
        admin.teams.add_user_to_team(team["id"], {"team_id": team["id"], "user_id": u["id"]})
    return team
