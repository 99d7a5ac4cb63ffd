"""Write side of study plans: a member confirms (or amends) their study of a plan."""

from django.utils import timezone

from .models import StudyConfirmation, StudyPlanPage


def confirmation_record(*, plan: StudyPlanPage, user, reflection: str) -> StudyConfirmation:
    """Record "tôi đã học tập" for ``user``; a second call amends the reflection and keeps
    the time of the first confirmation. Callers check visibility and audience first."""
    confirmation, created = StudyConfirmation.objects.get_or_create(
        plan=plan,
        user=user,
        defaults={"confirmed_at": timezone.now(), "reflection": reflection},
    )
    if not created and confirmation.reflection != reflection:
        confirmation.reflection = reflection
        confirmation.save(update_fields=["reflection", "updated_at"])
    return confirmation
