"""The Office-staff role as a permission (organisation.people), granted to the groups that
held the role by name until now, so that an upgraded database keeps who is Office staff."""

from django.db import migrations

OFFICE_ROLES = ("Biên tập viên", "Lãnh đạo phòng", "Chánh Văn phòng", "Quản trị hệ thống")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="organisation", model="unit")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="office_staff",
        defaults={"name": "Cán bộ Văn phòng: theo dõi mọi đơn vị"},
    )
    for group in Group.objects.filter(name__in=OFFICE_ROLES):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_unit_memberships_in_admin"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": ["name"],
                "permissions": [("office_staff", "Cán bộ Văn phòng: theo dõi mọi đơn vị")],
                "verbose_name": "Đơn vị",
                "verbose_name_plural": "Đơn vị",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
