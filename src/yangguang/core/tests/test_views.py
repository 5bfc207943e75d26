import pytest


@pytest.mark.parametrize(("role", "where"), [
    ("supervisor", "/supervision/"), ("legal_office", "/office/review/"), ("officer", "/office/"),
    ("applicant", "/my/cases/"), (None, "/my/cases/"),
])
def test_a_login_without_next_leads_each_user_to_their_own_start(make_user, land_bureau, city, role, where):
    from django.test import Client

    from yangguang.org.models import Role

    if role == "officer":
        user = make_user("someone", officer_of=land_bureau, posts=("window",))
    elif role in ("supervisor", "legal_office"):
        user = make_user("someone", Role(role), region=city)
    elif role == "applicant":
        user = make_user("someone", Role.APPLICANT)
    else:
        user = make_user("someone")
    client = Client()
    client.force_login(user)
    response = client.get("/accounts/welcome/")
    assert response.status_code == 302 and response.url == where


def test_error_pages_are_the_sites_own_and_the_icon_is_served(db):
    from django.test import Client

    client = Client()
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and 'class="site-header"' in missing.content.decode()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and icon.url.endswith("favicon.ico")
