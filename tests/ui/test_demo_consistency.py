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
