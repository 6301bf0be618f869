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
    # Illustrative dates for the demo: that week of October 2022 (see the source document).
    "shown_from": datetime.date(2022, 10, 3),
    "shown_until": datetime.date(2022, 10, 7),
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
        "content_themes": ["exil"],
        "content_note": (
            "Le témoignage évoque les premiers mois dans un pays inconnu, loin des siens."
        ),
        "minimum_level": "cycle-3",
        # The demo's three easy-read versions were never proofread under the FALC rules (this
        # is fiction): they are called "Version simplifiée".
        "easy_read": (
            "<p>Je m'appelle Dawit.</p>"
            "<p>Je suis arrivé en France en 2023. C'était l'hiver. Il faisait très froid.</p>"
            "<p>Au début, tout était nouveau pour moi :</p>"
            "<ul><li>les papiers,</li><li>les horaires,</li>"
            "<li>la façon de dire bonjour.</li></ul>"
            "<p>Le plus difficile : je ne savais pas à qui poser mes questions.</p>"
            "<p>Maintenant, je sais. Je demande à la mairie, à l'association, à l'OFII. "
            "Et je demande à mes voisins.</p>"
            "<p>Au printemps, j'ai eu mon premier titre de séjour.</p>"
        ),
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
        "content_themes": ["exil"],
        "content_note": "Le témoignage évoque le départ de Syrie et l'arrivée avec une enfant de "
        "deux ans.",
        "minimum_level": "cycle-3",
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
        "easy_read": (
            "<p>Je m'appelle Mamadou. Je suis maçon.</p>"
            "<p>J'ai appris mon métier en apprentissage :</p>"
            "<ul><li>le matin, je travaillais sur le chantier ;</li>"
            "<li>l'après-midi, j'allais au centre de formation.</li></ul>"
            "<p>Je préparais un diplôme : le CAP de maçon. Je me levais à 5 heures.</p>"
            "<p>La Mission locale m'a aidé à trouver une entreprise.</p>"
            "<p>Aujourd'hui, c'est moi qui explique les outils aux nouveaux.</p>"
            "<p>J'ai un contrat à durée indéterminée. C'est un travail stable.</p>"
            "<p>Plus tard, je veux demander la naturalisation. "
            "D'abord, je dois rassembler tous les papiers.</p>"
        ),
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
        "easy_read": (
            "<p>Je m'appelle Thi Lan. Je suis devenue française.</p>"
            "<p>Il y a eu une cérémonie à la préfecture. Ma famille était avec moi.</p>"
            "<p>On m'a donné deux papiers :</p>"
            "<ul><li>mon décret de naturalisation,</li>"
            "<li>la charte des droits et devoirs du citoyen français.</li></ul>"
            "<p>Le soir, j'ai lu la charte avec mon mari.</p>"
            "<p>Bientôt, je vais voter. Ce sera la première fois de ma vie.</p>"
            "<p>J'ai un petit restaurant. Mes clients m'ont félicitée.</p>"
        ),
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
        "content_themes": ["exil"],
        "content_note": "Le témoignage évoque une famille qui tient à rester discrète : il est "
        "publié sous un pseudonyme.",
        "minimum_level": "cycle-4",
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

GLOSSARY_PAGE = {
    "slug": "glossaire",
    "title": "Glossaire",
    "introduction": (
        "<p>Les mots du parcours d'intégration, expliqués simplement. Les règles changent : "
        "pour une démarche, suivez le lien vers la page officielle.</p>"
    ),
}

# Official pages checked in 2026 (service-public.fr fiches and the agencies' own sites).
_SP = "https://www.service-public.fr/particuliers/vosdroits/"

