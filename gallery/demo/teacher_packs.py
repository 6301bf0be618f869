"""The demo's three teacher packs (fictional, like the portraits they use): one for cycle 3,
one for cycle 4, one for UPE2A classes, each built on one demo collection.

Curriculum links point only to pages checked to exist; otherwise the programme is named
without a link. Prompts: (kind, text), kind one of "observer", "comprendre", "debattre".
"""

# Eduscol's page on the EMC programme of cycles 2, 3 and 4 (programme published in the
# Bulletin officiel of 13 June 2024), checked in 2026.
EMC_PROGRAMME = (
    "Enseignement moral et civique, cycles 2, 3 et 4 (programme publié au Bulletin officiel "
    "du 13 juin 2024)",
    "https://eduscol.education.fr/2708/enseignement-moral-et-civique-cycles-2-3-et-4",
)

TEACHER_PACK_INDEX = {
    "slug": "enseignants",
    "title": "Enseignants",
    "introduction": (
        "<p>Des dossiers pédagogiques pour travailler l'exposition en classe, du CM1 au lycée "
        "et en UPE2A : des activités autour des portraits, des consignes pour observer, "
        "comprendre et débattre, et les mots du parcours expliqués. Chaque dossier a une "
        "version pour les élèves, sans les notes pour l'enseignant, à leur donner ou à "
        "projeter.</p>"
        "<p>Sur ce site de démonstration, les dossiers sont fictifs, comme les portraits.</p>"
    ),
}

