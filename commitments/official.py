"""The framework's structure: the three levels as the declaration words them,
the checklist elements that sources confirm (seed/fra-framework.md, a copy of
what the project received), and the default status list. Element codes are
the portal's own (part letter + place in that list). Idempotent: existing rows are left as editors have them.

Only one element is reached: the declaration of 19 December 2023. Everything
else starts as not started, because nothing else is documented yet.
"""

import datetime

from django.db import transaction

from languages.translated import per_language
from publishing import versions
from publishing.models import published_now

from .models import Document, DocumentKind, Element, FraPart, Level, Status

FRAMEWORK_2021 = (
    "FRA, Human rights cities in the EU: a framework for reinforcing rights locally (2021), doi:10.2811/908860"
)
FRAMEWORK_URL = "https://doi.org/10.2811/908860"
GUIDANCE_2022 = "FRA, Human rights cities in the EU – Practical guidance (2022), as announced by FRA"
DECLARATION_SIGNED_ON = datetime.date(2023, 12, 19)

LEVELS = [
    {
        "number": 1,
        "fra_part": FraPart.FOUNDATIONS,
        "name": {
            "pl": "Oficjalne zobowiązanie miasta",
            "en": "The city's official commitment",
            "uk": "Офіційне зобов’язання міста",
            "be": "Афіцыйнае абавязацельства горада",
        },
        "declaration_wording": {
            "pl": "Pierwszy poziom obejmuje podjęcie przez miasto oficjalnego zobowiązania do przestrzegania "
            "praw człowieka.",
            "en": "The first level comprises the city making an official commitment to uphold human rights.",
            "uk": "Перший рівень охоплює взяття містом офіційного зобов’язання дотримуватися прав людини.",
            "be": "Першы ўзровень ахоплівае прыняцце горадам афіцыйнага абавязацельства захоўваць правы чалавека.",
        },
    },
    {
        "number": 2,
        "fra_part": FraPart.STRUCTURES,
        "name": {
            "pl": "Struktury, mechanizmy i procedury",
            "en": "Structures, mechanisms and procedures",
            "uk": "Структури, механізми і процедури",
            "be": "Структуры, механізмы і працэдуры",
        },
        "declaration_wording": {
            "pl": "Drugi stanowi wypracowanie struktur, mechanizmów i procedur, dzięki którym możliwe będzie "
            "wdrożenie tego zobowiązania.",
            "en": "The second consists of developing the structures, mechanisms and procedures through which it "
            "will be possible to implement this commitment.",
            "uk": "Другий полягає у розробленні структур, механізмів і процедур, завдяки яким стане можливим "
            "виконання цього зобов’язання.",
            "be": "Другі складаецца з выпрацоўкі структур, механізмаў і працэдур, дзякуючы якім стане магчымым "
            "выкананне гэтага абавязацельства.",
        },
    },
    {
        "number": 3,
        "fra_part": FraPart.TOOLS,
        "name": {
            "pl": "Metody i narzędzia",
            "en": "Methods and tools",
            "uk": "Методи та інструменти",
            "be": "Метады і інструменты",
        },
        "declaration_wording": {
            "pl": "Trzeci poziom stanowi opracowanie szczegółowych metod i narzędzi, które pozwolą na implementację "
            "praw człowieka na poziomie lokalnym.",
            "en": "The third level consists of developing detailed methods and tools that will enable human rights "
            "to be implemented at the local level.",
            "uk": "Третій рівень полягає у розробленні детальних методів та інструментів, які дадуть змогу "
            "впроваджувати права людини на місцевому рівні.",
            "be": "Трэці ўзровень — гэта распрацоўка падрабязных метадаў і інструментаў, якія дазволяць "
            "рэалізоўваць правы чалавека на мясцовым узроўні.",
        },
    },
]

