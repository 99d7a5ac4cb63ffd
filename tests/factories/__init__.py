"""factory_boy factories of the intranet's data: new tests build their data with these factories.

Tests used to build on the demo (``tests/conftest.py`` loads it once per session) and on
hand-written helpers; new tests should make what they need here instead, so that their data
is visible in the test itself and they also run on an empty database.

* People: ``UserFactory`` (``roles=[roles.EDITOR]``, ``unit=...``, ``superuser=True``),
  ``GroupFactory`` (a role's name gives the role's group with its permissions),
  ``UnitFactory`` (with its page and editor group), ``UnitMembershipFactory``; ``logged_in``
  gives a test client logged in as a user.
* Library: ``RegulationPageFactory`` ("301-QĐ/TU"), ``CircularPageFactory`` ("301-HD/VPTU"),
  ``secret=True`` for a document readable by the "Ban Thường vụ Tỉnh ủy" only,
  ``publish=False`` for a draft; ``IssuerFactory``, ``DocumentRelationFactory``.
* Other pages: ``NewsPageFactory``, ``EmulationMovementPageFactory``, ``StudyPlanPageFactory``;
  the schedule: ``LeaderFactory``, ``WeekSchedulePageFactory(entries=[ScheduleEntryFactory()])``,
  ``MeetingPackPageFactory(parent=week, entry=...)``.
* Tasks: ``TaskFactory`` (a one-off task of a published plan), ``TaskReportFactory``.

Pages go under their section (``parent=...`` to choose) and are published through a
revision, so the publishing handlers run as in the admin. ``site_tree()`` returns the home
page and its sections: the demo's, or made by the real ``setup_intranet`` on a database
without them; ``empty_database()`` (fixture ``empty_db``) gives such a database inside a
test. Defaults are realistic Vietnamese: titles, names, numbers, dates in 2024–2026.
"""

from .documents import (
    CircularPageFactory,
    DocumentRelationFactory,
    IssuerFactory,
    RegulationPageFactory,
)
from .emulation import EmulationMovementPageFactory
from .pages import NewsPageFactory, PageFactory
from .people import (
    PASSWORD,
    GroupFactory,
    UnitFactory,
    UnitMembershipFactory,
    UserFactory,
    logged_in,
)
from .schedule import (
    LeaderFactory,
    MeetingPackPageFactory,
    ScheduleEntryFactory,
    WeekSchedulePageFactory,
)
from .site import SiteTree, empty_database, site_tree
from .study import StudyPlanPageFactory
from .tasks import TaskFactory, TaskReportFactory

__all__ = [
    "PASSWORD",
    "CircularPageFactory",
    "DocumentRelationFactory",
    "EmulationMovementPageFactory",
    "GroupFactory",
    "IssuerFactory",
    "LeaderFactory",
    "MeetingPackPageFactory",
    "NewsPageFactory",
    "PageFactory",
    "RegulationPageFactory",
    "ScheduleEntryFactory",
    "SiteTree",
    "StudyPlanPageFactory",
    "TaskFactory",
    "TaskReportFactory",
    "UnitFactory",
    "UnitMembershipFactory",
    "UserFactory",
    "WeekSchedulePageFactory",
    "empty_database",
    "logged_in",
    "site_tree",
]
