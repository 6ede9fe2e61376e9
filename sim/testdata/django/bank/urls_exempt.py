"""bank.urls with @csrf_exempt on the transfer view (Config transfer_csrf_exempt)."""
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views
from .urls import urlpatterns as _base

urlpatterns = [p for p in _base if p.callback is not views.transfer]
urlpatterns.append(path("transfer/", csrf_exempt(views.transfer)))
