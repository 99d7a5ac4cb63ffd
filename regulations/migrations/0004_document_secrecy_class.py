"""Secret documents share no identity and no address with public ones (issue 17).

* ``restricted``, the secrecy class: documents under a view restriction that can shut a
  member out, or marked secret (``confidentiality``, ``restricted_groups``).
* The identity (number key and issue date) becomes unique among public documents only:
  ``unique_public_document_identity`` replaces ``unique_document_identity``, so that an
  editor outside a secret document's groups can save a public document of the same number
  and date, exactly as if the secret one did not exist (docs/documents.md).
* Every secret document gets a random address ("vb-…", ``regulations.slugs``) in place of
  one made from its number and year, and the redirects to it are dropped (a redirect answers
  the old address unlike a missing page's). Search entries keep the old address of those
  documents until the next ``manage.py rebuild_search_index`` (only their readers ever see
  them); run it after this migration.

Written by hand: the data part runs between the field and the new constraint; the slug
format is repeated here rather than imported, as migrations must not follow later code.
"""

import re
import secrets

from django.db import migrations, models

SECRET_SLUG = re.compile(r"vb-[a-z2-7]{20}")


def _token() -> str:
    return "vb-" + "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz234567") for _i in range(20))


def classify_and_conceal(apps, schema_editor):
    documents = apps.get_model("regulations", "PartyDocumentPage")
    pages = apps.get_model("wagtailcore", "Page")
    restrictions = apps.get_model("wagtailcore", "PageViewRestriction")
    redirects = apps.get_model("wagtailredirects", "Redirect")
    shut_paths = list(
        restrictions.objects.exclude(restriction_type="login").values_list("page__path", flat=True)
    )
    grouped = set(
        documents.restricted_groups.through.objects.values_list("partydocumentpage_id", flat=True)
    )
    for document in documents.objects.all().only(
        "pk", "path", "slug", "url_path", "confidentiality"
    ):
        secret = (
            bool(document.confidentiality)
            or document.pk in grouped
            or any(document.path.startswith(path) for path in shut_paths)
        )
        if not secret:
            continue
        documents.objects.filter(pk=document.pk).update(restricted=True)
        redirects.objects.filter(redirect_page_id=document.pk).delete()
        if SECRET_SLUG.fullmatch(document.slug):
            continue
        slug = _token()
        url_path = document.url_path[: -len(document.slug) - 1] + slug + "/"
        pages.objects.filter(pk=document.pk).update(slug=slug, url_path=url_path)


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0003_document_identity_key"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="partydocumentpage",
            name="unique_document_identity",
        ),
        migrations.AddField(
            model_name="partydocumentpage",
            name="restricted",
            field=models.BooleanField(
                db_default=False, db_index=True, default=False, editable=False
            ),
        ),
        migrations.RunPython(classify_and_conceal, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="partydocumentpage",
            constraint=models.UniqueConstraint(
                condition=models.Q(("restricted", False)),
                fields=("number_key", "issued_on"),
                name="unique_public_document_identity",
            ),
        ),
    ]
