"""What a bot author using `mattermostdriver` relies on, checked against Stoa."""

import re
import uuid

import pytest
import requests
from mattermostdriver import Driver
from mattermostdriver.exceptions import (
    InvalidOrMissingParameters,
    NoAccessTokenProvided,
    NotEnoughPermissions,
    ResourceNotFound,
)

from conftest import ADMIN_USERNAME, RUN, USER_PASSWORD, driver_options, logged_in

ID = re.compile(r"^[a-z0-9]{26}$")


def new_id():
    """A well-formed Mattermost id that no object has."""
    return uuid.uuid4().hex[:26]


def roles(obj):
    return set(obj["roles"].split())


def channel_names(channels):
    return {c["name"] for c in channels}


# ------------------------------------------------------------------- users ----

def test_first_user_becomes_system_admin(bootstrap, admin):
    if bootstrap is not None:  # this suite signed the admin up on an empty server
        assert isinstance(bootstrap, dict), "sign-up response was not parsed as JSON"
        assert ID.match(bootstrap["id"])
        assert bootstrap["username"] == ADMIN_USERNAME
        assert roles(bootstrap) == {"system_user", "system_admin"}
        assert not bootstrap.get("password"), "password hash leaked in the sign-up response"
    me = admin.users.get_user("me")
    assert roles(me) == {"system_user", "system_admin"}


def test_login_sets_token_and_get_me(admin):
    # Driver.login() reads the `Token` header and the user id from the body.
    assert admin.client.token, "login response carried no Token header"
    assert ID.match(admin.client.userid)
    assert admin.client.username == ADMIN_USERNAME

    me = admin.users.get_user("me")
    # mattermostdriver only parses bodies whose Content-Type is exactly application/json;
    # anything else comes back as a raw requests.Response.
    assert isinstance(me, dict), f"GET /users/me not parsed as JSON: {me!r}"
    assert me["id"] == admin.client.userid
    assert me["username"] == ADMIN_USERNAME
    assert me["email"] == f"{ADMIN_USERNAME}@example.com"
    assert not me.get("password")

    by_id = admin.users.get_user(me["id"])
    assert by_id["id"] == me["id"]
    assert admin.users.get_user_by_username(ADMIN_USERNAME)["id"] == me["id"]


def test_wrong_password_is_rejected(admin):
    d = Driver(driver_options(ADMIN_USERNAME, "not-the-password"))
    with pytest.raises(NoAccessTokenProvided):  # 401
        d.login()


def test_requests_without_token_are_rejected(server):
    anon = Driver(driver_options())
    with pytest.raises(NoAccessTokenProvided):  # 401
        anon.users.get_user("me")


def test_anonymous_signup_is_refused_on_closed_server(admin):
    anon = Driver(driver_options())
    username = f"py-intruder-{RUN}"
    with pytest.raises(NotEnoughPermissions):  # 403
        anon.users.create_user({
            "username": username, "email": f"{username}@example.com", "password": USER_PASSWORD,
        })


def test_admin_creates_user_who_can_log_in(admin, alice_user):
    assert ID.match(alice_user["id"])
    assert alice_user["username"] == f"py-alice-{RUN}"
    assert alice_user["first_name"] == "Alice"
    assert roles(alice_user) == {"system_user"}
    assert not alice_user.get("password")

    d = Driver(driver_options(alice_user["username"], USER_PASSWORD))
    result = d.login()
    assert result["id"] == alice_user["id"]
    assert d.client.userid == alice_user["id"]
    assert d.users.get_user("me")["id"] == alice_user["id"]


def test_login_by_email(bob, bob_user):
    assert bob.users.get_user("me")["id"] == bob_user["id"]


# ------------------------------------------------------------------- teams ----

