"""System checks: every admin form and snippet viewset applies the visibility rule.

The rule lives in the base form (``core.admin_forms``) and the base snippet viewset
(``core.admin_snippets``) rather than in each screen, so a model that forgets them would
offer every hidden page in its choices. ``manage.py check`` (and the test suite, which runs
this check) fails instead.
"""

from django.core.checks import Error, register


@register("admin")
def admin_forms_apply_the_visibility_rule(app_configs=None, **kwargs):
    from wagtail import hooks
    from wagtail.models import Page, get_page_models
    from wagtail.snippets.models import get_snippet_models

    from .admin_forms import narrows_choices
    from .admin_snippets import VisibleSnippetViewSet

    errors = []
    for model in get_page_models():
        if model is Page or narrows_choices(model.base_form_class):
            continue
        errors.append(
            Error(
                f"{model._meta.label}.base_form_class does not apply the visibility rule.",
                hint="Use core.admin_forms.VisibleAdminPageForm or a subclass of it.",
                obj=model,
                id="core.E001",
            )
        )
    hooks.search_for_hooks()  # snippets are registered by the apps' wagtail_hooks
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        if isinstance(viewset, VisibleSnippetViewSet) and narrows_choices(viewset.get_form_class()):
            continue
        errors.append(
            Error(
                f"The admin of snippet {model._meta.label} does not apply the visibility rule.",
                hint=(
                    "Register it with a core.admin_snippets.VisibleSnippetViewSet and give "
                    "the model base_form_class = core.admin_forms.VisibleAdminModelForm."
                ),
                obj=model,
                id="core.E002",
            )
        )
    return errors
