from django.urls import path

from . import views

urlpatterns = [
    path("tiep-nhan/", views.office_overview, name="delivery_overview"),
    path("tiep-nhan/<int:delivery_id>/xac-nhan/", views.acknowledge, name="acknowledge"),
    path("tiep-nhan/van-ban/<int:page_id>/", views.delivery_status, name="delivery_status"),
    path("tiep-nhan/van-ban/<int:page_id>/nhac/", views.send_reminder, name="send_reminder"),
]