NOT_COUNTED_NOTE = {
    "pl": "Element zalecany przez FRA. Nie wpływa na status poziomu: deklaracja uznaje za realizację pierwszego "
    "poziomu samo przyjęcie deklaracji.",
    "en": "Recommended by FRA. It does not decide the level's status: the declaration counts its own adoption as "
    "the realisation of the first level.",
    "uk": "Елемент, рекомендований FRA. Він не впливає на статус рівня: декларація вважає реалізацією першого "
    "рівня саме ухвалення декларації.",
    "be": "Элемент, рэкамендаваны FRA. Ён не ўплывае на статус узроўню: дэкларацыя лічыць ажыццяўленнем першага "
    "ўзроўню само прыняцце дэкларацыі.",
}

# (code, city level, FRA part, title in pl/en/uk/be, source)
ELEMENTS = [
    ("F1", 1, FraPart.FOUNDATIONS, {
        "pl": "Zobowiązanie do poszanowania, ochrony i realizacji praw zawartych w Karcie praw podstawowych UE "
        "i w prawie UE",
        "en": "Commit to respect, protect and fulfil the rights in the EU Charter of Fundamental Rights and EU law",
        "uk": "Зобов’язатися поважати, захищати та реалізовувати права, закріплені в Хартії основних прав ЄС "
        "і праві ЄС",
        "be": "Абавязацца паважаць, абараняць і рэалізоўваць правы, замацаваныя ў Хартыі асноўных правоў ЕС "
        "і ў праве ЕС",
    }, FRAMEWORK_2021),
    ("F2", 1, FraPart.FOUNDATIONS, {
        "pl": "Zobowiązanie do poszanowania, ochrony i realizacji międzynarodowych standardów praw człowieka",
        "en": "Commit to respect, protect and fulfil international human rights standards",
        "uk": "Зобов’язатися поважати, захищати та реалізовувати міжнародні стандарти прав людини",
        "be": "Абавязацца паважаць, абараняць і рэалізоўваць міжнародныя стандарты правоў чалавека",
    }, FRAMEWORK_2021),
    ("F3", 1, FraPart.FOUNDATIONS, {
        "pl": "Zobowiązanie do realizacji Celów Zrównoważonego Rozwoju ONZ i Agendy 2030",
        "en": "Commit to the UN Sustainable Development Goals and the 2030 Agenda",
        "uk": "Зобов’язатися досягати Цілей сталого розвитку ООН і Порядку денного до 2030 року",
        "be": "Абавязацца дасягаць Мэт устойлівага развіцця ААН і Парадку дня на перыяд да 2030 года",
    }, FRAMEWORK_2021),
    ("F4", 1, FraPart.FOUNDATIONS, {
        "pl": "Zobowiązanie do udziału w międzynarodowych mechanizmach monitorowania",
        "en": "Commit to contribute to international monitoring mechanisms",
        "uk": "Зобов’язатися сприяти роботі міжнародних механізмів моніторингу",
        "be": "Абавязацца садзейнічаць міжнародным механізмам маніторынгу",
    }, FRAMEWORK_2021),
    ("S1", 1, FraPart.STRUCTURES, {
        "pl": "Przyjęcie deklaracji potwierdzającej zobowiązanie miasta",
        "en": "Adopt a declaration affirming the city's commitment",
        "uk": "Ухвалити декларацію, що підтверджує зобов’язання міста",
        "be": "Прыняць дэкларацыю, якая пацвярджае абавязацельства горада",
    }, FRAMEWORK_2021),
    ("S2", 2, FraPart.STRUCTURES, {
        "pl": "Wskazanie osoby z władz wybieralnych odpowiedzialnej za prawa człowieka",
        "en": "Nominate an elected representative responsible for human rights",
        "uk": "Призначити виборну особу, відповідальну за права людини",
        "be": "Прызначыць выбарную асобу, адказную за правы чалавека",
    }, FRAMEWORK_2021),
    ("S3", 2, FraPart.STRUCTURES, {
        "pl": "Utworzenie biura lub wydziału praw człowieka",
        "en": "Establish a human rights office or department",
        "uk": "Створити бюро або відділ з прав людини",
        "be": "Стварыць бюро або аддзел па правах чалавека",
    }, FRAMEWORK_2021),
    ("S4", 2, FraPart.STRUCTURES, {
        "pl": "Powołanie konsultacyjnej, partycypacyjnej rady praw człowieka",
        "en": "Establish a consultative, participatory human rights council",
        "uk": "Створити консультативну, партисипативну раду з прав людини",
        "be": "Стварыць кансультатыўную, партысіпатыўную раду па правах чалавека",
    }, FRAMEWORK_2021),
    ("S5", 2, FraPart.STRUCTURES, {
        "pl": "Utworzenie biura przeciwdziałania dyskryminacji lub urzędu lokalnego rzecznika praw",
        "en": "Establish an anti-discrimination office or a local ombudsperson",
        "uk": "Створити бюро з протидії дискримінації або посаду місцевого омбудсмена",
        "be": "Стварыць бюро па процідзеянні дыскрымінацыі або пасаду мясцовага амбудсмена",
    }, FRAMEWORK_2021),
    ("T1", 3, FraPart.TOOLS, {
        "pl": "Stosowanie podejścia opartego na prawach człowieka w całej pracy miasta",
        "en": "Apply a human-rights-based approach across the city's work",
        "uk": "Застосовувати підхід, заснований на правах людини, в усій роботі міста",
        "be": "Ужываць падыход, заснаваны на правах чалавека, ва ўсёй працы горада",
    }, FRAMEWORK_2021),
    ("T2", 3, FraPart.TOOLS, {
        "pl": "Uwzględnianie praw człowieka w budżecie miasta (i w zamówieniach publicznych)",
        "en": "Take human rights into account in the general budget (and procurement)",
        "uk": "Враховувати права людини в загальному бюджеті (і в публічних закупівлях)",
        "be": "Улічваць правы чалавека ў агульным бюджэце (і ў публічных закупках)",
    }, FRAMEWORK_2021),
    ("T3", 3, FraPart.TOOLS, {
        "pl": "Przyjęcie i realizacja lokalnych planów działania",
        "en": "Adopt and implement local action plans",
        "uk": "Ухвалити та виконувати місцеві плани дій",
        "be": "Прыняць і выконваць мясцовыя планы дзеянняў",
    }, FRAMEWORK_2021),
    ("T4", 3, FraPart.TOOLS, {
        "pl": "Szkolenia kadry miasta",
        "en": "Training of staff",
        "uk": "Навчання працівників міста",
        "be": "Навучанне супрацоўнікаў горада",
    }, GUIDANCE_2022),
]  # fmt: skip

