"""The pages every page's footer links to. Their real content (contact
details, the data controller, the full accessibility statement) is the city's
to supply, so a fresh install holds clearly marked placeholders, never
invented details. Idempotent: existing pages are left as editors have them."""

from django.db import transaction

from publishing.models import published_now

from .models import Page

ACCESSIBILITY_STATEMENT = "deklaracja-dostepnosci"
PRIVACY = "prywatnosc"
CONTACT = "kontakt"

PAGES = {
    ACCESSIBILITY_STATEMENT: {
        "title": {
            "pl": "Deklaracja dostępności",
            "en": "Accessibility statement",
            "uk": "Декларація доступності",
            "be": "Дэкларацыя даступнасці",
        },
        "body": {
            "pl": (
                "Portal jest tworzony z myślą o zgodności ze standardem WCAG 2.1 na poziomie AA, zgodnie z ustawą "
                "z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych "
                "podmiotów publicznych.\n\n"
                "[Do uzupełnienia przez redakcję: pełna treść deklaracji dostępności, daty sporządzenia "
                "i aktualizacji oraz dane kontaktowe.]"
            ),
            "en": (
                "The portal is being built to conform to WCAG 2.1 at level AA, as required by the Polish Act of "
                "4 April 2019 on the digital accessibility of websites and mobile applications of public bodies.\n\n"
                "[For the editors to complete: the full accessibility statement, the dates it was prepared and "
                "updated, and contact details.]"
            ),
            "uk": (
                "Портал створюється з метою відповідності стандарту WCAG 2.1 на рівні AA, як того вимагає "
                "польський Закон від 4 квітня 2019 року про цифрову доступність вебсайтів і мобільних "
                "застосунків публічних установ.\n\n"
                "[Має заповнити редакція: повний текст декларації доступності, дати її складання й оновлення "
                "та контактні дані.]"
            ),
            "be": (
                "Партал ствараецца з мэтай адпаведнасці стандарту WCAG 2.1 на ўзроўні AA, як таго патрабуе "
                "польскі Закон ад 4 красавіка 2019 года аб лічбавай даступнасці вэб-сайтаў і мабільных "
                "праграм публічных устаноў.\n\n"
                "[Мае запоўніць рэдакцыя: поўны тэкст дэкларацыі даступнасці, даты яе складання і абнаўлення "
                "і кантактныя даныя.]"
            ),
        },
    },
    PRIVACY: {
        "title": {
            "pl": "Prywatność i dane osobowe",
            "en": "Privacy and personal data",
            "uk": "Приватність і персональні дані",
            "be": "Прыватнасць і асабовыя даныя",
        },
        "body": {
            "pl": (
                "Publiczna część portalu nie zapisuje w przeglądarce żadnych plików cookie i nie pobiera "
                "niczego z serwerów innych firm (czcionek, skryptów, statystyk).\n\n"
                "[Do uzupełnienia przez redakcję: klauzula informacyjna zgodna z art. 13 RODO — administrator "
                "danych, inspektor ochrony danych, cele i podstawy przetwarzania.]"
            ),
            "en": (
                "The public part of the portal stores no cookies in your browser and loads nothing from "
                "third-party servers (no fonts, scripts or analytics).\n\n"
                "[For the editors to complete: the information clause under Article 13 GDPR — the data "
                "controller, the data protection officer, the purposes and legal bases of processing.]"
            ),
            "uk": (
                "Публічна частина порталу не зберігає у вашому браузері жодних файлів cookie і нічого не "
                "завантажує із серверів третіх сторін (шрифтів, скриптів, аналітики).\n\n"
                "[Має заповнити редакція: інформаційне положення відповідно до ст. 13 GDPR — контролер даних, "
                "інспектор із захисту даних, цілі та правові підстави обробки.]"
            ),
            "be": (
                "Публічная частка партала не захоўвае ў вашым браўзеры ніякіх файлаў cookie і нічога не "
                "загружае з сервераў трэціх бакоў (шрыфтоў, скрыптоў, аналітыкі).\n\n"
                "[Мае запоўніць рэдакцыя: інфармацыйнае палажэнне паводле арт. 13 GDPR — кантралёр даных, "
                "інспектар па абароне даных, мэты і прававыя падставы апрацоўкі.]"
            ),
        },
    },
    CONTACT: {
        "title": {"pl": "Kontakt", "en": "Contact", "uk": "Контакти", "be": "Кантакты"},
        "body": {
            "pl": "[Do uzupełnienia przez redakcję: adres, telefon i adres e-mail zespołu odpowiedzialnego za portal.]",
            "en": "[For the editors to complete: the address, telephone and e-mail of the team running the portal.]",
            "uk": "[Має заповнити редакція: адреса, телефон і електронна пошта команди, відповідальної за портал.]",
            "be": "[Мае запоўніць рэдакцыя: адрас, тэлефон і электронная пошта каманды, адказнай за партал.]",
        },
    },
}


@transaction.atomic
def load():
    for slug, content in PAGES.items():
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                **{f"{field}_{lang}": text for field in ("title", "body") for lang, text in content[field].items()},
                **published_now(),
            },
        )
