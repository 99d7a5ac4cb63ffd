from django.urls import path

from . import views

urlpatterns = [
    path("thi-dua/<int:page_id>/dang-ky/", views.register, name="emulation_register"),
    path(
        "thi-dua/<int:page_id>/tong-hop-dang-ky/",
        views.registrations,
        name="emulation_registrations",
    ),
]
