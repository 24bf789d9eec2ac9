# Two-factor authentication's secrets at rest: mostra's own django-otp devices, the
# authenticator apps' secrets encrypted (mostra.core.crypto), the recovery codes hashed
# with scrypt. The rows of django-otp's otp_totp and otp_static plugins, which held both
# in clear, move here first, so that nobody loses their two-factor authentication (nor
# the code steps already used, the clock drift, the waits after wrong codes); then their
# tables are dropped and their migrations forgotten, as on a database that never had them.
# mostra only ever made 30-second, six-digit apps, the only kind moved.

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.dateparse import parse_datetime

import mostra.core.crypto
import mostra.core.models.two_factor

OLD_APPS = "otp_totp_totpdevice"
OLD_CODE_SETS = "otp_static_staticdevice"
OLD_CODES = "otp_static_statictoken"
DEVICE_COLUMNS = (
    "id, user_id, name, confirmed, throttling_failure_timestamp, throttling_failure_count, "
    "created_at, last_used_at"
)


def _moment(value):
    """A date and time read by a raw query, made aware (SQLite's come naive, or as text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _rows(cursor, sql, params=()):
    cursor.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _device(model, row, **fields):
    """A new device of ``model`` with the old device's person, state and dates."""
    device = model.objects.create(
        user_id=row["user_id"],
        name=row["name"],
        confirmed=bool(row["confirmed"]),
        throttling_failure_timestamp=_moment(row["throttling_failure_timestamp"]),
        throttling_failure_count=row["throttling_failure_count"],
        last_used_at=_moment(row["last_used_at"]),
        **fields,
    )
    # created_at is set on creation whatever is given: the old one is written after.
    model.objects.filter(pk=device.pk).update(created_at=_moment(row["created_at"]))
    return device


def move_old_devices(apps, schema_editor):
    from mostra.core.models.two_factor import hash_recovery_codes

    AuthenticatorApp = apps.get_model("core", "AuthenticatorApp")
    RecoveryCodeSet = apps.get_model("core", "RecoveryCodeSet")
    RecoveryCode = apps.get_model("core", "RecoveryCode")
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if OLD_APPS in tables:
            sql = f"SELECT {DEVICE_COLUMNS}, key, drift, last_t FROM {OLD_APPS} ORDER BY id"
            for row in _rows(cursor, sql):
                fields = {"secret": row["key"], "drift": row["drift"], "last_t": row["last_t"]}
                _device(AuthenticatorApp, row, **fields)
        if OLD_CODE_SETS in tables and OLD_CODES in tables:
            for row in _rows(cursor, f"SELECT {DEVICE_COLUMNS} FROM {OLD_CODE_SETS} ORDER BY id"):
                code_set = _device(RecoveryCodeSet, row)
                sql = f"SELECT token FROM {OLD_CODES} WHERE device_id = %s ORDER BY id"
                tokens = [old["token"] for old in _rows(cursor, sql, [row["id"]])]
                RecoveryCode.objects.bulk_create(
                    RecoveryCode(code_set=code_set, code_hash=code_hash)
                    for code_hash in hash_recovery_codes(tokens)
                )
    if connection.vendor == "sqlite":
        # SQLite built without SECURE_DELETE would leave the dropped rows' bytes in its
        # free pages: zeroed here, whatever the build.
        schema_editor.execute("PRAGMA secure_delete = ON")
    for table in (OLD_CODES, OLD_CODE_SETS, OLD_APPS):
        if table in tables:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")
    MigrationRecorder(connection).migration_qs.filter(app__in=["otp_totp", "otp_static"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ('core', '0005_two_factor'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthenticatorApp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('secret', mostra.core.crypto.EncryptedJSONField(default=mostra.core.models.two_factor.new_app_secret)),
                ('drift', models.SmallIntegerField(default=0)),
                ('last_t', models.BigIntegerField(default=-1)),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'authenticator app',
                'verbose_name_plural': 'authenticator apps',
            },
        ),
        migrations.CreateModel(
            name='RecoveryCodeSet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The human-readable name of this device.', max_length=64)),
                ('confirmed', models.BooleanField(default=True, help_text='Is this device ready for use?')),
                ('throttling_failure_timestamp', models.DateTimeField(blank=True, default=None, help_text='A timestamp of the last failed verification attempt. Null if last attempt succeeded.', null=True)),
                ('throttling_failure_count', models.PositiveIntegerField(default=0, help_text='Number of successive failed attempts.')),
                ('created_at', models.DateTimeField(auto_now_add=True, help_text='The date and time when this device was initially created in the system.', null=True)),
                ('last_used_at', models.DateTimeField(blank=True, help_text='The most recent date and time this device was used.', null=True)),
                ('user', models.ForeignKey(help_text='The user that this device belongs to.', on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'recovery codes',
                'verbose_name_plural': 'recovery codes',
            },
        ),
        migrations.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code_hash', models.CharField(max_length=128)),
                ('code_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='codes', to='core.recoverycodeset')),
            ],
            options={
                'verbose_name': 'recovery code',
                'verbose_name_plural': 'recovery codes',
            },
        ),
        migrations.RunPython(move_old_devices, migrations.RunPython.noop),
    ]
