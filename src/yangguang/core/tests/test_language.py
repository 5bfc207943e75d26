import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_chinese_by_default_whatever_the_browser_prefers():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "权力" in response.content.decode()


def test_english_once_chosen():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert "Power catalog" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/")["Content-Language"] == "zh-hans"