DECLARATION_NOTE = {
    "pl": "Deklaracja aspiracji o rangę „Miasta Praw Człowieka” podpisana 19 grudnia 2023 r. FRA umieszcza ten "
    "element w części „Struktury”; deklaracja uznaje go za realizację pierwszego poziomu.",
    "en": "The declaration of aspiration to the status of a Human Rights City, signed on 19 December 2023. FRA "
    "places this element under Structures; the declaration counts it as the realisation of the first level.",
    "uk": "Декларація прагнення до статусу Міста прав людини, підписана 19 грудня 2023 року. FRA відносить цей "
    "елемент до частини «Структури»; декларація вважає його реалізацією першого рівня.",
    "be": "Дэкларацыя імкнення да статусу Горада правоў чалавека, падпісаная 19 снежня 2023 года. FRA адносіць "
    "гэты элемент да часткі «Структуры»; дэкларацыя лічыць яго ажыццяўленнем першага ўзроўню.",
}

DECLARATION_DOCUMENT_TITLE = {
    "pl": "Deklaracja aspiracji o rangę „Miasta Praw Człowieka”",
    "en": "Declaration of aspiration to the status of a “Human Rights City”",
    "uk": "Декларація прагнення до статусу «Міста прав людини»",
    "be": "Дэкларацыя імкнення да статусу «Горада правоў чалавека»",
}

