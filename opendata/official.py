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
    ("ledger-jsonl", "/dane/rejestr-wersji.jsonl", {
        "pl": ("Rejestr wersji (JSON Lines)", "Łańcuch skrótów wszystkich publicznych wersji w kolejności wejścia do rejestru: numer, rodzaj, klucz, wersja, czas publikacji, odcisk, skrót poprzedniego wpisu i własny."),
        "en": ("Ledger of versions (JSON Lines)", "The hash chain of every public version in order of entry: sequence, kind, key, version, publication time, fingerprint, the previous entry's hash and its own."),
        "uk": ("Реєстр версій (JSON Lines)", "Ланцюжок хешів усіх публічних версій у порядку внесення: номер, вид, ключ, версія, час публікації, відбиток, хеш попереднього запису і власний."),
        "be": ("Рэестр версій (JSON Lines)", "Ланцужок хэшаў усіх публічных версій у парадку ўнясення: нумар, від, ключ, версія, час публікацыі, адбітак, хэш папярэдняга запісу і ўласны."),
    }, {
        "pl": "Jeden wpis JSON w wierszu, UTF-8. Postać kanoniczna: pola bez pola hash, klucze posortowane, bez spacji; hash to SHA-256 tych bajtów, previous_hash pierwszego wpisu to 64 zera. Skrypt verify_ledger.py sprawdza plik.",
        "en": "One JSON entry per line, UTF-8. Canonical form: the fields without hash, keys sorted, no spaces; hash is the SHA-256 of those bytes, the first entry's previous_hash is 64 zeros. The verify_ledger.py script checks the file.",
        "uk": "Один запис JSON у рядку, UTF-8. Канонічна форма: поля без hash, ключі впорядковані, без пробілів; hash — це SHA-256 цих байтів, previous_hash першого запису — 64 нулі. Скрипт verify_ledger.py перевіряє файл.",
        "be": "Адзін запіс JSON у радку, UTF-8. Кананічная форма: палі без hash, ключы ўпарадкаваныя, без прабелаў; hash — гэта SHA-256 гэтых байтаў, previous_hash першага запісу — 64 нулі. Скрыпт verify_ledger.py правярае файл.",
    }),
    ("ledger-csv", "/dane/rejestr-wersji.csv", {
        "pl": ("Rejestr wersji (CSV)", "Ten sam rejestr wersji w formacie CSV."),
        "en": ("Ledger of versions (CSV)", "The same ledger of versions as CSV."),
        "uk": ("Реєстр версій (CSV)", "Той самий реєстр версій у форматі CSV."),
        "be": ("Рэестр версій (CSV)", "Той самы рэестр версій у фармаце CSV."),
    }, {
        "pl": "CSV, UTF-8, przecinek jako separator, pierwszy wiersz z nazwami pól: sequence, kind, key, number, published_at, fingerprint, previous_hash, hash. Skróty liczy się z postaci kanonicznej JSON (zob. JSON Lines).",
        "en": "CSV, UTF-8, comma-separated, first row with the field names: sequence, kind, key, number, published_at, fingerprint, previous_hash, hash. Hashes are computed from the canonical JSON form (see JSON Lines).",
        "uk": "CSV, UTF-8, кома як роздільник, перший рядок із назвами полів: sequence, kind, key, number, published_at, fingerprint, previous_hash, hash. Хеші обчислюються з канонічної форми JSON (див. JSON Lines).",
        "be": "CSV, UTF-8, коска як падзяляльнік, першы радок з назвамі палёў: sequence, kind, key, number, published_at, fingerprint, previous_hash, hash. Хэшы вылічваюцца з кананічнай формы JSON (гл. JSON Lines).",
    }),
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
