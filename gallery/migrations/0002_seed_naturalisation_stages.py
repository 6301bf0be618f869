"""Seeds the eight default stages of the French integration path (see DOMAIN.md).

Curators can rename, explain, reorder and translate them afterwards; re-running the seed
updates nothing that already exists.
"""

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

ON_THE_PATH = "on-the-path"
NATURALISED = "naturalised"

DEFAULT_STAGES = [
    (
        "arrivee",
        "Arrivée en France",
        ON_THE_PATH,
        "La personne arrive en France et reçoit un premier titre de séjour, qui lui permet "
        "d'y vivre légalement. C'est le début du parcours.",
    ),
    (
        "contrat-integration",
        "Contrat d'intégration républicaine",
        ON_THE_PATH,
        "La personne signe un contrat avec l'OFII, l'Office français de l'immigration et de "
        "l'intégration. Elle suit une formation sur les valeurs et le fonctionnement de la "
        "République, et des cours de français si elle en a besoin.",
    ),
    (
        "apprentissage-francais",
        "Apprentissage du français",
        ON_THE_PATH,
        "Parler français aide à trouver un travail, à suivre la scolarité de ses enfants et à "
        "se faire des amis. Des cours permettent d'atteindre le niveau de langue demandé pour "
        "rester en France durablement.",
    ),
    (
        "formation-emploi",
        "Formation et emploi",
        ON_THE_PATH,
        "Se former, trouver un emploi, avoir des ressources stables : c'est une étape "
        "importante de l'insertion, et l'une des conditions pour demander la nationalité.",
    ),
    (
        "demande-naturalisation",
        "Demande de naturalisation déposée",
        ON_THE_PATH,
        "Après plusieurs années de vie en France, la personne peut demander à devenir "
        "française. Elle dépose un dossier complet, qui est étudié par la préfecture.",
    ),
    (
        "entretien-assimilation",
        "Entretien d'assimilation",
        ON_THE_PATH,
        "À la préfecture, un agent rencontre la personne. Il vérifie son niveau de français et "
        "sa connaissance de l'histoire, de la culture et des valeurs de la France.",
    ),
    (
        "decret-naturalisation",
        "Décret de naturalisation",
        NATURALISED,
        "Si la demande est acceptée, un décret est publié au Journal officiel. À partir de ce "
        "jour, la personne est française.",
    ),
    (
        "ceremonie-citoyennete",
        "Cérémonie d'accueil dans la citoyenneté française",
        NATURALISED,
        "La préfecture organise une cérémonie pour accueillir les nouveaux Français. Chacun "
        "reçoit son décret et la charte des droits et devoirs du citoyen français.",
    ),
]


def seed_stages(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    NaturalisationStage = apps.get_model("gallery", "NaturalisationStage")
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    for position, (slug, name, group, explanation) in enumerate(DEFAULT_STAGES):
        NaturalisationStage.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={
                "name": name,
                "position": position,
                "group": group,
                "explanation": explanation,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(seed_stages, migrations.RunPython.noop)]
