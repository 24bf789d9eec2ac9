"""The member's home page in a workspace: what needs them, across every app.

The top layer (beside ``api`` and ``cli``): it reads editorial, publishing, analytics,
so no app may import it; core routes /w/<slug>/ to it through
:data:`mostra.core.views.workspaces.LANDING`, filled when this app is ready.
"""
