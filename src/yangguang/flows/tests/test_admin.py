from django.contrib.auth import get_user_model
from django.test import Client

from yangguang.flows.models import Flow


def test_the_admin_shows_flowcharts_read_only(draft_with_flow):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root"))
    flow = Flow.objects.get(power_version=draft_with_flow)
    listing = client.get("/admin/flows/flow/")
    assert listing.status_code == 200 and "320100-012-XK-0001" in listing.content.decode()
    page = client.get(f"/admin/flows/flow/{flow.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "现场踏勘" in body
    assert 'name="_save"' not in body  # nothing to save
    assert client.get("/admin/flows/flow/add/").status_code == 403


def test_the_admin_action_drops_kept_drawings(draft_with_flow):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root"))
    flow = Flow.objects.get(power_version=draft_with_flow)
    Flow.objects.filter(pk=flow.pk).update(svg="<svg/>")
    response = client.post("/admin/flows/flow/", {"action": "forget_svg", "_selected_action": [flow.pk]})
    assert response.status_code == 302
    assert Flow.objects.get(pk=flow.pk).svg == ""
