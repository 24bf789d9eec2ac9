"""Who may call each route: the table tests/test_access_matrix.py checks every route against.

Web pages are keyed by URL name, each method by the least role that may call it; API
operations by operationId (one method each). A route missing here fails the matrix
("add route X to the access table"): a new route is declared with its rights, and its
arguments in tests/access_world.py when it names an object.

The levels:

- ``PUBLIC``: anyone, signed in or not (signing in; a link that is its own key);
- ``USER``: anyone signed in, member of the workspace or not (their own account);
- ``ADMIN``: site administrators only (superusers; the network applications);
- ``NOBODY``: a name for building addresses, no page (everyone gets 404);
- the roles of a workspace's member, ``VIEWER`` < ``CONTRIBUTOR`` < ``EDITOR`` <
  ``MANAGER`` < ``OWNER`` (see mostra/core/permissions.py).

Whoever is below answers as the project's rule says (docs/decisions.md, "Permissions in
one module"): 404 for an outsider and for a member lacking the right; the login page
for an anonymous visitor, 401 from the API.

Where the right depends on the post (its author changes it, submits it), the table gives
the role that may act on a post someone else wrote; members from the role in
``*_IN_WORDS`` up to it are refused in words instead (an error message on the page, a
422 from the API), as the workflow refuses: the post is theirs to read, not to handle.
"""

from __future__ import annotations

from mostra.core.models import Role

PUBLIC = "anonymous"
USER = "user"
ADMIN = "admin"
NOBODY = "nobody"
VIEWER = Role.VIEWER.value
CONTRIBUTOR = Role.CONTRIBUTOR.value
EDITOR = Role.EDITOR.value
MANAGER = Role.MANAGER.value
OWNER = Role.OWNER.value

#: The members' roles, from the fewest rights to the most.
MEMBER_RANKS = (VIEWER, CONTRIBUTOR, EDITOR, MANAGER, OWNER)

