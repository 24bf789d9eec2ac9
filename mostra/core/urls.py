from django.contrib.auth.views import LogoutView
from django.urls import path

from mostra.core.views import (
    accounts,
    archive,
    audit_log,
    crisis,
    members,
    organisation,
    passwords,
    two_factor,
    workspaces,
)

app_name = "core"

urlpatterns = [
    path("", workspaces.home, name="home"),
    path("accounts/login/", accounts.MostraLoginView.as_view(), name="login"),
    path("accounts/login/code/", two_factor.login_code, name="login_code"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/password/", passwords.change_password, name="change_password"),
    path("accounts/password/reset/", passwords.forgot_password, name="password_reset"),
    path("accounts/password/reset/sent/", passwords.reset_sent, name="password_reset_sent"),
    path(
        "accounts/password/reset/<str:uid>/<str:token>/",
        passwords.reset_link,
        name="password_reset_link",
    ),
    path("accounts/tokens/", accounts.create_token, name="create_token"),
    path("accounts/tokens/<int:token_id>/revoke/", accounts.revoke_token, name="revoke_token"),
    path("accounts/two-factor/", two_factor.setup, name="two_factor"),
    path("accounts/two-factor/off/", two_factor.turn_off, name="two_factor_off"),
    path("accounts/two-factor/recovery-codes/", two_factor.new_codes, name="new_recovery_codes"),
    path(
        "accounts/two-factor/recovery-codes.txt",
        two_factor.download_codes,
        name="download_recovery_codes",
    ),
    path("language/", accounts.set_language, name="set_language"),
    path("invitations/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("w/new/", workspaces.create, name="create_workspace"),
    path("w/<slug:slug>/", workspaces.landing, name="workspace"),
    path("w/<slug:slug>/settings/", workspaces.settings_view, name="settings"),
    path("w/<slug:slug>/settings/two-factor/", two_factor.require, name="require_two_factor"),
    path("w/<slug:slug>/archive/", archive.archive, name="archive_workspace"),
    path("w/<slug:slug>/restore/", archive.restore, name="restore_workspace"),
    path("w/<slug:slug>/delete/", archive.delete, name="delete_workspace"),
    path("w/<slug:slug>/members/", members.member_list, name="members"),
    path("w/<slug:slug>/members/invite/", members.invite, name="invite"),
    path("w/<slug:slug>/members/<int:member_id>/", members.edit_member, name="edit_member"),
    path(
        "w/<slug:slug>/members/<int:member_id>/remove/", members.remove_member, name="remove_member"
    ),
    path(
        "w/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        members.revoke_invitation,
        name="revoke_invitation",
    ),
    path("w/<slug:slug>/organisation/", organisation.organisation_page, name="organisation"),
    path("w/<slug:slug>/organisation/raci/", organisation.save_raci, name="save_raci"),
    path("w/<slug:slug>/organisation/raci/check/", organisation.check_raci, name="check_raci"),
    path("w/<slug:slug>/organisation/activities/", organisation.add_activity, name="add_activity"),
    path(
        "w/<slug:slug>/organisation/activities/<int:activity_id>/delete/",
        organisation.delete_activity,
        name="delete_activity",
    ),
    path("w/<slug:slug>/organisation/policy/", organisation.save_policy, name="save_policy"),
    path("w/<slug:slug>/organisation/sponsor/", organisation.save_sponsor, name="save_sponsor"),
    path("w/<slug:slug>/crisis/", crisis.playbook, name="crisis"),
    path("w/<slug:slug>/crisis/<int:level_id>/", crisis.edit_level, name="edit_crisis_level"),
    path("w/<slug:slug>/audit/", audit_log.audit_log, name="audit"),
]
