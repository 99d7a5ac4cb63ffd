"""``seen_by_every_reader`` (SQL, for queries) and ``seen_by_every_reader_of`` (Python, for
many pairs at once) are one rule: they must answer alike for every pair of pages, whatever
restrictions lie on them or their ancestors."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.db.models import Value
from wagtail.models import Page, PageViewRestriction

from core.visibility import reader_rules, seen_by_every_reader, seen_by_every_reader_of
from tests.factories.pages import NewsPageFactory

pytestmark = pytest.mark.django_db


def _restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="mật khẩu" if kind == "password" else ""
    )
    restriction.groups.set(groups)


@pytest.fixture
def pages():
    """Pages under every kind of restriction the intranet can hold."""
    a, b, c = (Group.objects.create(name=f"Nhóm thử {name}") for name in "ABC")
    made = {}

    def page(name, parent=None):
        made[name] = NewsPageFactory(parent=parent, title=f"Trang {name}")
        return made[name]

    page("public")
    _restrict(page("login"), PageViewRestriction.LOGIN)
    _restrict(page("A"), PageViewRestriction.GROUPS, [a])
    _restrict(page("A2"), PageViewRestriction.GROUPS, [a])
    _restrict(page("AB"), PageViewRestriction.GROUPS, [a, b])
    _restrict(page("B"), PageViewRestriction.GROUPS, [b])
    _restrict(page("nobody"), PageViewRestriction.GROUPS, [])
    _restrict(page("password"), "password")
    _restrict(page("password with groups"), "password", [a])
    section = page("section AB")
    _restrict(section, PageViewRestriction.GROUPS, [a, b])
    page("under AB", section)
    _restrict(page("under AB, C too", section), PageViewRestriction.GROUPS, [c])
    _restrict(page("under AB, A too", section), PageViewRestriction.GROUPS, [a])
    return made


def test_python_and_sql_agree_on_every_pair(pages):
    rules = reader_rules()
    disagreements = []
    for (name, page), (of_name, of) in itertools.product(pages.items(), repeat=2):
        sql = (
            Page.objects.filter(pk=page.pk)
            .filter(seen_by_every_reader("path", Value(of.path)))
            .exists()
        )
        if seen_by_every_reader_of(page.path, of.path, rules) != sql:
            disagreements.append((name, of_name, sql))
    assert disagreements == []
    # The pairs cover both answers, and the cases the rule is about.
    assert seen_by_every_reader_of(pages["AB"].path, pages["A"].path, rules)
    assert not seen_by_every_reader_of(pages["A"].path, pages["AB"].path, rules)
    assert seen_by_every_reader_of(pages["public"].path, pages["B"].path, rules)
    assert not seen_by_every_reader_of(pages["B"].path, pages["public"].path, rules)