WEB: dict[str, dict[str, str]] = {
    # --- Signing in, one's own account, the workspaces one has --------------------------
    "core:home": {"GET": USER},
    "core:login": {"GET": PUBLIC, "POST": PUBLIC},
    "core:login_code": {"GET": PUBLIC, "POST": PUBLIC},
    "core:logout": {"POST": PUBLIC},
    "core:set_language": {"POST": PUBLIC},
    "core:accept_invitation": {"GET": PUBLIC, "POST": PUBLIC},
    "core:profile": {"GET": USER, "POST": USER},
    "core:change_password": {"POST": USER},
    "core:password_reset": {"GET": PUBLIC, "POST": PUBLIC},
    "core:password_reset_sent": {"GET": PUBLIC},
    "core:password_reset_link": {"GET": PUBLIC, "POST": PUBLIC},  # the e-mailed link is the key
    "core:create_token": {"POST": USER},
    "core:revoke_token": {"POST": USER},
    "core:two_factor": {"GET": USER, "POST": USER},
    "core:two_factor_off": {"POST": USER},
    "core:new_recovery_codes": {"POST": USER},
    "core:download_recovery_codes": {"POST": USER},
    "core:create_workspace": {"GET": USER, "POST": USER},
    # --- The workspace, its members and organisation -------------------------------------
    "core:workspace": {"GET": VIEWER},
    "core:settings": {"GET": MANAGER, "POST": MANAGER},
    "core:require_two_factor": {"POST": OWNER},
    "core:archive_workspace": {"POST": OWNER},
    "core:restore_workspace": {"POST": OWNER},
    "core:delete_workspace": {"GET": OWNER, "POST": OWNER},
    "core:members": {"GET": VIEWER},
    "core:invite": {"POST": MANAGER},
    "core:edit_member": {"GET": MANAGER, "POST": MANAGER},
    # Another member: anyone may remove themselves (leave), which the matrix does not try.
    "core:remove_member": {"POST": MANAGER},
    "core:revoke_invitation": {"POST": MANAGER},
    "core:organisation": {"GET": VIEWER},
    "core:save_raci": {"POST": MANAGER},
    "core:check_raci": {"POST": MANAGER},
    "core:add_activity": {"POST": MANAGER},
    "core:delete_activity": {"POST": MANAGER},
    "core:save_policy": {"POST": MANAGER},
    "core:save_sponsor": {"POST": MANAGER},
    "core:crisis": {"GET": VIEWER},
    "core:edit_crisis_level": {"GET": MANAGER, "POST": MANAGER},
    "core:audit": {"GET": MANAGER},
    # --- Strategy and charter -----------------------------------------------------------
    "strategy:overview": {"GET": VIEWER},
    "strategy:affinity": {"GET": VIEWER},
    "strategy:summary": {"GET": VIEWER},
    "strategy:summary_pdf": {"GET": VIEWER},
    "strategy:export_yaml": {"GET": VIEWER},
    "strategy:profile_card": {"GET": VIEWER},
    "strategy:edit_profile": {"GET": MANAGER, "POST": MANAGER},
    "strategy:move_target": {"POST": MANAGER},
    "strategy:new": {"GET": MANAGER, "POST": MANAGER},
    "strategy:card": {"GET": VIEWER},
    "strategy:edit": {"GET": MANAGER, "POST": MANAGER},
    "strategy:delete": {"GET": MANAGER, "POST": MANAGER},
    "strategy:readiness": {"GET": VIEWER, "POST": MANAGER},
    "strategy:readiness_override": {"POST": OWNER},
    "strategy:readiness_revoke": {"POST": OWNER},
    "charter:edit": {"GET": VIEWER, "POST": MANAGER},
    "charter:check": {"POST": CONTRIBUTOR},
    # --- Analytics and reports ----------------------------------------------------------
    "analytics:accounts": {"GET": VIEWER},
    "analytics:account_add": {"POST": MANAGER},
    "analytics:account_refresh": {"POST": MANAGER},
    "analytics:account_delete": {"POST": MANAGER},
    "analytics:compare": {"GET": VIEWER},
    "analytics:their_pages": {"GET": VIEWER},
    "analytics:imports": {"GET": VIEWER, "POST": EDITOR},
    "analytics:kpi_catalogue": {"GET": VIEWER},
    "analytics:objectives": {"GET": VIEWER},
    "analytics:best_time": {"GET": VIEWER},
    # A KPI's recorded values: owners, managers (and the owner of an objective it measures).
    "analytics:kpi_values_list": {"GET": VIEWER},
    "analytics:kpi_values": {"GET": VIEWER, "POST": MANAGER},
    "analytics:kpi_values_import": {"GET": VIEWER, "POST": MANAGER},
    "analytics:conversions": {"GET": VIEWER},
    "analytics:conversions_import": {"GET": VIEWER, "POST": MANAGER},
    "analytics:conversion_goal": {"GET": VIEWER, "POST": MANAGER},
    "analytics:kpi_value_edit": {"GET": MANAGER, "POST": MANAGER},
    "analytics:kpi_value_delete": {"GET": MANAGER, "POST": MANAGER},
    # --- Listening: every member reads, owners and managers change the sources --------
    "listening:sources": {"GET": VIEWER},
    "listening:source_add": {"POST": MANAGER},
    "listening:source_enable": {"POST": MANAGER},
    "listening:source_edit": {"POST": MANAGER},
    "listening:source_poll": {"POST": MANAGER},
    "listening:source_delete": {"POST": MANAGER},
    "listening:opml_import": {"POST": MANAGER},
    "listening:opml_export": {"GET": VIEWER},
    "listening:mentions": {"GET": VIEWER},
    "listening:queries": {"GET": VIEWER},
    "listening:query_add": {"POST": MANAGER},
    "listening:query_edit": {"GET": MANAGER, "POST": MANAGER},
    "listening:query_delete": {"POST": MANAGER},
    # The inbox: editors and above triage, every member keeps their own saved filters.
    "listening:mention_bulk": {"POST": EDITOR},
    "listening:mention_note": {"POST": EDITOR},
    "listening:mention_reply": {"POST": CONTRIBUTOR},
    "listening:inbox_filter_save": {"POST": VIEWER},
    "listening:inbox_filter_delete": {"POST": VIEWER},
    "listening:inbox_target": {"POST": MANAGER},
    # Tracked links: every member reads, editors up create and change; the short link
    # itself is public (its code is the key).
    "links:links": {"GET": VIEWER},
    "links:create": {"POST": EDITOR},
    "links:preview": {"GET": EDITOR},
    "links:change_target": {"POST": EDITOR},
    "links:change_tags": {"POST": EDITOR},
    "links:expiry": {"POST": EDITOR},
    "links:disable": {"POST": EDITOR},
    "links:track_post": {"POST": EDITOR},
    "links:tag_post": {"POST": EDITOR},
    "links:qr": {"GET": VIEWER, "POST": CONTRIBUTOR},
    "links:profile_qr": {"GET": VIEWER, "POST": CONTRIBUTOR},
    "short_link": {"GET": PUBLIC},
    # Paid campaigns: every member reads; owners and managers create, change, enter days
    # and import the ad managers' exports.
    "paid:campaigns": {"GET": VIEWER},
    "paid:campaign": {"GET": VIEWER},
    "paid:campaign_new": {"GET": MANAGER, "POST": MANAGER},
    "paid:campaign_edit": {"GET": MANAGER, "POST": MANAGER},
    "paid:campaign_day": {"POST": MANAGER},
    "paid:campaign_delete": {"GET": MANAGER, "POST": MANAGER},
    "analytics:paid_import": {"POST": MANAGER},
    # The programme's figures (ambassadors and influencers): every member reads.
    "analytics:programme_figures": {"GET": VIEWER},
    "toolbox:tools": {"GET": VIEWER},
    "toolbox:tool_add": {"POST": MANAGER},
    "toolbox:tool_edit": {"GET": MANAGER, "POST": MANAGER},
    "toolbox:tool_delete": {"POST": MANAGER},
    "toolbox:website_kit": {"GET": VIEWER},
    "toolbox:embed_rotate": {"POST": MANAGER},
    "embed:latest_html": {"GET": PUBLIC},  # the workspace's embed token is the key
    "embed:latest_json": {"GET": PUBLIC},
    # Programme campaigns (briefs, share kits): every member reads, editors up change
    # and send; a member's private share-kit page is public (its token is the key).
    "ambassadors:campaigns": {"GET": VIEWER},
    "ambassadors:campaign_create": {"GET": EDITOR, "POST": EDITOR},
    "ambassadors:campaign": {"GET": VIEWER},
    "ambassadors:campaign_edit": {"GET": EDITOR, "POST": EDITOR},
    "ambassadors:campaign_kit_add": {"POST": EDITOR},
    "ambassadors:campaign_kit_delete": {"POST": EDITOR},
    "ambassadors:campaign_member_add": {"POST": EDITOR},
    "ambassadors:campaign_member_edit": {"POST": EDITOR},
    "ambassadors:campaign_member_remove": {"POST": EDITOR},
    "ambassadors:campaign_member_new_link": {"POST": EDITOR},
    "ambassadors:campaign_send": {"POST": EDITOR},
    # The roster: every member reads; editors up change it; owners and managers set the
    # tiers and export or erase a member's data (GDPR).
    "ambassadors:roster": {"GET": VIEWER},
    "ambassadors:roster_import": {"POST": EDITOR},
    "ambassadors:tiers": {"GET": VIEWER, "POST": MANAGER},
    "ambassadors:tiers_reset": {"POST": MANAGER},
    "ambassadors:member_new": {"GET": EDITOR, "POST": EDITOR},
    "ambassadors:member": {"GET": VIEWER},
    "ambassadors:member_edit": {"GET": EDITOR, "POST": EDITOR},
    "ambassadors:account_add": {"POST": EDITOR},
    "ambassadors:account_remove": {"POST": EDITOR},
    "ambassadors:member_export": {"GET": MANAGER},
    "ambassadors:member_erase": {"GET": MANAGER, "POST": MANAGER},
    # The programme's tracked posts: every member reads them and a campaign's compliance;
    # editors up add a post by its address and read the members' feeds again.
    "ambassadors:posts": {"GET": VIEWER},
    "ambassadors:post_add": {"POST": EDITOR},
    "ambassadors:posts_refresh_member": {"POST": EDITOR},
    "ambassadors:posts_refresh_campaign": {"POST": EDITOR},
    "ambassadors:compliance": {"GET": VIEWER},
    "share_kits:kit": {"GET": PUBLIC, "POST": PUBLIC},
    # Incidents: every member reads; editors up acknowledge and write notes; owners and
    # managers close them and pause or resume the scheduled publishing.
    "listening:incidents": {"GET": VIEWER},
    "listening:incident": {"GET": VIEWER},
    "listening:incident_acknowledge": {"POST": EDITOR},
    "listening:incident_note": {"POST": EDITOR},
    "listening:incident_close": {"POST": MANAGER},
    "listening:publishing_pause": {"POST": MANAGER},
    "listening:publishing_resume": {"POST": MANAGER},
    "reports:dashboard": {"GET": VIEWER},
    "reports:report": {"GET": VIEWER},
    "reports:report_pdf": {"GET": VIEWER},
    "reports:report_svg": {"GET": VIEWER},
    "reports:report_png": {"GET": VIEWER},
    "reports:report_commentary": {"POST": EDITOR},  # the period's commentary
    "reports:report_schedules": {"GET": VIEWER, "POST": MANAGER},
    "reports:report_schedule_edit": {"GET": MANAGER, "POST": MANAGER},
    "reports:report_schedule_delete": {"POST": MANAGER},
    "reports:report_schedule_send": {"POST": MANAGER},
    # --- Publishing: network accounts, webhooks, publications ----------------------------
    "publishing:accounts": {"GET": VIEWER},
    "publishing:account_connect": {"POST": MANAGER},
    "publishing:account_oauth": {"POST": MANAGER},
    "publishing:mastodon_sign_in": {"POST": MANAGER},
    "publishing:mastodon_callback": {"GET": MANAGER},
    "publishing:account_disconnect": {"POST": MANAGER},
    "publishing:notifications": {"GET": VIEWER},
    "notifications:list": {"GET": VIEWER},
    "notifications:read": {"POST": VIEWER},
    "notifications:preferences": {"GET": VIEWER, "POST": VIEWER},
    "publishing:webhooks": {"GET": MANAGER, "POST": MANAGER},
    "publishing:webhook_active": {"POST": MANAGER},
    "publishing:webhook_delete": {"POST": MANAGER},
    "publishing:post_publications": {"GET": VIEWER},
    "publishing:post_publish_now": {"POST": EDITOR},
    "publishing:publication_retry": {"POST": EDITOR},
    "publishing:publication_mark_published": {"POST": EDITOR},
    "publishing:account_by_hand": {"POST": MANAGER},
    "publishing:by_hand": {"GET": VIEWER},
    "publishing:by_hand_published": {"POST": EDITOR},
    "publishing:by_hand_skip": {"POST": EDITOR},
    # --- Editorial: calendar, posts, approvals ------------------------------------------
    "editorial:calendar": {"GET": VIEWER},
    "editorial:calendar_month": {"GET": VIEWER},
    "editorial:calendar_week": {"GET": VIEWER},
    "editorial:calendar_list": {"GET": VIEWER},
    "editorial:reschedule": {"POST": EDITOR},
    "editorial:events": {"GET": VIEWER, "POST": EDITOR},
    "editorial:event_edit": {"GET": EDITOR, "POST": EDITOR},
    "editorial:event_delete": {"GET": EDITOR, "POST": EDITOR},
    "editorial:posts": {"GET": VIEWER},
    "editorial:post_new": {"GET": CONTRIBUTOR, "POST": CONTRIBUTOR},
    "editorial:post_slots": {"GET": CONTRIBUTOR},
    # Its author, a contributor, could change it too; the page answers others 404.
    "editorial:post": {"GET": VIEWER, "POST": EDITOR},
    "editorial:post_delete": {"POST": EDITOR},
    "editorial:post_comment": {"POST": CONTRIBUTOR},
    "editorial:post_duplicate": {"POST": CONTRIBUTOR},
    "editorial:media": {"GET": VIEWER},
    "editorial:pillars": {"GET": VIEWER, "POST": MANAGER},
    "editorial:pillar_edit": {"POST": MANAGER},
    "editorial:pillar_delete": {"POST": MANAGER},
    "editorial:transition": {"POST": EDITOR},  # submitting a draft
    "editorial:approvals": {"GET": VIEWER},
    # The feed's token is the key: a calendar application calls it, signed in or not.
    "editorial:calendar_feed": {"GET": PUBLIC},
    "editorial:calendar_subscribe": {"GET": VIEWER},
    "editorial:calendar_feed_reset": {"POST": VIEWER},
    "editorial:calendar_ics": {"GET": VIEWER},
    "editorial:calendar_csv": {"GET": VIEWER},
    "editorial:calendar_import": {"GET": EDITOR, "POST": EDITOR},
    # --- Outside any workspace ----------------------------------------------------------
    "oauth:callback": {"GET": USER},
    # A signed, expiring address: the network fetching the image has no account.
    "oauth:public_media": {"GET": PUBLIC},
    "oauth:network_apps": {"GET": ADMIN},
    "oauth:save_network_app": {"POST": ADMIN},
    "oauth:remove_network_app": {"POST": ADMIN},
    # The API's own pages: its description is public, its operations are below.
    "api:api-root": {"GET": NOBODY},  # ninja's root: the operations' prefix
    "api:openapi-json": {"GET": PUBLIC},
    "api:openapi-view": {"GET": PUBLIC},
    "api:docs_asset": {"GET": PUBLIC},
}

