"""What the schedule's pages show and the views of their routes (``core.pages``)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from core.pages import context_for, view_for
from core.visibility import visible_pages
from tasks.pages import document_tasks

from .changes import change_lines
from .models import Leader, MeetingPackPage, ScheduleEntry, ScheduleIndexPage, WeekSchedulePage
from .selectors import (
    by_day_and_session,
    entries_of_leader,
    neighbours,
    records_by_uid,
    removed_records,
    visible_packs_by_entry,
    visible_weeks,
    week_containing,
)

ARCHIVE = 12


def week_context(week: WeekSchedulePage, request, leader: Leader | None = None) -> dict:
    entries = ScheduleEntry.objects.filter(page=week).select_related("chair", "preparing_unit")
    entries = entries.prefetch_related("attendees", "attending_units")
    removed = removed_records(week)
    if leader is not None:
        entries = entries_of_leader(entries, leader)
        removed = [r for r in removed if leader.pk in r.snapshot.get("leader_ids", [])]
    entries = list(entries)
    records = records_by_uid(week)
    packs = visible_packs_by_entry(request.user, entries)
    for entry in entries:
        entry.record = records.get(entry.uid)
        entry.change_lines = change_lines(entry.record.changes) if entry.record else []
        entry.visible_packs = packs.get(entry.pk, [])
    previous, following = neighbours(request.user, week)
    return {
        "week": week,
        "days": by_day_and_session(week.week_start, entries),
        "entry_count": len(entries),
        "removed_entries": [(r, change_lines(r.changes)) for r in removed],
        "previous_week": previous,
        "next_week": following,
        "leaders": Leader.objects.all(),
        "leader": leader,
        "today": timezone.localdate(),
    }


@context_for(WeekSchedulePage)
def week_page_context(week, request) -> dict:
    return week_context(week, request)


@context_for(ScheduleIndexPage)
def index_page_context(index, request) -> dict:
    weeks = visible_weeks(request.user).child_of(index).order_by("-week_start")
    current = week_containing(request.user, timezone.localdate())
    context = {"weeks": weeks[:ARCHIVE], "leaders": Leader.objects.all()}
    if current is not None:
        context.update(week_context(current, request))
    return context


def week_leader(week, request, leader_slug: str):
    leader = get_object_or_404(Leader, slug=leader_slug)
    return week.render(request, context_overrides=week_context(week, request, leader))


def index_leader(index, request, leader_slug: str):
    """A leader's week: this week's, or the latest the user may see."""
    leader = get_object_or_404(Leader, slug=leader_slug)
    week = week_containing(request.user, timezone.localdate())
    if week is None:
        week = visible_weeks(request.user).child_of(index).order_by("-week_start").first()
    if week is None:
        raise Http404
    return redirect(week.url + week.reverse_subpage("leader", args=[leader.slug]))


view_for(WeekSchedulePage, "leader")(week_leader)
view_for(ScheduleIndexPage, "leader")(index_leader)


@context_for(MeetingPackPage)
def pack_page_context(pack, request) -> dict:
    conclusion = None
    if pack.conclusion_id:
        conclusion = visible_pages(request.user).filter(pk=pack.conclusion_id).first()
    return {
        "visible_documents": visible_pages(request.user, pack.documents.all()),
        "visible_conclusion": conclusion,
        # the conclusion's tasks, followed by the task-tracking app (docs/tasks.md)
        **(document_tasks(conclusion, request) if conclusion else {"document_tasks": []}),
    }
