"""Screens of profitability (being built): the projects table, a project's page, alerts, cost rates."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def projects(request):
    return HttpResponse("")


@login_required
def project(request, pk):
    return HttpResponse("")


@login_required
def alerts(request):
    return HttpResponse("")


@login_required
def cost_rates(request):
    return HttpResponse("")