STATUSES = [
    ("planned", 0, False, {
        "pl": ("Zaplanowane", "Zobowiązanie zostało podjęte, ale prace jeszcze się nie rozpoczęły."),
        "en": ("Planned", "The commitment has been made, but work has not yet started."),
        "uk": ("Заплановано", "Зобов’язання взято, але роботу ще не розпочато."),
        "be": ("Запланавана", "Абавязацельства ўзята, але работа яшчэ не пачалася."),
    }),
    ("in-progress", 10, False, {
        "pl": ("W realizacji", "Prace trwają."),
        "en": ("In progress", "Work is under way."),
        "uk": ("Виконується", "Робота триває."),
        "be": ("Выконваецца", "Работа працягваецца."),
    }),
    ("delayed", 10, False, {
        "pl": ("Opóźnione", "Prace trwają, ale nie zostaną ukończone w zaplanowanym terminie."),
        "en": ("Delayed", "Work is under way but will not be finished on time."),
        "uk": ("Із затримкою", "Робота триває, але не буде завершена вчасно."),
        "be": ("Са спазненнем", "Работа працягваецца, але не будзе завершана ў тэрмін."),
    }),
    ("suspended", 0, False, {
        "pl": ("Wstrzymane", "Prace zostały wstrzymane; powód podaje ostatnia aktualizacja."),
        "en": ("Suspended", "Work has been halted; the latest update gives the reason."),
        "uk": ("Призупинено", "Роботу призупинено; причину наведено в останньому оновленні."),
        "be": ("Прыпынена", "Работа прыпынена; прычына названа ў апошнім абнаўленні."),
    }),
    ("completed", 100, True, {
        "pl": ("Zrealizowane", "Zobowiązanie zostało wykonane."),
        "en": ("Completed", "The commitment has been fulfilled."),
        "uk": ("Виконано", "Зобов’язання виконано."),
        "be": ("Выканана", "Абавязацельства выканана."),
    }),
]  # fmt: skip


@transaction.atomic
def load():
    levels = {}
    for level in LEVELS:
        levels[level["number"]], _created = Level.objects.get_or_create(
            number=level["number"],
            defaults={
                "fra_part": level["fra_part"],
                **per_language("name", level["name"]),
                **per_language("declaration_wording", level["declaration_wording"]),
                **published_now(),
            },
        )
    for order, (code, level, part, title, source) in enumerate(ELEMENTS, start=1):
        counts = not (level == 1 and part == FraPart.FOUNDATIONS)
        element, created = Element.objects.get_or_create(
            code=code,
            defaults={
                "level": levels[level],
                "fra_part": part,
                "order": order,
                "source": source,
                "source_url": FRAMEWORK_URL,
                "counts_for_level": counts,
                **per_language("title", title),
                **({} if counts else per_language("public_note", NOT_COUNTED_NOTE)),
                **published_now(),
            },
        )
        if created and code == "S1":
            _mark_declaration_adopted(element)
        versions.record(element)
    for order, (slug, progress, done, texts) in enumerate(STATUSES, start=1):
        Status.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "default_progress": progress,
                "is_done": done,
                **{f"name_{language}": name for language, (name, _meaning) in texts.items()},
                **{f"meaning_{language}": meaning for language, (_name, meaning) in texts.items()},
            },
        )


def _mark_declaration_adopted(element):
    declaration = Document.objects.create(
        kind=DocumentKind.DECLARATION,
        url="/deklaracja/",
        language="pl",
        date=DECLARATION_SIGNED_ON,
        produced_by="Prezydent Miasta Białegostoku",
        **per_language("title", DECLARATION_DOCUMENT_TITLE),
        **published_now(),
    )
    element.status = "reached"
    element.reached_on = DECLARATION_SIGNED_ON
    for field, value in per_language("public_note", DECLARATION_NOTE).items():
        setattr(element, field, value)
    element.save()
    element.evidence.add(declaration)
