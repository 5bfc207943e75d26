"""``yangguang demo``: load the demo region of Nanjing (演示数据) and print its accounts.

``--once`` does nothing but print the accounts when the demo is already there (``make run``);
``--reset-passwords`` gives every demo account a new password. The password is random unless
``--password`` names one, and it is printed, never stored in clear.
"""

import time

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from yangguang.cases.models import CaseState
from yangguang.catalog.models import Category, Power
from yangguang.core.errors import DomainError
from yangguang.demo import cases as demo_cases
from yangguang.demo import loader
from yangguang.demo.data import org
from yangguang.org.models import DepartmentKind, Role

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = ("Load the demo region (Nanjing: departments, posts, officers, powers, flowcharts and a few hundred cases) "
            "and print its accounts.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do nothing but print the accounts if the demo is loaded.")
        parser.add_argument("--reset-passwords", action="store_true", dest="reset",
                            help="Give every demo account a new password and print it.")
        parser.add_argument("--password", help="Use this password instead of a random one.")

    def handle(self, *args, once, reset, password, **options):
        console = Console(file=self.stdout, highlight=False, width=120, soft_wrap=True)
        if password is not None:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError(_("--password: %(errors)s") % {"errors": " ".join(exc.messages)}) from exc
        state = loader.demo_state()
        if state == "partial":
            raise CommandError(_(
                "The database holds part of the demo region (南京市 320100) but not a complete demo. "
                "Load the demo into an empty database (make clean removes the default SQLite database)."
            ))
        if reset:
            if state != "loaded":
                raise CommandError(_("The demo is not loaded; run yangguang demo first."))
            password = password or loader.new_password()
            changed = loader.set_passwords(password)
            self._print_accounts(console)
            console.print(_("New password of the %(count)s demo accounts: %(password)s") % {"count": changed, "password": password})
            return
        if state == "loaded":
            if not once:
                raise CommandError(_(
                    "The demo is already loaded. Use --once to print its accounts, or --reset-passwords for a new password."
                ))
            self._print_accounts(console)
            console.print(_("The demo is already loaded. Its password was printed when it was first loaded; "
                            "set a new one with: yangguang demo --reset-passwords"))
            if password is not None:
                console.print(_("--password was not used: it only applies to a first load or with --reset-passwords."))
            console.print(_("Open %(url)s") % {"url": URL})
            return
        password = password or loader.new_password()
        started = time.perf_counter()
        try:
            report = loader.load(password)
        except loader.DemoDataError as exc:
            raise CommandError(_("The demo data breaks these rules; nothing was loaded:\n%(errors)s")
                               % {"errors": "\n".join(exc.errors)}) from exc
        except DomainError as exc:
            raise CommandError(_("The demo stopped half-way (%(error)s). Load it again into a fresh database "
                                 "(make clean removes the default SQLite database).") % {"error": exc.detail}) from exc
        seconds = time.perf_counter() - started
        self._print_accounts(console)
        self._print_catalog(console)
        self._print_cases(console, report)
        console.print(_("Demo loaded in %(seconds).1f s: %(departments)s departments, %(posts)s posts, "
                        "%(accounts)s accounts, %(powers)s powers, %(cases)s cases (%(actions)s actions).")
                      % {"seconds": seconds, "departments": report.departments, "posts": report.posts,
                         "accounts": report.accounts, "powers": report.powers, "cases": report.cases,
                         "actions": report.case_actions})
        console.print(_("Password of every demo account: %(password)s  (printed only now; "
                        "reset it with yangguang demo --reset-passwords)") % {"password": password})
        console.print(_("Open %(url)s") % {"url": URL})

    def _print_accounts(self, console: Console) -> None:
        departments = {org.full_code(d): d["name"] for d in org.DEPARTMENTS}
        regions = {region[0]: region[1] for region in org.REGIONS}
        table = Table(_("Account"), _("Name"), _("Role"), _("Scope"), title=_("Demo accounts"))
        for username, (family, given, roles, officer) in org.ACCOUNTS.items():
            labels = [str(Role(role).label) for role, _scope in roles]
            scopes = [departments.get(scope) or regions.get(scope) or "" for _role, scope in roles]
            if username in org.SUPERUSERS:
                labels.insert(0, _("Superuser"))
            if officer:
                where, posts, _certified = officer
                labels.append(_("Officer") + (f" ({', '.join(posts)})" if posts else ""))
                scopes.append(departments[where])
            table.add_row(username, family + given, "\n".join(labels), "\n".join(dict.fromkeys(s for s in scopes if s)))
        console.print(table)
        table = Table(_("Department"), _("Kind"), _("Catalog clerk"), _("Officers, one per post"),
                      title=_("Department accounts"))
        for spec in org.DEPARTMENTS:
            posts = ", ".join(post[0] for post in spec["posts"])
            table.add_row(f"{org.full_code(spec)} {spec['name']}", str(DepartmentKind(spec["kind"]).label),
                          org.clerk_username(spec), org.post_officer_username(spec, "<post>") + f"\n<post>: {posts}")
        console.print(table)

    def _print_cases(self, console: Console, report) -> None:
        figures = demo_cases.summary()
        table = Table(_("State"), _("Cases"), title=_("Demo cases up to %(day)s") % {"day": report.anchor})
        for state in CaseState:
            table.add_row(f"{state.value} {state.label}", str(figures["states"][state.value]))
        for label, key in ((_("of which in a special procedure (特别程序)"), "special_procedure"),
                           (_("extensions awaiting the head's decision"), "extension_pending"),
                           (_("cases with an approved extension (延期)"), "extended"),
                           (_("completed and granted"), "granted"), (_("completed and denied"), "denied"),
                           (_("penalties decided"), "penalties"), (_("decisions delivered (送达)"), "delivered")):
            table.add_row(f"  {label}", str(figures[key]))
        console.print(table)
        land = demo_cases.land_figures()
        console.print(_("Land pre-reviews (建设项目用地预审): %(cases)s cases, %(completed)s completed in a mean of "
                        "%(mean)s (Nanjing's quarter: 103 cases, mean 9 d 2 h 45 min 22 s).")
                      % {"cases": land["cases"], "completed": land["completed"],
                         "mean": demo_cases.format_span(land["mean"])})

    def _print_catalog(self, console: Console) -> None:
        counts = dict(Power.objects.published().values_list("category").annotate(n=Count("id")))
        table = Table(_("Category"), _("Published powers"), title=_("Demo catalog"))
        for category in Category:
            table.add_row(f"{category.value} {category.label}", str(counts.get(category.value, 0)))
        console.print(table)
