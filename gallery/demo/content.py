"""The demo exhibition's content. Every person here is fictional; see DOMAIN.md.

Portraits are listed in exhibition order. Stage and collection references use slugs.
"""

import datetime

DEMO_NOTICE = (
    "Site de démonstration : les portraits sont fictifs et les images générées par ordinateur."
)

# Fictional people sign no form: their consent records say so.
CONSENT_SIGNED_ON = datetime.date(2025, 9, 15)
CONSENT_REFERENCE = "Portrait fictif : aucun formulaire"

HOME = {
    "title": "Histoire de s'intégrer",
    "introduction": (
        "<p>À l'automne 2022, la préfecture de la Haute-Loire a accueilli l'exposition "
        "« Histoire de s'intégrer », réalisée par l'agence ANANIE : neuf portraits de personnes "
        "étrangères arrivées récemment en France, engagées dans un parcours de naturalisation "
        "ou venant de devenir françaises.</p>"
        "<p>Cette exposition en ligne prolonge la visite : chaque portrait réunit une image, un "
        "témoignage et l'étape où la personne se trouve sur le parcours d'intégration. "
        "<b>Sur ce site de démonstration, les portraits sont fictifs.</b></p>"
    ),
    "featured_collection": "devenir-francais",
}

EXHIBITION = {
    "slug": "exposition",
    "title": "L'exposition",
    "introduction": (
        "<p>Neuf personnes racontent leur chemin : l'arrivée, les premiers cours de français, "
        "le travail, la demande de nationalité, la cérémonie. Chaque portrait montre l'étape où "
        "se trouve la personne sur le parcours d'intégration.</p>"
    ),
    "venue_note": (
        "Exposition présentée à la préfecture de la Haute-Loire, au Puy-en-Velay, pendant la "
        "semaine de l'intégration des étrangers primo-arrivants (2022)."
    ),
}

CREDITS = {
    "producer": "Agence ANANIE",
    "venue": "Préfecture de la Haute-Loire, Le Puy-en-Velay",
    "partners": [
        ("Préfecture de la Haute-Loire", "accueil de l'exposition"),
        (
            "DDETSPP de la Haute-Loire",
            "semaine de l'intégration des étrangers primo-arrivants",
        ),
        ("Office français de l'immigration et de l'intégration (OFII)", "parcours d'intégration"),
        ("Mission Locale du Velay", "micro-crèche La Passerelle"),
    ],
}

# Landscape illustrations used inside testimonies: key -> (seed, title).
LANDSCAPES = {
    "velay": ("sucs-du-velay", "Illustration de démonstration — les sucs du Velay"),
    "loire": ("bords-de-loire", "Illustration de démonstration — la vallée de la Loire"),
}


