"""The datasets listed on the open-data page, with CC BY 4.0 as the default
licence (editable in the admin). Idempotent."""

from django.db import transaction

from .models import Dataset

CSV_NOTE = {
    "pl": "CSV, kodowanie UTF-8 (ze znacznikiem BOM), przecinek jako separator, pierwszy wiersz z nazwami pól. "
    "Parametr ?lang=en|uk|be wybiera język tekstów.",
    "en": "CSV, UTF-8 encoding (with a byte-order mark), comma-separated, first row with the field names. "
    "The ?lang=en|uk|be parameter chooses the language of the texts.",
    "uk": "CSV, кодування UTF-8 (з міткою BOM), кома як роздільник, перший рядок із назвами полів. "
    "Параметр ?lang=en|uk|be вибирає мову текстів.",
    "be": "CSV, кадаванне UTF-8 (з меткай BOM), коска як падзяляльнік, першы радок з назвамі палёў. "
    "Параметр ?lang=en|uk|be выбірае мову тэкстаў.",
}

# Long lines: one dataset's texts in four languages read best side by side.
DATASETS = [
    ("commitments-csv", "/dane/zobowiazania.csv", {
        "pl": ("Zobowiązania", "Wszystkie opublikowane zobowiązania: sygnatura, status, postęp, terminy, wartości."),
        "en": ("Commitments", "All published commitments: reference, status, progress, dates, values."),
        "uk": ("Зобов’язання", "Усі опубліковані зобов’язання: реєстраційний номер, статус, поступ, терміни, цінності."),
        "be": ("Абавязацельствы", "Усе апублікаваныя абавязацельствы: рэгістрацыйны нумар, статус, прагрэс, тэрміны, каштоўнасці."),
    }, CSV_NOTE),
    ("milestones-csv", "/dane/kamienie-milowe.csv", {
        "pl": ("Kamienie milowe", "Kamienie milowe opublikowanych zobowiązań z datami i stanem realizacji."),
        "en": ("Milestones", "Milestones of published commitments with their dates and whether they are done."),
        "uk": ("Контрольні точки", "Контрольні точки опублікованих зобов’язань із датами та станом виконання."),
        "be": ("Кантрольныя кропкі", "Кантрольныя кропкі апублікаваных абавязацельстваў з датамі і станам выканання."),
    }, CSV_NOTE),
    ("indicators-csv", "/dane/wskazniki.csv", {
        "pl": ("Wskaźniki", "Wartości wskaźników według lat, ze źródłami."),
        "en": ("Indicators", "Indicator values by year, with their sources."),
        "uk": ("Індикатори", "Значення індикаторів за роками, з джерелами."),
        "be": ("Індыкатары", "Значэнні індыкатараў па гадах, з крыніцамі."),
    }, CSV_NOTE),
    ("api", "/dane/api/", {
        "pl": ("API (JSON)", "Dane portalu w formacie JSON, z wersjami publicznymi zobowiązań."),
        "en": ("API (JSON)", "The portal's data as JSON, with the public versions of commitments."),
        "uk": ("API (JSON)", "Дані порталу у форматі JSON, з публічними версіями зобов’язань."),
        "be": ("API (JSON)", "Даныя партала ў фармаце JSON, з публічнымі версіямі абавязацельстваў."),
    }, {
        "pl": "JSON przez HTTPS, opis w formacie OpenAPI 3 pod /api/v1/openapi.json; nagłówki ETag i Last-Modified.",
        "en": "JSON over HTTPS, described in OpenAPI 3 at /api/v1/openapi.json; ETag and Last-Modified headers.",
        "uk": "JSON через HTTPS, опис у форматі OpenAPI 3 за адресою /api/v1/openapi.json; заголовки ETag і Last-Modified.",
        "be": "JSON праз HTTPS, апісанне ў фармаце OpenAPI 3 па адрасе /api/v1/openapi.json; загалоўкі ETag і Last-Modified.",
    }),
    ("feed", "/kanal.xml", {
        "pl": ("Kanał zmian (Atom)", "Istotne zmiany z notkami o zmianie i aktualizacje postępów."),
        "en": ("Changes feed (Atom)", "Major changes with their change notes, and progress updates."),
        "uk": ("Стрічка змін (Atom)", "Істотні зміни з примітками та оновлення про хід виконання."),
        "be": ("Стужка змен (Atom)", "Істотныя змены з заўвагамі і абнаўленні пра ход выканання."),
    }, {"pl": "Atom 1.0", "en": "Atom 1.0", "uk": "Atom 1.0", "be": "Atom 1.0"}),
]  # fmt: skip


@transaction.atomic
def load():
    for order, (slug, url, texts, notes) in enumerate(DATASETS):
        Dataset.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "url": url,
                **{f"title_{language}": title for language, (title, _d) in texts.items()},
                **{f"description_{language}": description for language, (_t, description) in texts.items()},
                **{f"format_notes_{language}": note for language, note in notes.items()},
            },
        )
