from django.urls import path

from . import views

urlpatterns = [
    path("lich-cua-toi/", views.my_calendar, name="schedule_my_calendar"),
    path("lich-ical/muc/<int:entry_id>.ics", views.entry_ics, name="schedule_entry_ics"),
    path(
        "lich-ical/<int:user_id>/<slug:key>/ca-nhan.ics",
        views.my_feed,
        name="schedule_my_feed",
    ),
    path(
        "lich-ical/<int:user_id>/<slug:key>/toan-bo.ics",
        views.whole_feed,
        name="schedule_whole_feed",
    ),
    path(
        "lich-ical/<int:user_id>/<slug:key>/lanh-dao/<slug:leader_slug>.ics",
        views.leader_feed,
        name="schedule_leader_feed",
    ),
]