def test_create_team(admin, team):
    assert ID.match(team["id"])
    assert team["name"] == f"py-team-{RUN}"
    assert team["display_name"] == f"Python Team {RUN}"
    assert team["type"] == "O"

    assert admin.teams.get_team(team["id"])["name"] == team["name"]
    assert admin.teams.get_team_by_name(team["name"])["id"] == team["id"]
    assert team["id"] in {t["id"] for t in admin.teams.get_user_teams("me")}


def test_team_creator_is_team_admin(admin, team):
    member = admin.teams.get_team_member(team["id"], admin.client.userid)
    assert member["team_id"] == team["id"]
    assert member["user_id"] == admin.client.userid
    assert {"team_user", "team_admin"} <= roles(member)


def test_new_team_has_default_channels(admin, team):
    channels = admin.channels.get_channels_for_user("me", team["id"])
    assert {"town-square", "off-topic"} <= channel_names(channels)
    for c in channels:
        if c["name"] in ("town-square", "off-topic"):
            assert c["team_id"] == team["id"]
            assert c["type"] == "O"
    town = admin.channels.get_channel_by_name(team["id"], "town-square")
    assert town["display_name"] == "Town Square"


def test_add_user_to_team(admin, team, alice, alice_user):
    member = admin.teams.add_user_to_team(team["id"], {"team_id": team["id"], "user_id": alice_user["id"]})
    assert member["team_id"] == team["id"]
    assert member["user_id"] == alice_user["id"]
    assert "team_user" in roles(member)
    assert "team_admin" not in roles(member)

    assert team["id"] in {t["id"] for t in alice.teams.get_user_teams("me")}
    member_ids = {m["user_id"] for m in admin.teams.get_team_members(team["id"])}
    assert {admin.client.userid, alice_user["id"]} <= member_ids
    # Joining a team joins its default channels.
    assert {"town-square", "off-topic"} <= channel_names(alice.channels.get_channels_for_user("me", team["id"]))


def test_invalid_team_name_is_rejected(admin):
    with pytest.raises(InvalidOrMissingParameters):  # 400
        admin.teams.create_team({"name": "Not A Valid Name!", "display_name": "Bad", "type": "O"})


def test_unknown_team_is_not_found(admin, server):
    missing = new_id()
    with pytest.raises(ResourceNotFound):  # 404
        admin.teams.get_team(missing)

    # The error body is Mattermost's AppError JSON.
    r = requests.get(f"{server['url']}/api/v4/teams/{missing}",
                     headers={"Authorization": f"Bearer {admin.client.token}"}, timeout=15)
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert set(body) >= {"id", "message", "detailed_error", "request_id", "status_code"}
    assert body["id"] == "app.team.get.find.app_error"
    assert body["status_code"] == 404
    assert body["message"]


# ---------------------------------------------------------------- channels ----

def test_public_channel(admin, team_with_members, alice, alice_user):
    team = team_with_members
    ch = admin.channels.create_channel({
        "team_id": team["id"], "name": f"py-public-{RUN}", "display_name": "Py Public", "type": "O",
        "purpose": "testing", "header": "hello",
    })
    assert ID.match(ch["id"])
    assert ch["team_id"] == team["id"]
    assert ch["name"] == f"py-public-{RUN}"
    assert ch["display_name"] == "Py Public"
    assert ch["type"] == "O"
    assert ch["purpose"] == "testing"
    assert ch["header"] == "hello"
    assert ch["creator_id"] == admin.client.userid

    assert admin.channels.get_channel(ch["id"])["name"] == ch["name"]
    assert admin.channels.get_channel_by_name(team["id"], ch["name"])["id"] == ch["id"]
    assert admin.channels.get_channel_by_name_and_team_name(team["name"], ch["name"])["id"] == ch["id"]
    # A team member may read a public channel without being in it.
    assert alice.channels.get_channel(ch["id"])["id"] == ch["id"]
    assert ch["id"] not in {c["id"] for c in alice.channels.get_channels_for_user("me", team["id"])}

    member = admin.channels.add_user(ch["id"], {"user_id": alice_user["id"]})
    assert member["channel_id"] == ch["id"]
    assert member["user_id"] == alice_user["id"]

    member_ids = {m["user_id"] for m in admin.channels.get_channel_members(ch["id"])}
    assert member_ids == {admin.client.userid, alice_user["id"]}
    assert ch["id"] in {c["id"] for c in alice.channels.get_channels_for_user("me", team["id"])}
    assert alice.channels.get_channel_member(ch["id"], "me")["user_id"] == alice_user["id"]


