from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from targets.models import Evidence, ProgressReport

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def waiting(target, reporter, value="3", days=0):
    report = ProgressReport.objects.create(
        target=target,
        value=Decimal(value),
        as_of=date(2026, 1, 31),
        reporter=reporter,
        state=ProgressReport.State.SUBMITTED,
    )
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return report


@pytest.fixture
def queue(world, county_officer, city_officer):
    return {
        "county": waiting(world.county_target, county_officer, days=9),
        "office": waiting(world.county_office_target, county_officer, days=1),
        "city": waiting(world.city_target, city_officer, days=0),
    }


def shown(response):
    return {r.pk for r in response.context["reports"]}


def test_review_queue_filters_by_unit_department_and_plan(client, world, city_leader, queue):
    client.force_login(city_leader)
    assert shown(client.get("/reviews/")) == {r.pk for r in queue.values()}
    assert shown(client.get("/reviews/", {"bureau": world.county.pk})) == {queue["county"].pk, queue["office"].pk}
    assert shown(client.get("/reviews/", {"department": world.county_office.pk})) == {queue["office"].pk}
    assert shown(client.get("/reviews/", {"plan": world.city_plan.pk})) == {queue["city"].pk}
    page = client.get("/reviews/")
    assert {b.name for b in page.context["bureaus"]} == {"聊城市科学技术局", "东昌府区科学技术局"}


def test_review_queue_with_no_match_says_so(client, world, city_leader, queue):
    client.force_login(city_leader)
    page = client.get("/reviews/", {"plan": world.other_county_plan.pk}).content.decode()
    assert "没有符合筛选条件的待审核填报" in page


def test_review_queue_shows_days_waiting_and_the_value_counted_before(client, world, city_leader, queue):
    client.force_login(city_leader)
    page = client.get("/reviews/").content.decode()
    row = page[page.index(f'id="report-{queue["county"].pk}"') :].split("</tr>")[0]
    assert "9天" in row and "waiting-long" in row
    assert "此前无计入值" in row and "原值" not in page


def test_several_reports_are_approved_at_once(client, world, city_leader, queue):
    client.force_login(city_leader)
    response = client.post("/reviews/approve/", {"report": [queue["county"].pk, queue["city"].pk]}, follow=True)
    assert "已通过2条填报" in response.content.decode()
    states = dict(ProgressReport.objects.values_list("pk", "state"))
    assert states[queue["county"].pk] == states[queue["city"].pk] == "approved"
    assert states[queue["office"].pk] == "submitted"


def test_bulk_approve_with_a_report_out_of_scope_changes_nothing(client, world, county_leader, queue):
    client.force_login(county_leader)
    response = client.post("/reviews/approve/", {"report": [queue["county"].pk, queue["city"].pk]})
    assert response.status_code == 404
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {"submitted"}


@pytest.fixture
def evidence(queue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Evidence(report=queue["county"], original_name="现场照片.png", size=len(PNG))
    image.file.save("x.png", ContentFile(PNG), save=True)
    document = Evidence(report=queue["county"], original_name="说明.docx", size=4)
    document.file.save("x.docx", ContentFile(b"PK\x03\x04"), save=True)
    return image, document


def test_evidence_images_and_pdfs_open_in_place(client, city_leader, evidence):
    image, document = evidence
    client.force_login(city_leader)
    page = client.get("/reviews/").content.decode()
    assert f'<img src="/evidence/{image.pk}/?inline=1"' in page
    assert f'href="/evidence/{document.pk}/"' in page and f"/evidence/{document.pk}/?inline=1" not in page
    response = client.get(f"/evidence/{image.pk}/", {"inline": "1"})
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_evidence_that_cannot_be_shown_in_place_is_still_a_download(client, city_leader, evidence):
    _, document = evidence
    client.force_login(city_leader)
    response = client.get(f"/evidence/{document.pk}/", {"inline": "1"})
    assert response["Content-Disposition"].startswith("attachment")
