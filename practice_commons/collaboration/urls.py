from django.urls import path

from .views import agreements, champions, directory, opportunities, shadowing

app_name = "collaboration"

urlpatterns = [
    path("", champions.home, name="home"),
    path("directory/", directory.directory, name="directory"),
    path("directory/settings/", directory.directory_settings, name="directory_settings"),
    path("opportunities/", opportunities.opportunity_list, name="opportunities"),
    path("opportunities/mine/", opportunities.my_opportunities, name="my_opportunities"),
    path("opportunities/new/", opportunities.opportunity_new, name="opportunity_new"),
    path(
        "opportunities/<int:opportunity_id>/", opportunities.opportunity_detail, name="opportunity"
    ),
    path(
        "opportunities/<int:opportunity_id>/interest/",
        opportunities.interest_create,
        name="interest",
    ),
    path(
        "opportunities/<int:opportunity_id>/close/",
        opportunities.opportunity_close,
        name="opportunity_close",
    ),
    path("interests/<int:interest_id>/reply/", opportunities.interest_reply, name="interest_reply"),
    path("agreements/", agreements.agreement_list, name="agreements"),
    path("agreements/new/", agreements.agreement_new, name="agreement_new"),
    path("agreements/overdue/", agreements.overdue, name="overdue"),
    path("agreements/<int:agreement_id>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/edit/", agreements.agreement_edit, name="agreement_edit"),
    path(
        "agreements/<int:agreement_id>/accept/",
        agreements.agreement_accept,
        name="agreement_accept",
    ),
    path("agreements/<int:agreement_id>/pdf/", agreements.agreement_pdf, name="agreement_pdf"),
    path(
        "agreements/<int:agreement_id>/versions/<int:number>/",
        agreements.agreement_version,
        name="agreement_version",
    ),
    path(
        "agreements/<int:agreement_id>/milestones/<int:milestone_id>/done/",
        agreements.milestone_done,
        name="milestone_done",
    ),
    path(
        "agreements/<int:agreement_id>/<slug:action>/",
        agreements.agreement_action,
        name="agreement_action",
    ),
    path("register/", agreements.register, name="register"),
    path("shadowing/", shadowing.shadowing_list, name="shadowing"),
    path("shadowing/new/", shadowing.shadowing_new, name="shadowing_new"),
    path("shadowing/<int:listing_id>/", shadowing.shadowing_detail, name="shadowing_detail"),
    path(
        "shadowing/<int:listing_id>/respond/", shadowing.shadowing_respond, name="shadowing_respond"
    ),
    path("shadowing/<int:listing_id>/close/", shadowing.shadowing_close, name="shadowing_close"),
    path(
        "shadowing/responses/<int:response_id>/arrange/",
        shadowing.shadowing_arrange,
        name="shadowing_arrange",
    ),
    path("champions/", champions.champion_index, name="champions"),
    path("champions/<slug:slug>/", champions.champion_page, name="champion_page"),
]
