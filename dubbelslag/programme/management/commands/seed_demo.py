from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction

from dubbelslag.accounts.models import Organisation, User
from dubbelslag.accounts.services import create_organisation
from dubbelslag.areas.models import CURRENT_BOUNDARY_YEAR, Area
from dubbelslag.areas.services import load_areas
from dubbelslag.programme import services
from dubbelslag.programme.demo import content
from dubbelslag.programme.models import Experiment, Membership, Participation, Programme, Theme


class Command(BaseCommand):
    help = "Load the demo programme (idempotent: running it again changes nothing) and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Area.objects.in_year(CURRENT_BOUNDARY_YEAR).exists():
            load_areas(year=CURRENT_BOUNDARY_YEAR)
        organisations = {slug: self._organisation(slug, name, type_) for slug, name, type_ in content.ORGANISATIONS}
        programme = Programme.objects.filter(slug=content.PROGRAMME["slug"]).first() or services.create_programme(
            **content.PROGRAMME, by=None, is_demo=True,
            organisers=[organisations["kennisinstituut-stad"], organisations["hogeschool-duurzaam-bouwen"]],
        )
        experiments = {spec["title"]: self._experiment(programme, spec, organisations)
                       for spec in content.EXPERIMENTS}
        for email, name, organisation, role, experiment_title in content.USERS:
            user = self._user(email, name, organisations[organisation])
            if role:
                experiment = experiments.get(experiment_title)
                if not Membership.objects.filter(user=user, programme=programme, experiment=experiment).exists():
                    services.grant_membership(user, programme=programme, experiment=experiment, role=role, by=None)
        # Apps to the right of programme add their demo data through their own commands, called by name.
        for name in ("seed_demo_adoptions", "seed_demo_labs", "seed_demo_research", "seed_demo_monitoring",
                     "seed_demo_publications"):
            if name in get_commands():
                call_command(name, stdout=self.stdout)
        admin_email, admin_name = content.ADMIN
        if not User.objects.filter(email=admin_email).exists():
            User.objects.create_superuser(admin_email, content.PASSWORD, full_name=admin_name)
        self._print_logins()

    def _organisation(self, slug, name, type_):
        existing = Organisation.objects.filter(slug=slug).first()
        return existing or create_organisation(name=name, slug=slug, type=type_, by=None, is_demo=True)

    def _experiment(self, programme, spec, organisations):
        experiment = Experiment.objects.filter(programme=programme, title=spec["title"]).first()
        if experiment is None:
            fields = {key: value for key, value in spec.items()
                      if key not in {"gemeente", "focus", "themes", "participants"}}
            experiment = services.create_experiment(
                programme=programme, by=None,
                gemeente=Area.objects.in_year(CURRENT_BOUNDARY_YEAR).get(code=spec["gemeente"]),
                focus_areas=list(Area.objects.in_year(CURRENT_BOUNDARY_YEAR).filter(code__in=spec["focus"])),
                themes=list(Theme.objects.filter(slug__in=spec["themes"])),
                **fields,
            )
        for slug, role in spec["participants"]:
            if not Participation.objects.filter(experiment=experiment, organisation=organisations[slug]).exists():
                services.add_participation(experiment, organisation=organisations[slug], role=role, by=None)
        return experiment

    def _user(self, email, name, organisation):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, content.PASSWORD, full_name=name, organisation=organisation)
        return user

    def _print_logins(self):
        self.stdout.write(self.style.SUCCESS(
            f"Demo programme ready. Demo logins (password for all: {content.PASSWORD}):"
        ))
        roles = {"coordinator": "programme coordinator", "researcher": "programme researcher",
                 "editor": "experiment editor (Pendrecht)", "reader": "experiment reader (Pendrecht)",
                 None: "outsider (no role)"}
        for email, _name, _organisation, role, _experiment in content.USERS:
            self.stdout.write(f"  {email:<38} {roles[role]}")
        self.stdout.write(f"  {content.ADMIN[0]:<38} administrator (/beheer/)")