# (term, variants, definition, official page, anchor or "" to derive it from the term).
# Checked against service-public.fr, ofii.fr, the Code civil and the rules in force on
# 1 January 2026 (loi du 26 janvier 2024; décret n° 2025-648 du 15 juillet 2025: B2 for
# naturalisation, B1 for a first carte de résident, A2 for a first carte pluriannuelle, and
# the examen civique). Figures are given only where they are stable.
GLOSSARY = [
    (
        "titre de séjour",
        ["titres de séjour", "carte de séjour", "cartes de séjour"],
        "Le document qui permet à une personne étrangère de vivre en France en règle pendant "
        "une certaine durée. Les adultes venus d'un pays qui n'est pas dans l'Union européenne "
        "(à quelques exceptions près) doivent en avoir un. On le demande à la préfecture.",
        "",
        "",
    ),
    (
        "récépissé",
        ["récépissés"],
        "Un papier remis par la préfecture à une personne qui a demandé un titre de séjour, ou "
        "son renouvellement. Il prouve que la demande est en cours d'examen et permet de rester "
        "en France en règle en attendant la réponse.",
        "",
        "",
    ),
    (
        "OFII",
        ["Office français de l'immigration et de l'intégration"],
        "L'Office français de l'immigration et de l'intégration, un service de l'État. Il "
        "accueille les personnes étrangères qui viennent s'installer en France, leur fait "
        "signer le contrat d'intégration républicaine et organise la formation civique et les "
        "cours de français.",
        "https://www.ofii.fr/",
        "",
    ),
    (
        "contrat d'intégration républicaine",
        ["CIR", "contrats d'intégration républicaine"],
        "Un contrat entre l'État et une personne étrangère qui vient s'installer durablement "
        "en France, signé lors d'un rendez-vous à l'OFII. La personne s'engage à respecter les "
        "principes et les valeurs de la République, à suivre la formation civique et, si elle "
        "en a besoin, des cours de français.",
        _SP + "F17048",
        "contrat-integration-republicaine",
    ),
    (
        "préfecture",
        ["préfectures"],
        "L'administration de l'État dans un département, dirigée par le préfet. C'est elle qui "
        "s'occupe des titres de séjour et qui examine les demandes de naturalisation.",
        "",
        "",
    ),
    (
        "entretien d'assimilation",
        ["entretiens d'assimilation"],
        "Un entretien avec un agent de la préfecture, pendant une demande de naturalisation. Il "
        "vérifie que la personne connaît l'histoire, la culture et la société françaises, ses "
        "droits et ses devoirs, et qu'elle partage les principes et les valeurs de la "
        "République.",
        _SP + "F2213",
        "entretien-assimilation",
    ),
    (
        "décret de naturalisation",
        ["décrets de naturalisation", "décret"],
        "La décision officielle par laquelle l'État accorde la nationalité française à une "
        "personne qui l'a demandée. Elle est publiée au Journal officiel ; la personne est "
        "française à partir du jour où le décret a été signé.",
        _SP + "F33626",
        "",
    ),
    (
        "Journal officiel",
        ["Journal officiel de la République française"],
        "Le journal de l'État français : les lois, les décrets (dont ceux de naturalisation) et "
        "d'autres décisions officielles y sont publiés. On peut le lire en ligne, sur le site "
        "Légifrance.",
        "https://www.legifrance.gouv.fr/",
        "",
    ),
    (
        "cérémonie d'accueil dans la citoyenneté française",
        ["cérémonie d'accueil", "cérémonie de naturalisation", "cérémonie"],
        "Une cérémonie organisée par la préfecture pour accueillir les personnes devenues "
        "françaises. On leur y remet un extrait de leur décret de naturalisation.",
        _SP + "F33626",
        "ceremonie-accueil",
    ),
    (
        "primo-arrivant",
        ["primo-arrivants", "primo-arrivante", "primo-arrivantes"],
        "Une personne étrangère arrivée en France depuis peu (en règle générale, depuis moins "
        "de cinq ans), qui y vit en règle et s'y installe durablement. C'est le début de son "
        "parcours d'intégration.",
        "",
        "",
    ),
    (
        "réfugié",
        ["réfugiée", "réfugiés", "réfugiées", "statut de réfugié"],
        "Une personne qui a dû fuir son pays parce qu'elle y était persécutée ou menacée, par "
        "exemple à cause de ses opinions, de sa religion ou de son origine, et que la France "
        "protège. En France, c'est l'OFPRA, ou la CNDA après un recours, qui reconnaît ce "
        "statut.",
        "https://www.ofpra.gouv.fr/",
        "",
    ),
    (
        "carte de résident",
        ["cartes de résident"],
        "Un titre de séjour valable dix ans, qui peut être renouvelé. On peut l'obtenir, sous "
        "conditions, après plusieurs années de vie en règle en France. Depuis 2026, une "
        "première carte de résident demande en général un niveau B1 en français et la réussite "
        "à l'examen civique.",
        _SP + "F34501",
        "",
    ),
    (
        "carte de séjour pluriannuelle",
        ["cartes de séjour pluriannuelles", "carte pluriannuelle"],
        "Un titre de séjour valable plusieurs années, et non un an seulement. Pour l'obtenir, "
        "il faut notamment avoir suivi sérieusement les formations du contrat d'intégration "
        "républicaine. Depuis 2026, une première carte pluriannuelle demande en général un "
        "niveau A2 en français et la réussite à l'examen civique.",
        _SP + "F34501",
        "",
    ),
    (
        "DELF",
        ["diplôme d'études en langue française"],
        "Le diplôme d'études en langue française : un diplôme officiel de l'Éducation "
        "nationale pour les personnes dont le français n'est pas la langue maternelle. Il "
        "existe à plusieurs niveaux, du plus simple au plus avancé : A1, A2, B1, B2.",
        "https://www.france-education-international.fr/",
        "",
    ),
    (
        "niveau B1",
        ["B1"],
        "Un niveau de français sur une échelle européenne qui va de A1 (débutant) à C2. Au "
        "niveau B1, on se débrouille dans la vie de tous les jours : on comprend l'essentiel "
        "d'une conversation et on peut raconter ou expliquer simplement. Jusqu'à fin 2025, il "
        "était demandé pour la naturalisation ; depuis 2026, c'est le niveau B2, et le B1 est "
        "demandé pour une première carte de résident.",
        _SP + "F34501",
        "",
    ),
    (
        "naturalisation",
        ["naturalisations", "naturalisé", "naturalisée", "naturalisés", "naturalisées"],
        "La façon de devenir français en le demandant à l'État. Il faut notamment vivre en "
        "France avec un titre de séjour depuis au moins cinq ans en règle générale, parler "
        "français, connaître les valeurs de la République et être bien intégré. Si l'État "
        "accepte, il accorde la nationalité par un décret.",
        _SP + "F2213",
        "",
    ),
    (
        "nationalité",
        ["nationalités", "nationalité française"],
        "Le lien officiel entre une personne et un pays. Avoir la nationalité française, c'est "
        "être citoyen français : une fois majeur, on peut voter à toutes les élections, et l'on "
        "peut avoir un passeport français.",
        "",
        "",
    ),
    (
        "demandeur d'asile",
        ["demandeurs d'asile", "demandeuse d'asile", "demandeuses d'asile"],
        "Une personne qui a quitté son pays parce qu'elle y est en danger, et qui demande à la "
        "France de la protéger. Pendant que l'OFPRA (et parfois la CNDA) examine sa demande, "
        "elle a en général le droit de rester en France.",
        "https://www.ofpra.gouv.fr/",
        "demandeur-asile",
    ),
    (
        "OFPRA",
        ["Office français de protection des réfugiés et apatrides"],
        "L'Office français de protection des réfugiés et apatrides, un établissement public. "
        "Il examine les demandes d'asile, décide qui reçoit le statut de réfugié ou une autre "
        "protection, et protège ensuite ces personnes.",
        "https://www.ofpra.gouv.fr/",
        "",
    ),
    (
        "CNDA",
        ["Cour nationale du droit d'asile"],
        "La Cour nationale du droit d'asile, un tribunal. Quand l'OFPRA refuse une demande "
        "d'asile, la personne peut faire un recours devant la CNDA, qui examine à nouveau sa "
        "demande.",
        "",
        "",
    ),
    (
        "formation civique",
        ["formations civiques"],
        "Une formation prévue par le contrat d'intégration républicaine et organisée par "
        "l'OFII. En quelques journées, on y apprend les principes et les valeurs de la "
        "République, et comment fonctionne la vie en France : l'école, la santé, le travail, "
        "le logement.",
        _SP + "F17048",
        "",
    ),
    (
        "examen civique",
        ["examens civiques", "test civique"],
        "Un questionnaire à choix multiples sur les valeurs de la République, les institutions, "
        "l'histoire et la vie en France. Depuis 2026, il faut le réussir, sauf exceptions, "
        "pour obtenir une première carte de séjour pluriannuelle, une première carte de "
        "résident ou la naturalisation.",
        _SP + "F39530",
        "",
    ),
    (
        "laïcité",
        [],
        "Un principe de la République : l'État ne soutient aucune religion et n'en interdit "
        "aucune. Chacun est libre de croire ou de ne pas croire, et les services publics, comme "
        "l'école publique, restent neutres.",
        "",
        "",
    ),
    (
        "Liberté, Égalité, Fraternité",
        ["devise de la République"],
        "La devise de la République française, inscrite sur de nombreux bâtiments publics : "
        "les citoyens sont libres, égaux en droits, et solidaires les uns des autres.",
        "",
        "devise",
    ),
    (
        "charte des droits et devoirs du citoyen français",
        ["charte du citoyen"],
        "Un texte qui rappelle les principes, les droits et les devoirs des citoyens français. "
        "La personne qui demande la naturalisation la signe, après l'entretien d'assimilation.",
        "",
        "charte-citoyen",
    ),
    (
        "Mission locale",
        ["Missions locales"],
        "Un lieu d'accueil pour les jeunes de 16 à 25 ans qui ont quitté l'école. On les aide à "
        "trouver une formation, un emploi ou un logement, et à prendre soin de leur santé.",
        "",
        "",
    ),
    (
        "CAP",
        ["certificat d'aptitude professionnelle"],
        "Le certificat d'aptitude professionnelle, un diplôme qui prépare à un métier précis : "
        "maçon, cuisinier, coiffeur… On peut le préparer au lycée professionnel, ou en "
        "apprentissage, en alternant l'école et le travail dans une entreprise.",
        "",
        "",
    ),
    (
        "contrat à durée indéterminée",
        ["contrats à durée indéterminée", "CDI"],
        "Un contrat de travail sans date de fin : c'est le contrat de travail le plus stable.",
        "",
        "cdi",
    ),
    (
        "micro-crèche",
        ["micro-crèches"],
        "Une petite crèche, qui accueille peu d'enfants à la fois. Elle garde les tout-petits "
        "pendant que leurs parents travaillent ou suivent une formation.",
        "",
        "",
    ),
    (
        "bénévole",
        ["bénévoles"],
        "Une personne qui donne de son temps pour aider les autres sans être payée, souvent "
        "dans une association.",
        "",
        "",
    ),
]