def test_private_channel_is_hidden_from_non_members(admin, team_with_members, alice, alice_user, bob):
    team = team_with_members
    ch = admin.channels.create_channel({
        "team_id": team["id"], "name": f"py-private-{RUN}", "display_name": "Py Private", "type": "P",
    })
    assert ch["type"] == "P"

    # alice is on the team but not in the channel: 403, and it is not in her list.
    with pytest.raises(NotEnoughPermissions):
        alice.channels.get_channel(ch["id"])
    assert ch["id"] not in {c["id"] for c in alice.channels.get_channels_for_user("me", team["id"])}

    admin.channels.add_user(ch["id"], {"user_id": alice_user["id"]})
    seen = alice.channels.get_channel(ch["id"])
    assert seen["id"] == ch["id"] and seen["type"] == "P"
    assert ch["id"] in {c["id"] for c in alice.channels.get_channels_for_user("me", team["id"])}

    # bob still is not a member.
    with pytest.raises(NotEnoughPermissions):
        bob.channels.get_channel(ch["id"])
    with pytest.raises(NotEnoughPermissions):
        bob.channels.get_channel_members(ch["id"])


def test_non_admin_cannot_add_users_to_someone_elses_private_channel(admin, team_with_members, bob, alice_user):
    team = team_with_members
    ch = admin.channels.create_channel({
        "team_id": team["id"], "name": f"py-secret-{RUN}", "display_name": "Py Secret", "type": "P",
    })
    with pytest.raises(NotEnoughPermissions):
        bob.channels.add_user(ch["id"], {"user_id": alice_user["id"]})


def test_direct_message_channel(admin, team_with_members, alice, alice_user):
    me = admin.client.userid
    dm = admin.channels.create_direct_message_channel([me, alice_user["id"]])
    assert ID.match(dm["id"])
    assert dm["type"] == "D"
    assert dm["team_id"] == ""
    assert dm["name"] == "__".join(sorted([me, alice_user["id"]]))

    # The same pair (either order, either side) gets the same channel.
    again = alice.channels.create_direct_message_channel([alice_user["id"], me])
    assert again["id"] == dm["id"]

    assert {m["user_id"] for m in admin.channels.get_channel_members(dm["id"])} == {me, alice_user["id"]}
    # Direct channels are listed with every team's channels.
    assert dm["id"] in {c["id"] for c in alice.channels.get_channels_for_user("me", team_with_members["id"])}


def test_group_message_channel(admin, alice_user, bob_user, bob):
    me = admin.client.userid
    ids = [me, alice_user["id"], bob_user["id"]]
    gm = admin.channels.create_group_message_channel(ids)
    assert ID.match(gm["id"])
    assert gm["type"] == "G"
    assert gm["team_id"] == ""
    assert gm["display_name"] == ", ".join(sorted([ADMIN_USERNAME, alice_user["username"], bob_user["username"]]))
    assert {m["user_id"] for m in bob.channels.get_channel_members(gm["id"])} == set(ids)
    assert bob.channels.get_channel(gm["id"])["id"] == gm["id"]

    # Same members in another order: same channel.
    assert admin.channels.create_group_message_channel(list(reversed(ids)))["id"] == gm["id"]


def test_group_message_needs_three_users(admin, alice_user):
    with pytest.raises(InvalidOrMissingParameters):  # 400
        admin.channels.create_group_message_channel([admin.client.userid, alice_user["id"]])
