from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("invitations/yours/<int:invitation_id>/", views.your_invitation, name="your_invitation"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/restore/", views.restore, name="restore"),
    path("<slug:slug>/subgroups/new/", views.create, name="create_subgroup"),
    path("<slug:slug>/rules/", views.rules, name="rules"),
    path("<slug:slug>/rules/edit/", views.rules_edit, name="rules_edit"),
    path("<slug:slug>/rules/accept/", views.rules_accept, name="rules_accept"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/", views.member_manage, name="member_manage"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/requests/<int:membership_id>/", views.request_decide, name="request_decide"),
    path("<slug:slug>/invitations/", views.invitations, name="invitations"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("<slug:slug>/safeguarding-leads/", views.safeguarding_leads, name="safeguarding_leads"),
]
