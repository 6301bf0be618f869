from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gallery", "0016_short_links"),
    ]

    operations = [
        # Existing consents never spoke of printing: not given.
        migrations.AddField(
            model_name="consent",
            name="covers_print",
            field=models.BooleanField(
                default=False,
                help_text="Une fiche A4 à imprimer, avec ce que la page montre : sans cet accord, le portrait reste publié mais n'a pas de fiche.",
                verbose_name="l'impression pour la classe (fiche PDF)",
            ),
        ),
    ]
