"""Issue 18: the demo does not contradict itself in plain view."""

import pytest
from django.db.models import F
from django.utils import timezone

from announcements.models import Delivery
from emulation.models import EmulationMovementPage, EmulationRanking

pytestmark = pytest.mark.django_db


def test_nothing_is_confirmed_before_it_was_sent():
    assert Delivery.objects.filter(acknowledged_at__isnull=False).exists()
    assert not Delivery.objects.filter(acknowledged_at__lt=F("delivered_at")).exists()
    assert not Delivery.objects.filter(delivered_at__gt=timezone.now()).exists()


def test_a_past_movement_was_sent_in_its_own_year_and_is_not_new():
    today = timezone.localdate()
    for movement in EmulationMovementPage.objects.filter(final_review_on__lt=today):
        deliveries = Delivery.objects.filter(page=movement)
        assert deliveries.exists()
        for delivery in deliveries:
            assert timezone.localtime(delivery.delivered_at).year == movement.final_review_on.year
            assert delivery.acknowledged_at is not None, delivery.unit


def test_scores_fit_the_criteria_they_were_given_for():
    for ranking in EmulationRanking.objects.select_related("movement"):
        movement = ranking.movement.specific
        total = sum(block.value["max_score"] for block in movement.criteria)
        assert ranking.score <= total, (movement.title, ranking.score, total)


def test_documents_of_an_ended_term_are_no_longer_in_force():
    """The 2020-2025 working regulations and a district's 2019 guidance (districts ended on
    1 July 2025) have ended; the documents of today are in force."""
    from regulations.choices import Validity
    from regulations.models import PartyDocumentPage

    validity = dict(PartyDocumentPage.objects.live().values_list("number", "validity"))
    for number in ("01-QC/TU", "02-QC/UBKTTU", "18-HD/HU"):
        assert validity[number] == Validity.EXPIRED, number
    assert validity["2298-CV/TU"] == validity["17-QC/TU"] == Validity.IN_FORCE


def test_a_relation_to_another_document_of_the_same_number_says_so(client_for):
    """01-QC/TU of 2020 replaces 01-QC/TU of 2015 (numbers restart with each term): the
    relation names the other one's date instead of seeming to replace itself."""
    from regulations.models import PartyDocumentPage

    page = PartyDocumentPage.objects.live().get(number="01-QC/TU")
    html = client_for("member").get(page.url).content.decode()
    relations = html.split('id="relations-heading"', 1)[1].split("</table>", 1)[0]
    assert "01-QC/TU ngày 08/12/2015" in relations
    assert "văn bản khác cùng số hiệu" in relations
    assert "Hết hiệu lực toàn bộ" in html


def test_the_office_overview_dates_each_page_when_it_was_sent(client_for):
    """The 2025 movement was sent in 2025, whatever day the demo was loaded (issue 18)."""
    from django.db.models import Min
    from django.urls import reverse

    response = client_for("editor").get(reverse("delivery_overview"))
    items = list(response.context["page_obj"])
    assert items
    for item in items:
        first = Delivery.objects.filter(page_id=item.pk).aggregate(first=Min("delivered_at"))
        assert item.sent_at == first["first"]
        assert timezone.localtime(item.sent_at).strftime("%d/%m/%Y") in response.content.decode()
    past = EmulationMovementPage.objects.filter(final_review_on__lt=timezone.localdate())
    for movement in past.filter(pk__in=[item.pk for item in items]):
        sent = next(item.sent_at for item in items if item.pk == movement.pk)
        assert timezone.localtime(sent).year == movement.final_review_on.year
