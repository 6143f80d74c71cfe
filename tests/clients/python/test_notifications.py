"""A phone's push registration as the mobile apps make it, through `mattermostdriver`: a login
with a `device_id` keeps the device on the session, and `attach_mobile_device` replaces it."""

from mattermostdriver import Driver

from conftest import RUN, USER_PASSWORD, driver_options


def test_a_phone_login_keeps_its_device_on_the_session(admin):
    username = f"py-phone-{RUN}"
    user = admin.users.create_user({
        "username": username, "email": f"{username}@example.com", "password": USER_PASSWORD,
    })
    phone = Driver(driver_options())
    device = f"android_rn-v2:py-token-{RUN}"
    resp = phone.client.make_request("post", "/users/login", options={
        "login_id": username, "password": USER_PASSWORD, "device_id": device,
    })
    phone.client.token = resp.headers["Token"]
    phone.client.userid = resp.json()["id"]
    assert phone.client.userid == user["id"]

    sessions = phone.users.get_user_sessions(user["id"])
    assert [s["device_id"] for s in sessions] == [device]
    assert all(s["token"] == "" for s in sessions), "listings never show tokens"

    # The app registers a new token (the phone rotated it) on its next connect.
    rotated = f"android_rn-v2:py-rotated-{RUN}"
    phone.users.attach_mobile_device({"device_id": rotated})
    sessions = phone.users.get_user_sessions(user["id"])
    assert [s["device_id"] for s in sessions] == [rotated]
    # The admin sees it too.
    assert [s["device_id"] for s in admin.users.get_user_sessions(user["id"])] == [rotated]
