"""``yangguang token create USER``: a bearer token for a program acting as USER."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yangguang.core.services import token_create


class Command(BaseCommand):
    help = "Create an API token: yangguang token create USERNAME [--name NAME]"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, action, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        self.stdout.write(token_create(user=user, name=name))