def _p(*paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


PORTRAITS = [
    {
        "slug": "dawit",
        "display_name": "Dawit",
        "full_name": "Dawit GEBREMARIAM",  # invented, like the whole person
        "title": "Les premiers mois",
        "stage": "arrivee",
        "country": "ER",
        "arrival_year": 2023,
        "town": "Le Puy-en-Velay",
        "languages": "tigrinya, arabe, anglais",
        "quote": (
            "Le premier jour, une dame m'a montré le chemin de la gare sans que je demande rien."
        ),
        "testimony": [
            *_p(
                "Je suis arrivé au Puy-en-Velay en plein hiver. Je n'avais jamais eu aussi froid, "
                "ni vu autant de pierres noires. Tout était nouveau : les papiers, les horaires, "
                "la manière de dire bonjour.",
                "Le plus difficile, ce n'était pas la langue. C'était de ne pas savoir à qui "
                "poser les questions. Aujourd'hui, je sais : il y a la mairie, l'association, le "
                "bureau de l'OFII. Et il y a les voisins.",
            ),
            (
                "quotation",
                "Ici, on me demande d'abord comment je vais, ensuite ce que je veux faire.",
            ),
            *_p(
                "J'ai reçu mon premier titre de séjour au printemps. C'est une carte toute "
                "simple, mais je la regarde souvent."
            ),
        ],
        "testimony_note": "Recueilli en anglais et en tigrinya, traduit en français (fiction).",
        "journey": [
            (2023, 11, "arrivee", "Arrivée au Puy-en-Velay."),
            (2024, 4, "arrivee", "Premier titre de séjour."),
        ],
    },
    {
        "slug": "leila",
        "display_name": "Leïla",
        "full_name": "Leïla MANSOURI",  # invented, like the whole person
        "title": "Une place pour chacun",
        "stage": "contrat-integration",
        "country": "SY",
        "arrival_year": 2021,
        "town": "Brioude",
        "languages": "arabe, anglais, français",
        "quote": (
            "Grâce à la crèche, j'ai pu aller en formation le matin sans avoir peur pour ma fille."
        ),
        "testimony": [
            *_p(
                "J'ai signé mon contrat d'intégration républicaine à l'automne. Il y a eu la "
                "formation civique : quatre journées pour comprendre comment fonctionnent l'école, "
                "la santé, le travail, la laïcité.",
                "Avec une petite fille de deux ans, je ne pouvais pas suivre les cours. Une place "
                "en micro-crèche a tout changé. Le matin, je la dépose ; l'après-midi, je la "
                "retrouve, et elle me chante des comptines en français.",
            ),
            ("quotation", "Ma fille m'apprend des mots que je ne connais pas encore."),
            *_p(
                "En Syrie, j'étais comptable. Je voudrais reprendre ce métier ici, peut-être après "
                "une formation."
            ),
        ],
        "testimony_note": "Recueilli en arabe, traduit en français (fiction).",
        "journey": [
            (2021, 9, "arrivee", "Arrivée en France avec sa fille."),
            (2022, 10, "contrat-integration", "Signature du contrat d'intégration républicaine."),
            (2023, 1, None, "Première rentrée de sa fille en micro-crèche."),
        ],
    },
    {
        "slug": "selin",
        "display_name": "Selin",
        "full_name": "Selin AYDIN",  # invented, like the whole person
        "title": "Les mots pour le dire",
        "stage": "apprentissage-francais",
        "country": "TR",
        "arrival_year": 2020,
        "town": "Yssingeaux",
        "languages": "turc, kurde, français",
        "quote": "J'ai appris le mot « patience » avant le mot « merci ».",
        "testimony": [
            *_p(
                "Au début, je répondais oui à toutes les questions, parce que je ne comprenais "
                "pas. Maintenant je dis : « Pouvez-vous répéter plus lentement ? » C'est ma phrase "
                "préférée.",
                "Je vais aux cours trois matins par semaine. Nous sommes douze, de huit pays. Nous "
                "parlons français entre nous, parce que c'est la seule langue que nous avons en "
                "commun.",
            ),
            (
                "figure",
                (
                    "loire",
                    "La Loire, où Selin révise ses fiches de vocabulaire le dimanche "
                    "(illustration générée).",
                ),
            ),
            *_p(
                "Je prépare l'examen de langue. Quand je l'aurai, je veux passer le permis de "
                "conduire, pour pouvoir travailler plus loin."
            ),
        ],
        "testimony_note": "Recueilli en français (fiction).",
        "journey": [
            (2020, 3, "arrivee", "Arrivée en Haute-Loire pour rejoindre son mari."),
            (2021, 6, "contrat-integration", "Contrat d'intégration républicaine."),
            (2024, 9, "apprentissage-francais", "Entrée en cours de français de niveau avancé."),
        ],
    },
    {
        "slug": "mamadou",
        "display_name": "Mamadou",
        "full_name": "Mamadou DIALLO",  # invented, like the whole person
        "title": "Le métier dans les mains",
        "stage": "formation-emploi",
        "country": "GN",
        "arrival_year": 2018,
        "town": "Monistrol-sur-Loire",
        "languages": "peul, soussou, français",
        "quote": "Le chef m'a dit : tu apprends vite. Ce jour-là, j'ai appelé ma mère.",
        "testimony": [
            *_p(
                "J'ai préparé un CAP de maçon en apprentissage : le matin sur le chantier, "
                "l'après-midi au centre de formation. Je me levais à cinq heures.",
                "La Mission locale m'a aidé à trouver l'entreprise. Au début, je ne connaissais "
                "pas le nom des outils. Maintenant, c'est moi qui les explique aux nouveaux.",
            ),
            ("quotation", "Un mur bien droit, tout le monde peut le voir. C'est ma fierté."),
            *_p(
                "J'ai signé un contrat à durée indéterminée l'an dernier. Je pense à la suite : "
                "le dossier de naturalisation, quand j'aurai rassemblé tous les papiers."
            ),
        ],
        "testimony_note": "Recueilli en français (fiction).",
        "journey": [
            (2018, 7, "arrivee", "Arrivée en France, à dix-sept ans."),
            (2019, 9, "apprentissage-francais", "Cours de français et remise à niveau."),
            (2020, 9, "formation-emploi", "Début du CAP de maçon en apprentissage."),
            (2023, 1, "formation-emploi", "Premier contrat à durée indéterminée."),
        ],
    },
    {
        "slug": "farida",
        "display_name": "Farida",
        "full_name": "Farida AMRANI",  # invented, like the whole person
        "title": "La pochette bleue",
        "stage": "demande-naturalisation",
        "country": "DZ",
        "arrival_year": 2014,
        "town": "Le Puy-en-Velay",
        "languages": "arabe, kabyle, français",
        "quote": "J'ai rangé chaque papier dans une pochette bleue, comme un trésor.",
        "testimony": [
            *_p(
                "Pour demander la naturalisation, il faut rassembler beaucoup de documents : "
                "actes de naissance, justificatifs de domicile, bulletins de salaire, diplômes. "
                "J'ai mis six mois à tout réunir.",
                "Je suis aide-soignante dans une maison de retraite. Les résidents m'appellent "
                "par mon prénom. Certains me demandent des nouvelles de ma famille avant que je "
                "leur demande des leurs.",
            ),
            (
                "quotation",
                "Je ne demande pas à devenir quelqu'un d'autre. Je demande à être reconnue là où "
                "je vis.",
            ),
            *_p(
                "J'ai déposé mon dossier en mars. Maintenant, j'attends la convocation. Mes "
                "enfants, eux, sont nés ici."
            ),
        ],
        "testimony_note": "Recueilli en français (fiction).",
        "journey": [
            (2014, 9, "arrivee", "Arrivée au Puy-en-Velay."),
            (2016, None, "formation-emploi", "Diplôme d'État d'aide-soignante."),
            (2025, 3, "demande-naturalisation", "Dépôt du dossier de naturalisation."),
        ],
    },
    {
        "slug": "hamid",
        "display_name": "Hamid",
        "full_name": "Hamid RAHIMI",  # invented, like the whole person
        "title": "L'entretien",
        "stage": "entretien-assimilation",
        "country": "AF",
        "arrival_year": 2016,
        "town": "Langeac",
        "languages": "dari, pachto, français",
        "quote": (
            "On m'a demandé ce que veut dire « Liberté, Égalité, Fraternité ». "
            "J'ai répondu avec mon histoire."
        ),
        "testimony": [
            *_p(
                "L'entretien d'assimilation a lieu à la préfecture. J'avais révisé les dates, les "
                "symboles, les institutions. J'avais peur de tout oublier.",
                "Finalement, l'agent m'a surtout posé des questions sur ma vie : mon travail de "
                "cuisinier, mes collègues, le club de football où j'entraîne les petits le "
                "samedi.",
            ),
            (
                "figure",
                (
                    "velay",
                    "Les sucs du Velay, que Hamid voit depuis sa cuisine (illustration générée).",
                ),
            ),
            *_p("Je ne connais pas encore la réponse. J'attends, mais j'attends tranquille."),
        ],
        "testimony_note": "Recueilli en français, relu avec la personne (fiction).",
        "journey": [
            (2016, 2, "arrivee", "Arrivée en France."),
            (2017, None, "contrat-integration", "Contrat d'intégration républicaine."),
            (2019, None, "formation-emploi", "Commis, puis cuisinier dans un restaurant."),
            (2024, 11, "demande-naturalisation", "Dépôt du dossier de naturalisation."),
            (2025, 10, "entretien-assimilation", "Entretien d'assimilation à la préfecture."),
        ],
    },
    {
        "slug": "rosa",
        "display_name": "Rosa",
        "full_name": "Rosa QUISPE",  # invented, like the whole person
        "title": "Un matin au Journal officiel",
        "stage": "decret-naturalisation",
        "country": "CO",
        "arrival_year": 2012,
        "town": "Sainte-Sigolène",
        "languages": "espagnol, français, anglais",
        "quote": (
            "Mon nom était là, entre deux inconnus. Tous les trois, nous étions devenus français "
            "le même jour."
        ),
        "testimony": [
            *_p(
                "C'est ma fille qui a trouvé le décret, sur son téléphone. Elle a crié depuis sa "
                "chambre. Moi, je n'ai voulu y croire qu'après l'avoir lu trois fois.",
                "Je suis venue pour mes études d'ingénieure, puis je suis restée : un travail dans "
                "la plasturgie, une maison, des amis qui viennent le dimanche.",
            ),
            (
                "quotation",
                "Je reste colombienne dans ma cuisine et dans ma musique. Je suis française dans "
                "tout le reste, et là aussi.",
            ),
            *_p("Il me reste la cérémonie. Je voudrais que mes collègues viennent."),
        ],
        "testimony_note": "Recueilli en espagnol et en français (fiction).",
        "journey": [
            (2012, 9, "arrivee", "Arrivée en France pour ses études."),
            (2016, None, "formation-emploi", "Ingénieure dans une entreprise de plasturgie."),
            (2023, None, "demande-naturalisation", "Dépôt du dossier de naturalisation."),
            (2025, 6, "decret-naturalisation", "Publication du décret de naturalisation."),
        ],
    },
    {
        "slug": "thi-lan",
        "display_name": "Thi Lan",
        "full_name": "NGUYEN Thi Lan",  # invented, like the whole person
        "title": "La Marseillaise à voix basse",
        "stage": "ceremonie-citoyennete",
        "country": "VN",
        "arrival_year": 2011,
        "town": "Aurec-sur-Loire",
        "languages": "vietnamien, français",
        "quote": (
            "À la cérémonie, j'ai chanté tout bas. J'avais peur de me tromper, et j'étais trop "
            "émue."
        ),
        "testimony": [
            *_p(
                "La cérémonie avait lieu dans un grand salon de la préfecture. Nous étions une "
                "trentaine, avec nos familles. On a lu nos prénoms un par un.",
                "On m'a remis mon décret et la charte des droits et devoirs du citoyen français. "
                "Je l'ai lue le soir même, à la table de la cuisine, avec mon mari.",
            ),
            ("quotation", "Voter, pour moi, ce sera la première fois de ma vie."),
            *_p(
                "J'ai ouvert un petit restaurant il y a six ans. Les clients m'ont félicitée "
                "toute la semaine."
            ),
        ],
        "testimony_note": "Recueilli en français (fiction).",
        "journey": [
            (2011, None, "arrivee", "Arrivée en France."),
            (2013, None, "apprentissage-francais", "Cours de français du soir."),
            (2019, None, "formation-emploi", "Ouverture de son restaurant."),
            (2024, 10, "decret-naturalisation", "Décret de naturalisation."),
            (2025, 2, "ceremonie-citoyennete", "Cérémonie d'accueil dans la citoyenneté."),
        ],
    },
    {
        "slug": "samuel",
        "display_name": "Samuel",
        "full_name": "Jean-Baptiste MBAYE",  # invented, like the whole person
        "title": "Transmettre",
        "stage": "ceremonie-citoyennete",
        "country": "CD",
        "arrival_year": 2010,
        "town": "Espaly-Saint-Marcel",
        "languages": "lingala, swahili, français",
        "quote": (
            "Maintenant que je suis français, je veux aider ceux qui arrivent, comme on m'a aidé."
        ),
        "testimony": [
            *_p(
                "Quand je suis arrivé, un bénévole m'a accompagné à tous mes rendez-vous pendant "
                "un an. Je ne l'ai jamais oublié.",
                "Aujourd'hui, je suis éducateur. Et le mercredi, je suis bénévole dans une "
                "association d'accueil : je remplis des formulaires, j'explique, je rassure.",
            ),
            ("quotation", "Le parcours est long. Il faut quelqu'un pour dire : tu n'es pas seul."),
            *_p(
                "J'ai choisi de témoigner sous un autre prénom. Mon histoire peut servir, mais ma "
                "famille a le droit de rester tranquille."
            ),
        ],
        "testimony_note": "Samuel est un pseudonyme choisi par la personne (fiction).",
        "name_is_pseudonym": True,
        # Shows the curators' reminder: this consent ends within 30 days of loading the demo.
        "consent_ends_in_days": 20,
        "journey": [
            (2010, None, "arrivee", "Arrivée en France."),
            (2014, None, "formation-emploi", "Diplôme d'éducateur spécialisé."),
            (2021, None, "demande-naturalisation", "Dépôt du dossier de naturalisation."),
            (2022, None, "decret-naturalisation", "Décret de naturalisation."),
            (2023, 3, "ceremonie-citoyennete", "Cérémonie d'accueil dans la citoyenneté."),
        ],
    },
]

INTEGRATION_PATH = {
    "slug": "parcours",
    "title": "Le parcours d'intégration",
    "introduction": (
        "<p>Devenir français prend des années. Voici les grandes étapes du parcours, de "
        "l'arrivée en France à la cérémonie d'accueil dans la citoyenneté. Chaque étape est "
        "expliquée simplement, avec les portraits des personnes qui s'y trouvent.</p>"
    ),
}

COLLECTION_INDEX = {
    "slug": "collections",
    "title": "Collections",
    "introduction": (
        "<p>Les commissaires ont réuni les portraits autour de thèmes. Un même portrait peut "
        "appartenir à plusieurs collections : il y dit autre chose.</p>"
    ),
}

COLLECTIONS = [
    {
        "slug": "premiers-pas",
        "title": "Premiers pas",
        "introduction": (
            "<p>Les premiers mois en France : trouver ses repères, comprendre les démarches, "
            "apprendre la langue.</p>"
        ),
        "portraits": [
            ("dawit", "Tout commence par des questions : à qui les poser, et dans quelle langue ?"),
            ("leila", "La formation civique, quatre journées pour comprendre le pays."),
            ("selin", ""),
        ],
    },
    {
        "slug": "apprendre-et-travailler",
        "title": "Apprendre, travailler",
        "introduction": (
            "<p>La langue et le travail vont ensemble : on apprend le français pour travailler, "
            "et l'on apprend aussi en travaillant.</p>"
        ),
        "portraits": [
            ("selin", "Douze élèves, huit pays, une seule langue commune."),
            ("mamadou", "L'apprentissage : un métier, et les mots de ce métier."),
            ("farida", "Un diplôme d'État, puis des années au service des plus âgés."),
            ("leila", "Une place en crèche rend possible la formation des parents."),
        ],
    },
    {
        "slug": "devenir-francais",
        "title": "Devenir français",
        "introduction": (
            "<p>Le dossier, l'entretien, le décret, la cérémonie : les dernières étapes d'un long "
            "parcours, racontées par celles et ceux qui les ont vécues.</p>"
        ),
        "portraits": [
            ("farida", "Six mois pour rassembler les pièces du dossier."),
            ("hamid", "L'entretien d'assimilation, vu de l'autre côté du bureau."),
            ("rosa", "Le décret, publié un matin au Journal officiel."),
            ("thi-lan", "La cérémonie à la préfecture, et une première fois : voter."),
            ("samuel", "Devenu français, il accompagne à son tour."),
        ],
    },
    {
        "slug": "en-famille",
        "title": "En famille",
        "introduction": (
            "<p>Les enfants, la crèche, l'école : l'intégration se vit aussi en famille, et "
            "parfois ce sont les enfants qui montrent le chemin.</p>"
        ),
        "portraits": [
            ("leila", "Une fille de deux ans qui chante des comptines en français."),
            ("rosa", "C'est sa fille qui a trouvé le décret."),
            ("farida", ""),
            ("thi-lan", "La charte du citoyen, lue en couple à la table de la cuisine."),
        ],
    },
]

INFORMATION_PAGES = [
    {
        "slug": "a-propos",
        "title": "À propos",
        "show_in_menus": True,
        "body": (
            "<h2>Le projet</h2>"
            "<p>« Histoire de s'intégrer » met en ligne une exposition de portraits de personnes "
            "étrangères sur le chemin de la nationalité française, pour la faire durer et la "
            "faire grandir. Le public la visite depuis son téléphone ; les enseignants y "
            "envoient leurs élèves.</p>"
            "<h2>Un site de démonstration</h2>"
            "<p>Les neuf portraits de ce site sont <b>fictifs</b> : les personnes, leurs "
            "prénoms et leurs témoignages ont été inventés pour présenter l'exposition, et leurs "
            "images sont des illustrations générées par ordinateur. Ils ne représentent pas les "
            "personnes photographiées pour l'exposition présentée à la préfecture.</p>"
            "<h2>Le consentement</h2>"
            "<p>Un portrait n'est publié qu'avec l'accord de la personne, qui peut le retirer à "
            "tout moment. Seuls son prénom ou un pseudonyme sont montrés.</p>"
        ),
    },
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "show_in_menus": False,
        "body": (
            "<p>Les responsables de ce site s'engagent à le rendre accessible conformément à "
            "l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>"
            "<h2>État de conformité</h2>"
            "<p>Ce site n'a pas encore fait l'objet d'un audit de conformité au référentiel "
            "général d'amélioration de l'accessibilité (RGAA 4.1) : il est donc <b>non "
            "conforme</b>. Des contrôles automatisés sont effectués à chaque modification.</p>"
            "<h2>Retour d'information et contact</h2>"
            "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez "
            "contacter les responsables du site pour être orienté vers une alternative "
            "accessible ou obtenir le contenu sous une autre forme.</p>"
            "<h2>Voies de recours</h2>"
            "<p>Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un "
            "contenu, que vous l'avez signalé et que vous n'avez pas obtenu de réponse "
            "satisfaisante, vous pouvez écrire au Défenseur des droits ou contacter son délégué "
            "dans votre région.</p>"
        ),
    },
]
