from mostra.core.models.api_token import ApiToken
from mostra.core.models.audit import AuditAction, AuditEvent
from mostra.core.models.crisis import CrisisLevel, CrisisTrigger, TriggerKind
from mostra.core.models.data_version import DataVersion
from mostra.core.models.incident import Incident, IncidentAction, IncidentEvent
from mostra.core.models.invitation import Invitation
from mostra.core.models.membership import Membership, OrgLevel, Role
from mostra.core.models.raci import Activity, RaciAssignment, RaciLetter
from mostra.core.models.two_factor import AuthenticatorApp, RecoveryCode, RecoveryCodeSet
from mostra.core.models.user import User
from mostra.core.models.workspace import ApprovalPolicy, Workspace

__all__ = [
    "Activity",
    "ApiToken",
    "ApprovalPolicy",
    "AuditAction",
    "AuditEvent",
    "AuthenticatorApp",
    "CrisisLevel",
    "CrisisTrigger",
    "DataVersion",
    "Incident",
    "IncidentAction",
    "IncidentEvent",
    "Invitation",
    "Membership",
    "OrgLevel",
    "RaciAssignment",
    "RaciLetter",
    "RecoveryCode",
    "RecoveryCodeSet",
    "Role",
    "TriggerKind",
    "User",
    "Workspace",
]
