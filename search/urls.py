from django.urls import path

from . import views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("tim-kiem/goi-y/", views.autocomplete_view, name="search_autocomplete"),
    path("api/v1/search/", views.search_api, name="api_search"),
]