TEACHER_PACKS = [
    {
        "slug": "arriver-dans-un-nouveau-pays",
        "title": "Arriver dans un nouveau pays",
        "levels": ["cycle-3"],
        "subjects": ["emc", "francais"],
        "duration": "deux séances de 45 minutes",
        "minutes": 90,
        "introduction": (
            "<p>À partir de la collection « Premiers pas », les élèves découvrent ce que vivent "
            "les personnes qui arrivent en France et les premières étapes du parcours "
            "d'intégration. Dossier fictif, pour la démonstration.</p>"
        ),
        "objectives": (
            "<ul><li>Décrire une image, puis la relier à un témoignage.</li>"
            "<li>Connaître les deux premières étapes du parcours d'intégration.</li>"
            "<li>Exprimer un avis et écouter celui des autres sur l'accueil.</li></ul>"
        ),
        "curriculum": [
            EMC_PROGRAMME,
            ("Français, cycle 3 : comprendre et s'exprimer à l'oral", ""),
        ],
        "activities": [
            {
                "title": "Premier regard sur un portrait",
                "portraits": ["dawit"],
                "prompts": [
                    (
                        "observer",
                        "Regarde l'illustration du portrait de Dawit. Quelles couleurs, quelles "
                        "formes vois-tu ? Qu'est-ce qu'elle te fait penser ?",
                    ),
                    (
                        "comprendre",
                        "Lis sa citation. Qui l'a aidé le premier jour ? Pourquoi ce geste "
                        "compte-t-il autant pour lui ?",
                    ),
                    (
                        "debattre",
                        "Comment pourrait-on aider un élève qui arrive dans notre école sans "
                        "parler français ?",
                    ),
                ],
                "vocabulary": ["titre-de-sejour", "primo-arrivant"],
                "notes": (
                    "<p>Commencer par l'image seule : les élèves décrivent avant "
                    "d'interpréter. Le témoignage évoque l'exil (voir l'avertissement en tête "
                    "du portrait).</p><p>Ne demandez jamais aux élèves de raconter leur propre "
                    "parcours : certains l'ont vécu.</p>"
                ),
            },
            {
                "title": "Les premiers pas sur le parcours",
                "portraits": ["leila"],
                "stages": ["arrivee", "contrat-integration"],
                "prompts": [
                    (
                        "observer",
                        "Sur la page du parcours d'intégration, trouve les deux premières "
                        "étapes. Comment s'appellent-elles ?",
                    ),
                    (
                        "comprendre",
                        "Qu'est-ce que Leïla a signé avec l'OFII ? Qu'est-ce que ce contrat lui "
                        "permet d'apprendre ?",
                    ),
                    (
                        "debattre",
                        "Pourquoi apprendre la langue d'un pays aide-t-il à y trouver sa place ?",
                    ),
                ],
                "vocabulary": ["ofii", "contrat-integration-republicaine", "formation-civique"],
                "notes": (
                    "<p>Le contrat d'intégration républicaine concerne les adultes : le "
                    "préciser si des élèves pensent qu'ils devront le signer.</p>"
                ),
            },
            {
                "title": "Toute la collection « Premiers pas »",
                "collection": "premiers-pas",
                "prompts": [
                    (
                        "comprendre",
                        "Parcours la collection. Qu'est-ce que Dawit, Leïla et Selin ont dû "
                        "apprendre en arrivant ?",
                    ),
                    (
                        "debattre",
                        "Choisis dans un témoignage un mot qui te semble important. Explique "
                        "ton choix à ton voisin, puis écoute le sien.",
                    ),
                ],
                "notes": (
                    "<p>Trace écrite possible : une phrase par portrait, affichée en classe.</p>"
                ),
            },
        ],
    },
    {
        "slug": "devenir-francais-les-etapes",
        "title": "Devenir français : les étapes d'une naturalisation",
        "levels": ["cycle-4"],
        "subjects": ["emc", "histoire-geographie"],
        "duration": "trois séances de 55 minutes",
        "minutes": 165,
        "introduction": (
            "<p>Avec la collection « Devenir français », les élèves suivent les dernières "
            "étapes d'une naturalisation, du dossier à la cérémonie, et s'interrogent sur ce "
            "que signifie être citoyen. Dossier fictif, pour la démonstration.</p>"
        ),
        "objectives": (
            "<ul><li>Ordonner les étapes d'une naturalisation et savoir qui décide.</li>"
            "<li>Identifier les valeurs et les symboles de la République.</li>"
            "<li>Argumenter dans un débat réglé sur la citoyenneté.</li></ul>"
        ),
        "curriculum": [
            EMC_PROGRAMME,
            (
                "Histoire, classe de 3e : « Françaises et Français dans une République repensée »",
                "",
            ),
        ],
        "activities": [
            {
                "title": "Le dossier et l'entretien",
                "portraits": ["farida", "hamid"],
                "stages": ["demande-naturalisation", "entretien-assimilation"],
                "prompts": [
                    (
                        "observer",
                        "Relevez dans les deux témoignages les documents et les lieux cités.",
                    ),
                    (
                        "comprendre",
                        "Quelles étapes séparent le dépôt du dossier de l'entretien ? Où a lieu "
                        "l'entretien, et qui pose les questions ?",
                    ),
                    (
                        "debattre",
                        "Pourquoi l'État demande-t-il de connaître les valeurs de la République "
                        "pour devenir français ? Qu'en pensez-vous ?",
                    ),
                ],
                "vocabulary": ["naturalisation", "prefecture", "entretien-assimilation", "devise"],
                "notes": (
                    "<p>Rappeler que la nationalité française s'acquiert aussi autrement "
                    "(naissance et résidence en France, mariage) : la naturalisation par décret "
                    "n'est qu'une des voies.</p>"
                ),
            },
            {
                "title": "Le décret et la cérémonie",
                "portraits": ["rosa", "thi-lan"],
                "stages": ["decret-naturalisation", "ceremonie-citoyennete"],
                "prompts": [
                    (
                        "observer",
                        "Où le nom de Rosa a-t-il été publié ? Qui l'a trouvé en premier ?",
                    ),
                    (
                        "comprendre",
                        "Qu'est-ce que la cérémonie d'accueil dans la citoyenneté française ? "
                        "Pourquoi en faire une cérémonie plutôt qu'un simple courrier ?",
                    ),
                    (
                        "debattre",
                        "Thi Lan a chanté « tout bas ». Qu'est-ce que ce détail dit de ce "
                        "moment pour elle ?",
                    ),
                ],
                "vocabulary": [
                    "decret-de-naturalisation",
                    "journal-officiel",
                    "ceremonie-accueil",
                    "charte-citoyen",
                ],
                "notes": (
                    "<p>Lien avec les symboles de la République étudiés en EMC : la devise, "
                    "l'hymne national.</p>"
                ),
            },
            {
                "title": "Transmettre",
                "portraits": ["samuel"],
                "collection": "devenir-francais",
                "prompts": [
                    (
                        "comprendre",
                        "Pourquoi Samuel veut-il, à son tour, aider ceux qui arrivent ?",
                    ),
                    (
                        "debattre",
                        "Être citoyen, est-ce seulement avoir des papiers ? Argumentez avec des "
                        "exemples tirés des portraits de la collection.",
                    ),
                ],
                "vocabulary": ["nationalite", "benevole"],
                "notes": (
                    "<p>Le témoignage de Samuel évoque l'exil ; il est conseillé à partir du "
                    "cycle 4 : le lire avant la séance.</p><p>Débat réglé : tours de parole, "
                    "chacun reformule l'avis précédent avant de donner le sien.</p>"
                ),
            },
        ],
    },
    {
        "slug": "apprendre-le-francais-trouver-un-metier",
        "title": "Apprendre le français, trouver un métier",
        "levels": ["upe2a"],
        "subjects": ["fle", "francais"],
        "duration": "quatre séances de 45 minutes",
        "minutes": 180,
        "introduction": (
            "<p>Pour des élèves allophones qui découvrent eux-mêmes le français : à partir de la "
            "collection « Apprendre, travailler », des phrases courtes, des images et les mots "
            "des métiers. Dossier fictif, pour la démonstration.</p>"
        ),
        "objectives": (
            "<ul><li>Décrire une image avec des mots simples (niveau A1-A2).</li>"
            "<li>Comprendre une phrase de témoignage et la reformuler.</li>"
            "<li>Parler de ses projets : apprendre, travailler.</li></ul>"
        ),
        "curriculum": [
            (
                "Scolarisation des élèves allophones nouvellement arrivés (circulaire "
                "n° 2012-141 du 2 octobre 2012)",
                "",
            ),
            ("Cadre européen commun de référence pour les langues (CECRL) : niveaux A1 et A2", ""),
        ],
        "activities": [
            {
                "title": "Les mots pour le dire",
                "portraits": ["selin"],
                "prompts": [
                    ("observer", "Regarde l'image de Selin. Dis trois mots pour la décrire."),
                    (
                        "comprendre",
                        "Selin a appris le mot « patience » avant le mot « merci ». Que veut "
                        "dire « patience » ? Cherche ce mot dans ta langue.",
                    ),
                    ("debattre", "Quel mot français as-tu appris en premier ? Pourquoi ?"),
                ],
                "vocabulary": ["delf", "niveau-b1"],
                "notes": (
                    "<p>À l'oral d'abord. Les élèves peuvent répondre dans leur langue, puis en "
                    "français ; accepter les réponses courtes.</p><p>Dernière question : chacun "
                    "reste libre de ne pas parler de soi.</p>"
                ),
            },
            {
                "title": "Un métier, des mots",
                "portraits": ["mamadou", "farida"],
                "stages": ["formation-emploi"],
                "prompts": [
                    (
                        "observer",
                        "Lis le titre et la citation de chaque portrait. Quel métier fait "
                        "Mamadou ? Et Farida ?",
                    ),
                    (
                        "comprendre",
                        "Qu'est-ce que le chef a dit à Mamadou ? Qui Mamadou a-t-il appelé "
                        "ensuite ?",
                    ),
                    (
                        "debattre",
                        "Quel métier voudrais-tu apprendre ? Quels mots de ce métier connais-tu "
                        "déjà ?",
                    ),
                ],
                "vocabulary": ["cap", "mission-locale", "cdi"],
                "notes": (
                    "<p>Prolongement : un lexique illustré des métiers cités dans la "
                    "collection, enrichi au fil de l'année.</p>"
                ),
            },
            {
                "title": "Apprendre et travailler, en même temps",
                "portraits": ["leila"],
                "collection": "apprendre-et-travailler",
                "prompts": [
                    ("comprendre", "Pourquoi la crèche aide-t-elle Leïla à apprendre ?"),
                    (
                        "debattre",
                        "Apprend-on une langue seulement à l'école ? Donne un exemple.",
                    ),
                ],
                "vocabulary": ["micro-creche"],
                "notes": (
                    "<p>Faire relever dans la collection tous les lieux où l'on apprend : "
                    "école, chantier, crèche, association.</p>"
                ),
            },
        ],
    },
]
