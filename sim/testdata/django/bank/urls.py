from django.urls import path

from . import views

urlpatterns = [
    path("", views.index),
    path("login/", views.login),
    path("account/", views.account),
    path("transfer/", views.transfer),
    path("logout/", views.logout),
    path("password/", views.password),
    path("cart/add/", views.cart_add),
]
