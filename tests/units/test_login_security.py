from tests.conftest import PASSWORD


def attempt(client, username, password, address="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failures_lock_the_user_from_that_address(client, county_officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "county_officer", "wrong").status_code == 200
    locked = attempt(client, "county_officer", "wrong")
    assert locked.status_code == 429
    assert "暂时无法登录" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    assert attempt(client, "county_officer", PASSWORD).status_code == 429


def test_lockout_is_per_user_and_address(client, county_officer, county_leader, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "county_officer", "wrong")
    # Same address, another user; same user, another address: both still log in.
    assert attempt(client, "county_leader", PASSWORD)["Location"] == "/"
    client.post("/accounts/logout/")
    assert attempt(client, "county_officer", PASSWORD, address="10.0.0.2")["Location"] == "/"


def test_login_rotates_the_session_key(client, county_officer):
    client.get("/accounts/login/")
    before = client.session.session_key
    attempt(client, "county_officer", PASSWORD)
    assert client.session.session_key != before


def test_deactivated_user_is_logged_out_on_next_request(client, county_officer):
    client.force_login(county_officer)
    assert client.get("/my/").status_code == 200
    county_officer.is_active = False
    county_officer.save()
    assert client.get("/my/").status_code == 302