API: dict[str, str] = {
    # --- The caller and their workspaces ------------------------------------------------
    "me": USER,
    "list_workspaces": USER,
    "create_workspace": USER,
    "get_workspace": VIEWER,
    "update_workspace": MANAGER,
    "delete_workspace": OWNER,
    "archive_workspace": OWNER,
    "restore_workspace": OWNER,
    # --- Members and organisation --------------------------------------------------------
    "list_members": VIEWER,
    "update_member": MANAGER,
    "remove_member": MANAGER,  # another member; leaving is open to every member
    "list_invitations": MANAGER,
    "create_invitation": MANAGER,
    "get_organisation": VIEWER,
    "get_raci": VIEWER,
    "put_raci": MANAGER,
    "list_crisis_levels": VIEWER,
    "put_crisis_level": MANAGER,
    "audit_log": MANAGER,
    "list_notifications": VIEWER,
    "mark_notifications_read": VIEWER,
    "mark_all_notifications_read": VIEWER,
    # --- Strategy: every member reads, owners and managers write --------------------------
    "get_strategy": VIEWER,
    "get_mission": VIEWER,
    "put_mission": MANAGER,
    "list_mission_networks": VIEWER,
    "get_mission_network": VIEWER,
    "put_mission_network": MANAGER,
    "delete_mission_network": MANAGER,
    "list_targets": VIEWER,
    "create_target": MANAGER,
    "get_target": VIEWER,
    "put_target": MANAGER,
    "delete_target": MANAGER,
    "rank_targets": MANAGER,
    "list_platforms": VIEWER,
    "create_platform": MANAGER,
    "get_platform": VIEWER,
    "put_platform": MANAGER,
    "delete_platform": MANAGER,
    "list_objectives": VIEWER,
    "create_objective": MANAGER,
    "get_objective": VIEWER,
    "put_objective": MANAGER,
    "delete_objective": MANAGER,
    "list_strategies": VIEWER,
    "create_strategy": MANAGER,
    "get_strategy_item": VIEWER,
    "put_strategy": MANAGER,
    "delete_strategy": MANAGER,
    "list_tactics": VIEWER,
    "create_tactic": MANAGER,
    "get_tactic": VIEWER,
    "put_tactic": MANAGER,
    "delete_tactic": MANAGER,
    "get_objective_smart": VIEWER,
    "list_custom_kpis": VIEWER,
    "create_custom_kpi": MANAGER,
    "get_custom_kpi": VIEWER,
    "put_custom_kpi": MANAGER,
    "delete_custom_kpi": MANAGER,
    "get_strategy_lint": VIEWER,
    "get_strategy_readiness": VIEWER,
    "get_network_readiness": VIEWER,
    "override_readiness": OWNER,
    "revoke_readiness_override": OWNER,
    "put_not_known": MANAGER,
    "delete_not_known": MANAGER,
    "get_strategy_affinity": VIEWER,
    # --- Posts (someone else's, as in the pages) -----------------------------------------
    "list_posts": VIEWER,
    "create_post": CONTRIBUTOR,
    "get_post": VIEWER,
    "update_post": EDITOR,
    "delete_post": EDITOR,
    "list_transitions": VIEWER,
    "take_transition": EDITOR,  # submitting a draft
    "list_post_comments": VIEWER,
    "add_post_comment": CONTRIBUTOR,
    "list_post_decisions": VIEWER,
    # --- Publishing: a post's publications, publishing by hand ---------------------------
    "add_by_hand_account": MANAGER,
    "list_post_publications": VIEWER,
    "mark_by_hand_published": EDITOR,
    "skip_by_hand_publication": EDITOR,
    # --- Reports: the period's commentary ------------------------------------------------
    "get_report_commentary": VIEWER,
    "put_report_commentary": EDITOR,
    "delete_report_commentary": EDITOR,
    # --- Analytics: read only, for every member ------------------------------------------
    "list_kpis": VIEWER,
    "list_tracked_accounts": VIEWER,
    "delete_tracked_account": MANAGER,  # a competitor; own accounts are never deleted
    "list_kpi_values": VIEWER,
    "what_works_on_their_pages": VIEWER,
    "listening_kpis": VIEWER,
    "list_objective_progress": VIEWER,
    # A KPI's recorded values: owners, managers (and the owner of an objective it measures).
    "list_kpi_recorded_values": VIEWER,
    "add_kpi_recorded_value": MANAGER,
    "change_kpi_recorded_value": MANAGER,
    "delete_kpi_recorded_value": MANAGER,
    "import_kpi_recorded_values": MANAGER,
    # Conversions: every member reads, owners and managers import and map goals.
    "list_conversions": VIEWER,
    "import_conversions": MANAGER,
    "list_conversion_goals": VIEWER,
    "map_conversion_goal": MANAGER,
    "get_objective_funnel": VIEWER,
    # The programme's KPIs and figures (ambassadors and influencers): every member reads.
    "programme_kpis": VIEWER,
    # --- Listening: every member reads, owners and managers change the sources --------
    "list_listening_sources": VIEWER,
    # Paid campaigns: every member reads; owners and managers change them and import.
    "list_campaigns": VIEWER,
    "create_campaign": MANAGER,
    "update_campaign": MANAGER,
    "delete_campaign": MANAGER,
    # The programme's roster: every member reads, editors up change; owners and
    # managers export or erase a member's data.
    "list_programme_members": VIEWER,
    "create_programme_member": EDITOR,
    "get_programme_member": VIEWER,
    "update_programme_member": EDITOR,
    "erase_programme_member": MANAGER,
    "export_programme_member": MANAGER,
    "add_programme_member_account": EDITOR,
    "remove_programme_member_account": EDITOR,
    "import_campaign_days": MANAGER,
    # Programme campaigns' briefs: every member reads; editors up create, change and
    # send them.
    "list_ambassador_campaigns": VIEWER,
    "create_ambassador_campaign": EDITOR,
    "get_ambassador_campaign": VIEWER,
    "update_ambassador_campaign": EDITOR,
    "send_ambassador_campaign": EDITOR,
    # The programme's tracked posts: every member reads and checks a text; editors up
    # track a post by its address.
    "list_ambassador_posts": VIEWER,
    "track_ambassador_post": EDITOR,
    "get_ambassador_post": VIEWER,
    "check_ambassador_post": VIEWER,
    "list_tools": VIEWER,
    "create_tool": MANAGER,
    "update_tool": MANAGER,
    "delete_tool": MANAGER,
    "create_listening_source": MANAGER,
    "update_listening_source": MANAGER,
    "delete_listening_source": MANAGER,
    "poll_listening_source": MANAGER,
    "list_listening_queries": VIEWER,
    "create_listening_query": MANAGER,
    "update_listening_query": MANAGER,
    "delete_listening_query": MANAGER,
    "list_mentions": VIEWER,
    "update_mention": EDITOR,
    "reply_to_mention": CONTRIBUTOR,
    "list_mention_replies": VIEWER,
    "list_incidents": VIEWER,
    "get_incident": VIEWER,
    "acknowledge_incident": EDITOR,
    "note_incident": EDITOR,
    "close_incident": MANAGER,
    "pause_publishing": MANAGER,
    "resume_publishing": MANAGER,
    # --- Tracked links: every member reads, editors up change ------------------------
    "list_links": VIEWER,
    "tag_post": EDITOR,
    "create_tracked_link": EDITOR,
    "update_tracked_link": EDITOR,
    "disable_tracked_link": EDITOR,
    "link_clicks": VIEWER,
    # --- QR codes for printed supports: whoever drafts creates the support's link ------
    "link_qr": CONTRIBUTOR,
    "profile_qr": CONTRIBUTOR,
}

#: Refused in words from this role up to the table's (URL name -> method -> role).
WEB_IN_WORDS: dict[str, dict[str, str]] = {
    "editorial:reschedule": {"POST": CONTRIBUTOR},
    "editorial:transition": {"POST": VIEWER},
}
#: Refused in words (422) from this role up to the table's (operationId -> role).
API_IN_WORDS: dict[str, str] = {
    "update_post": CONTRIBUTOR,
    "delete_post": CONTRIBUTOR,
    "take_transition": VIEWER,
}
