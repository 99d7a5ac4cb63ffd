"""A document's identity in the database is its number's key and its issue date.

``number_key`` is now ``regulations.identity.identity_key`` (NFKC, every dash and slash
variant, a leading "Số" dropped): the keys of numbers typed with unusual characters are
computed again, and the unique constraint moves from the raw number to the key, so that
"137﹘QĐ/TW" and "137-QĐ/TW" of the same day are one document, as the importer and the
import file's duplicate check already say. Search entries keep their folded key until the
next ``rebuild_search_index`` (only numbers with such characters differ).
"""

from django.db import migrations, models


def recompute_keys(apps, schema_editor):
    from core.vietnamese import fold
    from regulations.identity import identity_key

    documents = apps.get_model("regulations", "PartyDocumentPage")
    for pk, number in documents.objects.values_list("pk", "number"):
        key = identity_key(number)
        documents.objects.filter(pk=pk).update(
            number_key=key, number_key_folded=fold(key).upper()
        )
    relations = apps.get_model("regulations", "DocumentRelation")
    for pk, number in relations.objects.values_list("pk", "target_number"):
        relations.objects.filter(pk=pk).update(
            target_number_key_folded=fold(identity_key(number)).upper()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0002_partydocumentpage_acknowledgement_due_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="partydocumentpage",
            name="unique_number_issued_on",
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="partydocumentpage",
            constraint=models.UniqueConstraint(
                fields=("number_key", "issued_on"), name="unique_document_identity"
            ),
        ),
    ]
